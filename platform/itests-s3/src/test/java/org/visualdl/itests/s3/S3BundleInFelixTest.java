package org.visualdl.itests.s3;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;

import java.io.File;
import java.net.URI;
import java.nio.file.Files;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.ServiceLoader;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.osgi.framework.Bundle;
import org.osgi.framework.BundleContext;
import org.osgi.framework.Constants;
import org.osgi.framework.launch.Framework;
import org.osgi.framework.launch.FrameworkFactory;
import org.osgi.util.tracker.ServiceTracker;
import org.visualdl.api.storage.FileStat;
import org.visualdl.api.storage.SeekableByteSource;
import org.visualdl.api.storage.StorageBackend;
import org.visualdl.api.storage.StorageWriter;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.s3.S3Client;

/**
 * The storage-s3 bundle as the server runs it: in Felix with SCR and pax-logging, importing only
 * the SPI (exported here by the system bundle so the test can call it), configured through
 * {@code visualdl.s3.*} properties, serving a real S3 endpoint.
 */
class S3BundleInFelixTest {

  private static final List<String> PROPERTIES = List.of("visualdl.s3.endpoint",
      "visualdl.s3.region", "visualdl.s3.accessKeyId", "visualdl.s3.secretAccessKey");
  private static S3ProxyServer server;
  private static Framework felix;
  private static Bundle bundle;

  @BeforeAll
  static void start() throws Exception {
    server = S3ProxyServer.start();
    try (S3Client tool = S3Client.builder().httpClient(UrlConnectionHttpClient.create())
        .endpointOverride(URI.create(server.endpoint())).forcePathStyle(true)
        .region(Region.US_EAST_1)
        .credentialsProvider(StaticCredentialsProvider.create(AwsBasicCredentials.create(
            S3ProxyServer.ACCESS_KEY, S3ProxyServer.SECRET_KEY))).build()) {
      tool.createBucket(b -> b.bucket("osgi"));
    }
    System.setProperty("visualdl.s3.endpoint", server.endpoint());
    System.setProperty("visualdl.s3.region", "us-east-1");
    System.setProperty("visualdl.s3.accessKeyId", S3ProxyServer.ACCESS_KEY);
    System.setProperty("visualdl.s3.secretAccessKey", S3ProxyServer.SECRET_KEY);

    Map<String, String> config = new HashMap<>();
    config.put(Constants.FRAMEWORK_STORAGE, Files.createTempDirectory("felix").toString());
    config.put(Constants.FRAMEWORK_STORAGE_CLEAN, Constants.FRAMEWORK_STORAGE_CLEAN_ONFIRSTINIT);
    config.put(Constants.FRAMEWORK_SYSTEMPACKAGES_EXTRA, "org.visualdl.api.storage;version=1.1.0");
    config.put("org.ops4j.pax.logging.DefaultServiceLog.level", "WARN");
    felix = ServiceLoader.load(FrameworkFactory.class).iterator().next().newFramework(config);
    felix.start();
    BundleContext context = felix.getBundleContext();
    List<Bundle> installed = new ArrayList<>();
    for (String jar : System.getProperty("felix.bundles").split(",")) {
      installed.add(context.installBundle(new File(jar).toURI().toString()));
    }
    bundle = context.installBundle(new File(storageS3Jar()).toURI().toString());
    installed.add(bundle);
    for (Bundle b : installed) {
      b.start();
    }
  }

  private static String storageS3Jar() {
    for (String entry : System.getProperty("java.class.path").split(File.pathSeparator)) {
      if (entry.contains("org.visualdl.storage.s3") && entry.endsWith(".jar")) {
        return entry;
      }
    }
    throw new IllegalStateException("the org.visualdl.storage.s3 jar is not on the class path "
        + "(build with -pl platform/itests-s3 -am verify)");
  }

  @AfterAll
  static void stop() throws Exception {
    PROPERTIES.forEach(System::clearProperty);
    if (felix != null) {
      felix.stop();
      felix.waitForStop(10_000);
    }
    if (server != null) {
      server.close();
    }
  }

  @Test
  void theBundleRegistersItsBackendWhichServesS3() throws Exception {
    assertEquals(Bundle.ACTIVE, bundle.getState());
    assertNull(bundle.getHeaders().get(Constants.EXPORT_PACKAGE), "the SDK stays inside");
    ServiceTracker<StorageBackend, StorageBackend> tracker = new ServiceTracker<>(
        felix.getBundleContext(), felix.getBundleContext().createFilter(
            "(&(objectClass=" + StorageBackend.class.getName() + ")("
                + StorageBackend.SCHEMES_PROPERTY + "=s3))"), null);
    tracker.open();
    try {
      StorageBackend backend = tracker.waitForService(10_000);
      assertNotNull(backend, "no s3 StorageBackend service");
      URI file = URI.create("s3://osgi/logs/run/a.vdl");
      byte[] content = "hello from inside OSGi".getBytes();
      try (StorageWriter w = backend.create(file)) {
        w.write(content, 0, content.length);
      }
      List<FileStat> files = backend.list(URI.create("s3://osgi/logs"));
      assertEquals(1, files.size());
      assertEquals("run/a.vdl", files.get(0).relativePath());
      assertEquals(content.length, files.get(0).size());
      try (SeekableByteSource in = backend.open(file)) {
        byte[] got = new byte[content.length];
        in.readFully(0, got, 0, got.length);
        assertArrayEquals(content, got);
      }
    } finally {
      tracker.close();
    }
  }
}
