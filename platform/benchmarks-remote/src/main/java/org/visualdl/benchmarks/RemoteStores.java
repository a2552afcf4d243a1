package org.visualdl.benchmarks;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.CountDownLatch;

/**
 * A real HDFS (MiniDFSCluster) and a real S3 server (S3Proxy, bucket {@code visualdl} made) on
 * this machine for manual tests: prints their URIs and the environment to use, and stays up
 * until Ctrl-C. Data lives in memory (S3) and below the work folder (HDFS), and goes with them.
 *
 * <pre>
 * java -cp platform/benchmarks-remote/target/benchmarks-remote.jar \
 *     org.visualdl.benchmarks.RemoteStores [--work DIR] [--s3proxy-lib DIR] [--s3proxy-heap 1g]
 *     [--upload LOCAL_LOG_DIR]
 * </pre>
 */
public final class RemoteStores {

  static final String BUCKET = "visualdl";

  private RemoteStores() {}

  public static void main(String[] args) throws Exception {
    Path work = Files.createTempDirectory("visualdl-remote-stores");
    Path s3proxyLib = null;
    String heap = "1g";
    Path upload = null;
    try {
      for (int i = 0; i < args.length; i++) {
        switch (args[i]) {
          case "--work" -> work = Path.of(args[++i]);
          case "--s3proxy-lib" -> s3proxyLib = Path.of(args[++i]);
          case "--s3proxy-heap" -> heap = args[++i];
          case "--upload" -> upload = Path.of(args[++i]);
          default -> throw new IllegalArgumentException(args[i]);
        }
      }
    } catch (RuntimeException e) {
      System.err.println("usage: RemoteStores [--work DIR] [--s3proxy-lib DIR]"
          + " [--s3proxy-heap SIZE] [--upload LOCAL_LOG_DIR]");
      System.exit(2);
    }
    if (upload != null && !Files.isDirectory(upload)) {
      System.err.println("--upload " + upload + " is not a folder: give a log directory");
      System.exit(2);
    }
    MiniHdfs hdfs = MiniHdfs.start(work.resolve("hdfs"));
    S3ProxyProcess s3 = S3ProxyProcess.start(
        s3proxyLib != null ? s3proxyLib : S3ProxyProcess.defaultLib(), work.resolve("s3proxy"),
        heap);
    s3.createBucket(BUCKET);
    if (upload != null) {
      hdfs.upload(upload, "/logs");
      s3.upload(upload, BUCKET, "logs");
    }
    CountDownLatch stopped = new CountDownLatch(1);
    Runtime.getRuntime().addShutdownHook(new Thread(() -> {
      try {
        s3.close();
      } catch (Exception e) {
        System.err.println("stopping S3Proxy: " + e);
      }
      try {
        hdfs.close();
      } catch (IllegalStateException e) {
        // the client's own shutdown hook is running: it closes the client; the cluster is down
      } catch (Exception e) {
        System.err.println("stopping the MiniDFSCluster: " + e);
      }
      stopped.countDown();
    }));

    System.out.println();
    System.out.println("HDFS (MiniDFSCluster, 1 NameNode + 1 DataNode): " + hdfs.uri());
    System.out.println("  export HADOOP_CONF_DIR=" + hdfs.confDir()
        + "    # optional: core-site.xml with fs.defaultFS");
    System.out.println("  bin/visualdl --logdir " + hdfs.uri() + "/logs");
    System.out.println();
    System.out.println("S3 (S3Proxy, in memory): " + s3.endpoint() + ", bucket " + BUCKET);
    for (Map.Entry<String, String> e : s3.env().entrySet()) {
      System.out.println("  export " + e.getKey() + "=" + e.getValue());
    }
    System.out.println("  bin/visualdl --logdir s3://" + BUCKET + "/logs");
    System.out.println();
    System.out.println(upload != null
        ? "Uploaded " + upload + " to " + hdfs.uri() + "/logs and s3://" + BUCKET + "/logs."
        : "Both are empty: write with LogWriter.open(URI), or pass --upload DIR.");
    System.out.println("Up until Ctrl-C.");
    stopped.await();
  }
}
