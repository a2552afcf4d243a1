package org.visualdl.distribution;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * bin/visualdl with HDFS and S3 log directories: the backend bundles ship in lib/storage/, a
 * local-only server does not install them, and a store that cannot be reached at start is one
 * line and exit status 2 within seconds.
 */
class RemoteLogdirIT {

  private record Result(int exit, List<String> lines, long millis) {}

  private static Result run(Map<String, String> env, String... args)
      throws IOException, InterruptedException {
    ProcessBuilder pb = VisualDLProcess.command(args);
    pb.environment().putAll(env);
    long t0 = System.nanoTime();
    Process p = pb.start();
    if (!p.waitFor(60, TimeUnit.SECONDS)) {
      p.destroyForcibly();
      throw new AssertionError("bin/visualdl " + String.join(" ", args) + " did not end");
    }
    String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    return new Result(p.exitValue(), out.lines().toList(), (System.nanoTime() - t0) / 1_000_000);
  }

  /** A port nothing listens on (taken and released). */
  private static int closedPort() {
    return VisualDLProcess.freePort();
  }

  @Test
  void theBackendBundlesShipInLibStorageNotInBundles() throws IOException {
    Path home = VisualDLProcess.home();
    List<String> storage = names(home.resolve("lib/storage"));
    assertTrue(storage.stream().anyMatch(n -> n.startsWith("org.visualdl.storage.hdfs-")), storage.toString());
    assertTrue(storage.stream().anyMatch(n -> n.startsWith("org.visualdl.storage.s3-")), storage.toString());
    List<String> bundles = names(home.resolve("bundles"));
    assertTrue(bundles.stream().noneMatch(n -> n.startsWith("org.visualdl.storage.")), bundles.toString());
    assertTrue(bundles.stream().noneMatch(n -> n.startsWith("slf4j-api")), bundles.toString());
  }

  @Test
  void aLocalOnlyServerInstallsNoStorageBackendBundle(@TempDir Path tmp) throws Exception {
    Path logs = Files.createDirectory(tmp.resolve("logs"));
    Path javaTmp = Files.createDirectory(tmp.resolve("java-tmp"));
    try (VisualDLProcess p = VisualDLProcess.start(
        Map.of("VISUALDL_OPTS", "-Djava.io.tmpdir=" + javaTmp), "--logdir", logs.toString())) {
      assertEquals("ok", p.json("/api/health").get("status").asText());
      List<String> installed = installedBundles(javaTmp);
      assertTrue(installed.stream().anyMatch(l -> l.contains("/bundles/org.visualdl.storage-")),
          installed.toString());
      assertTrue(installed.stream().noneMatch(l -> l.contains("storage.hdfs") || l.contains("storage.s3")),
          installed.toString());
    }
  }

  @Test
  void anUnreachableS3EndpointIsOneLineAndStatus2() throws Exception {
    int port = closedPort();
    Result r = run(Map.of(
            "AWS_ENDPOINT_URL", "http://127.0.0.1:" + port,
            "AWS_REGION", "us-east-1",
            "AWS_ACCESS_KEY_ID", "dummy-key",
            "AWS_SECRET_ACCESS_KEY", "dummy-secret"),
        "--logdir", "s3://bucket/logs", "--port", Integer.toString(VisualDLProcess.freePort()));
    assertEquals(2, r.exit(), r.lines().toString());
    assertEquals(1, r.lines().size(), r.lines().toString());
    String line = r.lines().get(0);
    assertTrue(line.startsWith("visualdl: log directory s3://bucket/logs: "), line);
    assertTrue(line.contains("http://127.0.0.1:" + port), line);
    assertTrue(line.contains("AWS_ENDPOINT_URL"), line);
    assertTrue(r.millis() < 30_000, r.millis() + " ms");
  }

  @Test
  void anUnreachableNameNodeIsOneLineAndStatus2() throws Exception {
    int port = closedPort();
    // No retries of the refused connection (the backend's own default is 1 retry after 300 ms).
    Result r = run(Map.of("VISUALDL_OPTS", "-Dvisualdl.hdfs.ipc.client.connect.max.retries=0"),
        "--logdir", "hdfs://127.0.0.1:" + port + "/logs",
        "--port", Integer.toString(VisualDLProcess.freePort()));
    assertEquals(2, r.exit(), r.lines().toString());
    // Hadoop's NativeCodeLoader warns once through the log when it first loads, whatever the
    // configuration; every other line is ours.
    List<String> ours = r.lines().stream()
        .filter(l -> !l.contains("[org.apache.hadoop.util.NativeCodeLoader] WARN")).toList();
    assertEquals(1, ours.size(), r.lines().toString());
    String line = ours.get(0);
    assertTrue(line.startsWith("visualdl: log directory hdfs://127.0.0.1:" + port + "/logs: "), line);
    assertTrue(line.contains("127.0.0.1:" + port + " unreachable"), line);
    assertTrue(r.millis() < 30_000, r.millis() + " ms");
  }

  @Test
  void aSchemeWithoutBackendAndABadUriAreOneLineAndStatus2() throws Exception {
    Result gs = run(Map.of(), "--logdir", "gs://bucket/logs");
    assertEquals(2, gs.exit(), gs.lines().toString());
    assertEquals(1, gs.lines().size(), gs.lines().toString());
    assertTrue(gs.lines().get(0).startsWith("visualdl: log directory gs://bucket/logs: no storage"
        + " backend for gs:// URIs"), gs.lines().toString());
    Result noBucket = run(Map.of(), "--logdir", "s3:///logs");
    assertEquals(2, noBucket.exit(), noBucket.lines().toString());
    assertEquals(1, noBucket.lines().size(), noBucket.lines().toString());
    assertTrue(noBucket.lines().get(0).contains("names no bucket"), noBucket.lines().toString());
  }

  private static List<String> names(Path dir) throws IOException {
    try (Stream<Path> s = Files.list(dir)) {
      return s.map(p -> p.getFileName().toString()).sorted().toList();
    }
  }

  /**
   * The locations of the bundles in the Felix cache of the one server using {@code javaTmp}
   * (Felix keeps each bundle's location in its {@code bundle.info}).
   */
  private static List<String> installedBundles(Path javaTmp) throws IOException {
    List<String> locations = new ArrayList<>();
    try (Stream<Path> s = Files.walk(javaTmp)) {
      for (Path f : s.filter(p -> p.getFileName().toString().equals("bundle.info")).toList()) {
        Files.readAllLines(f, StandardCharsets.UTF_8).stream()
            .filter(l -> l.startsWith("reference:") || l.startsWith("file:")).forEach(locations::add);
      }
    }
    assertFalse(locations.isEmpty(), "no Felix cache below " + javaTmp);
    return locations;
  }
}
