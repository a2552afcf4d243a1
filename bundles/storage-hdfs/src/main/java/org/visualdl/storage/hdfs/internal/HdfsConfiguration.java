package org.visualdl.storage.hdfs.internal;

import java.io.File;
import java.util.Map;
import java.util.Properties;
import org.apache.hadoop.conf.Configuration;

/**
 * Hadoop's {@link Configuration} for the backend, in increasing precedence: Hadoop's defaults,
 * {@code core-site.xml} and {@code hdfs-site.xml} from {@code HADOOP_CONF_DIR} (or the property
 * {@value #CONF_DIR_PROPERTY}), fast-failure defaults of our own, then every system property
 * {@code visualdl.hdfs.<hadoop key>} and every entry of the component configuration.
 */
final class HdfsConfiguration {

  static final String PREFIX = "visualdl.hdfs.";
  static final String CONF_DIR_PROPERTY = PREFIX + "confDir";

  private HdfsConfiguration() {}

  static Configuration build(Map<String, ?> componentProperties, Properties system,
      Map<String, String> env) {
    Configuration conf = new Configuration();
    // Inside OSGi, Hadoop's own classes and resources (core-default.xml, the FileSystem
    // implementations) are in this bundle, not on the thread's context class loader.
    conf.setClassLoader(HdfsConfiguration.class.getClassLoader());
    String confDir = system.getProperty(CONF_DIR_PROPERTY, env.get("HADOOP_CONF_DIR"));
    if (confDir != null && !confDir.isBlank()) {
      for (String name : new String[] {"core-site.xml", "hdfs-site.xml"}) {
        File f = new File(confDir, name);
        if (f.isFile()) {
          conf.addResource(new org.apache.hadoop.fs.Path(f.getAbsolutePath()));
        }
      }
    }
    conf.set("fs.hdfs.impl", "org.apache.hadoop.hdfs.DistributedFileSystem");
    // An unreachable NameNode should be an error in seconds, not after Hadoop's 10 x 1 s
    // retries per call (still overridable below).
    setIfUnset(conf, "ipc.client.connect.max.retries", "1");
    setIfUnset(conf, "ipc.client.connect.retry.interval", "300");
    setIfUnset(conf, "ipc.client.connect.max.retries.on.timeouts", "1");
    setIfUnset(conf, "ipc.client.connect.timeout", "5000");
    for (String key : system.stringPropertyNames()) {
      if (key.startsWith(PREFIX) && !key.equals(CONF_DIR_PROPERTY)) {
        conf.set(key.substring(PREFIX.length()), system.getProperty(key));
      }
    }
    componentProperties.forEach((key, value) -> {
      if (key.contains(".") && !key.startsWith("component.") && !key.startsWith("service.")
          && !key.startsWith("osgi.") && !key.startsWith("felix.") && value != null) {
        conf.set(key.startsWith(PREFIX) ? key.substring(PREFIX.length()) : key, value.toString());
      }
    });
    return conf;
  }

  private static void setIfUnset(Configuration conf, String key, String value) {
    if (isDefaultOnly(conf, key)) {
      conf.set(key, value, "visualdl");
    }
  }

  private static boolean isDefaultOnly(Configuration conf, String key) {
    String[] sources = conf.getPropertySources(key);
    if (sources == null) {
      return true;
    }
    for (String s : sources) {
      if (!s.endsWith("-default.xml")) {
        return false;
      }
    }
    return true;
  }
}
