package org.visualdl.distribution;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.net.Inet4Address;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.NetworkInterface;
import java.net.Socket;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.jar.JarFile;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.visualdl.sdk.LogWriter;

/** The packaged product, started with bin/visualdl on logs written through the public SDK. */
class DistributionIT {
  @TempDir static Path logs;
  static VisualDLProcess server;

  /** Values a training program wrote, for exact comparison. */
  static final double[] LOSS = new double[1500];

  @BeforeAll
  static void writeLogsAndStart() throws Exception {
    try (LogWriter root = LogWriter.open(logs);
        LogWriter train = LogWriter.open(logs.resolve("exp1/train"));
        LogWriter eval = LogWriter.open(logs.resolve("exp1/eval/deep folder"))) {
      for (int step = 0; step < LOSS.length; step++) {
        LOSS[step] = 2.0 / (1 + step) + Math.sin(step) / 100;
        train.addScalar("train/loss", step, LOSS[step]);
        if (step % 10 == 0) {
          eval.addScalar("eval/accuracy", step, step / 1500.0);
        }
      }
      root.addScalar("special", 0, Double.NaN);
      root.addScalar("special", 1, Double.POSITIVE_INFINITY);
      root.addScalar("special", 2, Double.NEGATIVE_INFINITY);
      root.addScalar("special", 3, 0.1);
    }
    server = VisualDLProcess.start("--logdir", logs.toString());
  }

  @AfterAll
  static void stop() throws InterruptedException {
    if (server != null) {
      server.close();
    }
  }

  @Test
  void healthAnswers() throws Exception {
    JsonNode h = server.json("/api/health");
    assertEquals("ok", h.get("status").asText());
    assertEquals(3, awaitRuns().size());
  }

  private List<String> awaitRuns() throws Exception {
    long deadline = System.currentTimeMillis() + 10_000;
    List<String> names = new ArrayList<>();
    while (System.currentTimeMillis() < deadline) {
      names.clear();
      server.json("/api/runs").forEach(r -> names.add(r.get("name").asText()));
      if (names.size() == 3) {
        break;
      }
      Thread.sleep(100);
    }
    return names;
  }

  @Test
  void runsAreFoldersRelativeToTheLogDirectory() throws Exception {
    assertEquals(List.of(".", "exp1/eval/deep folder", "exp1/train"), awaitRuns());
  }

  @Test
  void pluginsListTheScalarPluginWithAModuleThatServesJavaScript() throws Exception {
    JsonNode plugins = server.json("/api/plugins");
    JsonNode scalar = null;
    for (JsonNode p : plugins) {
      if (p.get("name").asText().equals("scalar")) {
        scalar = p;
      }
    }
    assertNotNull(scalar, "scalar plugin listed: " + plugins);
    assertFalse(scalar.get("title").asText().isEmpty());
    HttpResponse<String> module = server.get(scalar.get("module").asText());
    assertEquals(200, module.statusCode());
    assertTrue(module.headers().firstValue("Content-Type").orElse("").startsWith("text/javascript"));
    assertTrue(module.body().contains("export async function render"));
  }

  @Test
  void tagsByRun() throws Exception {
    awaitRuns();
    JsonNode tags = server.json("/api/plugins/scalar/tags");
    assertEquals("train/loss", tags.get("exp1/train").get(0).asText());
    assertEquals("eval/accuracy", tags.get("exp1/eval/deep folder").get(0).asText());
    assertEquals("special", tags.get(".").get(0).asText());
  }

  @Test
  void seriesHoldsExactlyTheValuesWrittenInStepOrder() throws Exception {
    awaitRuns();
    JsonNode s =
        server.json("/api/plugins/scalar/series?run=exp1/train&tag=train/loss&points=100000");
    assertEquals(LOSS.length, s.get("steps").size());
    assertEquals(LOSS.length, s.get("values").size());
    assertEquals(LOSS.length, s.get("wallTimes").size());
    for (int i = 0; i < LOSS.length; i++) {
      assertEquals(i, s.get("steps").get(i).asLong());
      assertEquals(LOSS[i], s.get("values").get(i).asDouble(), 0.0, "value at step " + i);
    }
    assertFalse(s.get("downsampled").asBoolean());
    assertEquals(LOSS.length, s.get("total").asLong());
  }

  @Test
  void nanAndInfinitiesComeBackAsWritten() throws Exception {
    awaitRuns();
    JsonNode s = server.json("/api/plugins/scalar/series?run=.&tag=special");
    assertEquals("NaN", s.get("values").get(0).asText());
    assertEquals("Infinity", s.get("values").get(1).asText());
    assertEquals("-Infinity", s.get("values").get(2).asText());
    assertEquals(0.1, s.get("values").get(3).asDouble(), 0.0);
  }

  @Test
  void unknownRunTagOrPluginIs404WithAJsonError() throws Exception {
    for (String path :
        List.of(
            "/api/plugins/scalar/series?run=nope&tag=train/loss",
            "/api/plugins/scalar/series?run=exp1/train&tag=nope",
            "/api/plugins/nope/tags")) {
      HttpResponse<String> r = server.get(path);
      assertEquals(404, r.statusCode(), path);
      assertFalse(VisualDLProcess.JSON.readTree(r.body()).get("error").asText().isEmpty());
    }
  }

  @Test
  void missingOrMalformedParameterIs400() throws Exception {
    for (String path :
        List.of(
            "/api/plugins/scalar/series?run=exp1/train",
            "/api/plugins/scalar/series?tag=train/loss",
            "/api/plugins/scalar/series?run=exp1/train&tag=train/loss&points=many")) {
      HttpResponse<String> r = server.get(path);
      assertEquals(400, r.statusCode(), path);
      assertTrue(VisualDLProcess.JSON.readTree(r.body()).get("error").asText().contains("'"));
    }
  }

  @Test
  void pathTricksDoNotLeaveThePluginFolder() throws Exception {
    for (String path :
        List.of(
            "/plugins/scalar/..%2F..%2Fetc%2Fpasswd",
            "/plugins/scalar/%2e%2e/%2e%2e/etc/passwd",
            "/static/..%2f..%2fMETA-INF/MANIFEST.MF",
            "/plugins/scalar//etc/passwd")) {
      HttpResponse<String> r = server.get(path);
      assertTrue(r.statusCode() == 400 || r.statusCode() == 404, path + " -> " + r.statusCode());
      assertFalse(r.body().contains("root:"), path);
    }
  }

  @Test
  void securityHeadersOnEveryAnswer() throws Exception {
    for (String path : List.of("/", "/api/runs", "/api/plugins/nope/tags")) {
      HttpResponse<String> r = server.get(path);
      assertEquals("nosniff", r.headers().firstValue("X-Content-Type-Options").orElse(""), path);
      assertTrue(r.headers().firstValue("Content-Security-Policy").orElse("").contains("default-src 'self'"), path);
    }
  }

  @Test
  void listensOnLoopbackOnly() throws Exception {
    List<InetAddress> others = new ArrayList<>();
    for (NetworkInterface nif : Collections.list(NetworkInterface.getNetworkInterfaces())) {
      if (nif.isUp() && !nif.isLoopback()) {
        for (InetAddress a : Collections.list(nif.getInetAddresses())) {
          if (a instanceof Inet4Address) {
            others.add(a);
          }
        }
      }
    }
    try (Socket s = new Socket()) {
      s.connect(new InetSocketAddress("127.0.0.1", server.port), 2000);
    }
    for (InetAddress a : others) {
      try (Socket s = new Socket()) {
        s.connect(new InetSocketAddress(a, server.port), 2000);
        fail("the server answers on " + a.getHostAddress() + "; it must listen on 127.0.0.1 only");
      } catch (IOException expected) {
        // refused: good
      }
    }
  }

  @Test
  void examplePluginDroppedIntoPluginsAppearsAndDisappears() throws Exception {
    Path example;
    try (Stream<Path> s = Files.list(VisualDLProcess.home().resolve("examples/plugins"))) {
      example = s.filter(p -> p.toString().endsWith(".jar")).findFirst().orElseThrow();
    }
    Path dropped = VisualDLProcess.home().resolve("plugins").resolve(example.getFileName());
    try {
      Files.copy(example, dropped, StandardCopyOption.REPLACE_EXISTING);
      assertTrue(awaitPlugin("run-summary", true), "run-summary listed within 5 s");
      JsonNode rows = server.json("/api/plugins/run-summary/runs");
      assertEquals(3, rows.size());
      HttpResponse<String> module = server.get("/plugins/run-summary/index.js");
      assertEquals(200, module.statusCode());
      Files.delete(dropped);
      assertTrue(awaitPlugin("run-summary", false), "run-summary gone within 5 s");
    } finally {
      VisualDLProcess.deleteQuietly(dropped);
    }
  }

  private boolean awaitPlugin(String name, boolean present) throws Exception {
    long deadline = System.currentTimeMillis() + 5_000;
    while (System.currentTimeMillis() < deadline) {
      boolean listed = false;
      for (JsonNode p : server.json("/api/plugins")) {
        listed |= p.get("name").asText().equals(name);
      }
      if (listed == present) {
        return true;
      }
      Thread.sleep(100);
    }
    return false;
  }

  @Test
  void everyJarInBundlesIsAnOsgiBundle() throws IOException {
    List<Path> jars;
    try (Stream<Path> s = Files.list(VisualDLProcess.home().resolve("bundles"))) {
      jars = s.filter(p -> p.toString().endsWith(".jar")).toList();
    }
    assertFalse(jars.isEmpty());
    for (Path jar : jars) {
      try (JarFile f = new JarFile(jar.toFile())) {
        assertNotNull(
            f.getManifest().getMainAttributes().getValue("Bundle-SymbolicName"),
            jar.getFileName() + " is not an OSGi bundle");
      }
    }
  }
}
