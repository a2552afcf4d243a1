package org.visualdl.itests.remote;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.BufferedReader;
import java.io.File;
import java.io.InputStreamReader;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.hdfs.MiniDFSCluster;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;

/**
 * The packaged server on {@code --logdir hdfs://127.0.0.1:PORT/logs}, a real NameNode and
 * DataNode in this JVM (MiniDFSCluster), written by the Java SDK through
 * {@code LogWriter.open(URI)} with the storage-hdfs jar on the class path.
 */
class HdfsEndToEndIT extends RemoteEndToEnd {
  private static final String WRITER_PROPERTY =
      "visualdl.hdfs.dfs.client.block.write.replace-datanode-on-failure.enable";

  private MiniDFSCluster cluster;
  private int nameNodePort;

  @Override
  protected void startStore() throws Exception {
    // one DataNode: a writer must not look for a replacement
    System.setProperty(WRITER_PROPERTY, "false");
    Path base = Files.createTempDirectory("minidfs-e2e");
    Configuration conf = new Configuration();
    conf.set(MiniDFSCluster.HDFS_MINIDFS_BASEDIR, base.toString());
    nameNodePort = VisualDLServer.freePort();
    // a fixed port, so that a restarted NameNode is where the server knows it
    cluster = new MiniDFSCluster.Builder(conf).nameNodePort(nameNodePort).numDataNodes(1).build();
    cluster.waitActive();
    cluster.getFileSystem().mkdirs(new org.apache.hadoop.fs.Path("/logs"));
  }

  @Override
  protected void stopStore() {
    cluster.shutdownNameNode(0);
  }

  @Override
  protected void restartStore() throws Exception {
    cluster.restartNameNode(0, true);
    cluster.waitActive();
    long deadline = System.currentTimeMillis() + 60_000;
    while (cluster.getNameNode(0).isInSafeMode() && System.currentTimeMillis() < deadline) {
      Thread.sleep(100);
    }
    assertEquals(nameNodePort, cluster.getNameNodePort(), "restarted on the same port");
  }

  @Override
  protected void closeStore() {
    if (cluster != null) {
      cluster.shutdown(true);
    }
    System.clearProperty(WRITER_PROPERTY);
  }

  @Override
  protected URI logdir() {
    return URI.create("hdfs://127.0.0.1:" + nameNodePort + "/logs");
  }

  @Override
  protected Map<String, String> serverEnv() {
    return Map.of();
  }

  @Test
  @Order(3)
  void aWriterKilledWithSigkillKeepsEveryFlushedPoint() throws Exception {
    String tag = "killed/x";
    String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
    // the class path a user's program has: its own classes, the distribution's lib/ (the SDK)
    // and lib/storage/ (the HDFS backend jar, slf4j-api); nothing of Maven's
    Path dist = VisualDLServer.home();
    String classpath = String.join(File.pathSeparator,
        Path.of(HdfsKilledWriter.class.getProtectionDomain().getCodeSource().getLocation().toURI())
            .toString(),
        dist.resolve("lib").resolve("*").toString(),
        dist.resolve("lib/storage").resolve("*").toString());
    Process writer = new ProcessBuilder(java, "-Xmx256m", "-D" + WRITER_PROPERTY + "=false",
        "-cp", classpath, HdfsKilledWriter.class.getName(),
        run("killed").toString(), tag)
        .redirectErrorStream(true)
        .start();
    AtomicLong lastFlushed = new AtomicLong(-1);
    List<String> other = Collections.synchronizedList(new ArrayList<>());
    Thread reader = new Thread(() -> {
      try (BufferedReader r = new BufferedReader(
          new InputStreamReader(writer.getInputStream(), StandardCharsets.UTF_8))) {
        String line;
        while ((line = r.readLine()) != null) {
          if (line.startsWith("flushed ")) {
            lastFlushed.set(Long.parseLong(line.substring(8).trim()));
          } else {
            other.add(line);
          }
        }
      } catch (Exception e) {
        other.add(e.toString());
      }
    });
    reader.setDaemon(true);
    reader.start();
    long deadline = System.currentTimeMillis() + 60_000;
    // a few hundred points, several flushes, while the server polls
    while (lastFlushed.get() < 400 && writer.isAlive() && System.currentTimeMillis() < deadline) {
      Thread.sleep(20);
    }
    assertTrue(writer.isAlive(), "the writer died on its own: " + other);
    assertTrue(lastFlushed.get() >= 0, "the writer flushed nothing within 60 s: " + other);
    writer.destroyForcibly();   // SIGKILL on Linux: no shutdown hook, no close
    assertTrue(writer.waitFor(30, TimeUnit.SECONDS));
    reader.join(5_000);
    assertEquals(137, writer.exitValue(), "killed by SIGKILL (128 + 9)");
    long flushed = lastFlushed.get();

    assertEveryPointUpTo(server, "killed", tag, flushed);
    try (VisualDLServer fresh = VisualDLServer.start(serverEnv(), "--logdir", logdir().toString())) {
      assertEveryPointUpTo(fresh, "killed", tag, flushed);
    }
    System.out.printf("HdfsEndToEndIT: killed writer flushed up to step %d, all served%n", flushed);
  }

  /** Steps 0..n without a gap (and maybe more, written by the writer's own flushes), exact. */
  private static void assertEveryPointUpTo(VisualDLServer s, String run, String tag, long last)
      throws Exception {
    JsonNode j = KnownRuns.series(s, run, tag, (int) last + 1, 3 * REMOTE_POLL_MS + 10_000);
    JsonNode steps = j.get("steps");
    assertTrue(steps.size() >= last + 1);
    for (int i = 0; i < steps.size(); i++) {
      assertEquals(i, steps.get(i).asLong(), "no gap at " + i);
      assertEquals(HdfsKilledWriter.value(i), j.get("values").get(i).asDouble(), 0.0,
          "value at step " + i);
    }
  }
}
