package org.visualdl.benchmarks;

import java.io.IOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.hdfs.MiniDFSCluster;
import org.apache.hadoop.hdfs.server.datanode.DataNode;
import org.apache.hadoop.metrics2.AbstractMetric;
import org.apache.hadoop.metrics2.MetricsSource;
import org.apache.hadoop.metrics2.impl.MetricsCollectorImpl;
import org.apache.hadoop.metrics2.impl.MetricsRecordImpl;
import org.apache.hadoop.metrics2.lib.DefaultMetricsSystem;

/**
 * A real HDFS in this JVM: one NameNode and one DataNode ({@link MiniDFSCluster} from
 * {@code hadoop-client-minicluster}) on 127.0.0.1, with Hadoop's own client to upload to it and
 * the NameNode's and DataNode's own request counters (their metrics).
 */
final class MiniHdfs implements AutoCloseable {

  private final MiniDFSCluster cluster;
  private final FileSystem fs;
  private final Path confDir;

  private MiniHdfs(MiniDFSCluster cluster, Path confDir) throws IOException {
    this.cluster = cluster;
    this.confDir = confDir;
    this.fs = FileSystem.newInstance(URI.create(uri() + "/"), cluster.getConfiguration(0));
  }

  /** Starts the cluster with its data below {@code base}; 6-10 s on an idle machine. */
  static MiniHdfs start(Path base) throws IOException {
    Files.createDirectories(base);
    Configuration conf = new Configuration();
    conf.set(MiniDFSCluster.HDFS_MINIDFS_BASEDIR, base.resolve("data").toString());
    MiniDFSCluster cluster = new MiniDFSCluster.Builder(conf).numDataNodes(1).build();
    cluster.waitActive();
    Path confDir = Files.createDirectories(base.resolve("conf"));
    MiniHdfs hdfs = new MiniHdfs(cluster, confDir);
    // for clients that want HADOOP_CONF_DIR rather than the NameNode in the URI
    Files.writeString(confDir.resolve("core-site.xml"), """
        <?xml version="1.0"?>
        <configuration>
          <property><name>fs.defaultFS</name><value>%s</value></property>
        </configuration>
        """.formatted(hdfs.uri()));
    return hdfs;
  }

  /** {@code hdfs://127.0.0.1:PORT}, without a path. */
  String uri() {
    return "hdfs://127.0.0.1:" + cluster.getNameNodePort();
  }

  /** A folder holding a {@code core-site.xml} whose {@code fs.defaultFS} is this cluster. */
  Path confDir() {
    return confDir;
  }

  /**
   * Copies the run folders of {@code local} into {@code target} (an absolute HDFS path) with
   * {@link FileSystem#copyFromLocalFile}, as {@code hdfs dfs -put} does. Returns the bytes
   * uploaded.
   */
  long upload(Path local, String target) throws IOException {
    org.apache.hadoop.fs.Path dst = new org.apache.hadoop.fs.Path(target);
    fs.mkdirs(dst);
    List<Path> runs;
    try (Stream<Path> s = Files.list(local)) {
      runs = s.filter(Files::isDirectory).sorted().toList();
    }
    for (Path run : runs) {
      fs.copyFromLocalFile(false, true, new org.apache.hadoop.fs.Path(run.toUri()), dst);
    }
    return fs.getContentSummary(dst).getLength();
  }

  /**
   * Requests the NameNode and the DataNode served so far, from their own metrics (read from the
   * metric sources now, not through JMX, whose values lag up to one metrics period):
   * {@code GetListingOps} (and any other {@code *Listing*Ops}), {@code FileInfoOps},
   * {@code GetBlockLocations} (file opens) of the NameNode; {@code ReadBlockOpNumOps} and {@code BytesRead} of the DataNode. Empty when the
   * sources are not there.
   */
  Map<String, Long> storeCounters() {
    Map<String, Long> out = new LinkedHashMap<>();
    read("NameNodeActivity", List.of("GetListingOps", "FileInfoOps", "GetBlockLocations"), out);
    for (DataNode dn : cluster.getDataNodes()) {
      read(dn.getMetrics().name(), List.of("ReadBlockOpNumOps", "BytesRead"), out);
    }
    return out;
  }

  private static void read(String sourceName, List<String> names, Map<String, Long> out) {
    MetricsSource source = DefaultMetricsSystem.instance().getSource(sourceName);
    if (source == null) {
      return;
    }
    MetricsCollectorImpl collector = new MetricsCollectorImpl();
    source.getMetrics(collector, true);
    for (MetricsRecordImpl record : collector.getRecords()) {
      for (AbstractMetric m : record.metrics()) {
        // and any listing operation count this Hadoop has (batched listings among them)
        boolean listing = m.name().contains("Listing") && m.name().endsWith("Ops")
            && !m.name().startsWith("FilesIn");
        if (names.contains(m.name()) || listing) {
          out.merge(m.name(), m.value().longValue(), Long::sum);
        }
      }
    }
  }

  @Override
  public void close() throws IOException {
    try {
      fs.close();
    } finally {
      cluster.shutdown(true);
    }
  }
}
