package org.visualdl.distribution;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** bin/visualdl's answers to bad command lines, and a clean stop on SIGTERM. */
class CommandLineIT {

  private record Result(int exit, List<String> lines) {}

  private static Result run(String... args) throws IOException, InterruptedException {
    Process p = VisualDLProcess.command(args).start();
    if (!p.waitFor(60, TimeUnit.SECONDS)) {
      p.destroyForcibly();
      throw new AssertionError("bin/visualdl " + String.join(" ", args) + " did not end");
    }
    String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    return new Result(p.exitValue(), out.lines().toList());
  }

  @Test
  void unknownFlagExitsWithStatus2AndOneLine() throws Exception {
    Result r = run("--logdri", "x");
    assertEquals(2, r.exit());
    assertEquals(1, r.lines().size(), r.lines().toString());
    assertTrue(r.lines().get(0).contains("unknown option '--logdri'"), r.lines().toString());
  }

  @Test
  void missingLogDirectoryExitsWithStatus2AndOneLine(@TempDir Path tmp) throws Exception {
    Result r = run("--logdir", tmp.resolve("nope").toString());
    assertEquals(2, r.exit());
    assertEquals(1, r.lines().size(), r.lines().toString());
    assertTrue(r.lines().get(0).contains("does not exist"), r.lines().toString());
  }

  @Test
  void badPortExitsWithStatus2(@TempDir Path tmp) throws Exception {
    Result r = run("--logdir", tmp.toString(), "--port", "http");
    assertEquals(2, r.exit());
    assertEquals(1, r.lines().size(), r.lines().toString());
    assertTrue(r.lines().get(0).contains("--port 'http'"), r.lines().toString());
  }

  @Test
  void noLogDirectoryExitsWithStatus2() throws Exception {
    Result r = run();
    assertEquals(2, r.exit());
    assertTrue(r.lines().get(0).contains("--logdir"), r.lines().toString());
  }

  @Test
  void missingModelFileExitsWithStatus2AndOneLine(@TempDir Path tmp) throws Exception {
    Result r = run("--model", tmp.resolve("resnet.onnx").toString());
    assertEquals(2, r.exit());
    assertEquals(1, r.lines().size(), r.lines().toString());
    assertTrue(r.lines().get(0).contains("--model '") && r.lines().get(0).contains("does not exist"),
        r.lines().toString());
  }

  @Test
  void aModelAloneIsTheOnlyRunAndNothingElseOfItsFolderIsRead(@TempDir Path tmp)
      throws Exception {
    Path model = java.nio.file.Files.write(tmp.resolve("net.onnx"),
        GraphBrowserIT.smallOnnx().toByteArray());
    java.nio.file.Files.write(tmp.resolve("other.onnx"), GraphBrowserIT.smallOnnx().toByteArray());
    try (VisualDLProcess p = VisualDLProcess.start("--model", model.toString())) {
      List<String> runs = new java.util.ArrayList<>();
      p.json("/api/runs").forEach(r -> runs.add(r.get("name").asText()));
      assertEquals(List.of("model"), runs);
      assertEquals("{\"model\":[\"net.onnx\"]}", p.json("/api/plugins/graph/tags").toString());
    }
  }

  @Test
  void helpAndVersion() throws Exception {
    Result help = run("--help");
    assertEquals(0, help.exit());
    assertTrue(help.lines().get(0).startsWith("Usage: visualdl --logdir DIR"));
    assertTrue(help.lines().stream().anyMatch(l -> l.trim().startsWith("--model FILE")),
        help.lines().toString());
    Result version = run("--version");
    assertEquals(0, version.exit());
    assertTrue(version.lines().get(0).matches("visualdl \\d+\\.\\d+\\.\\d+.*"), version.lines().toString());
  }

  @Test
  void sigtermStopsTheServerCleanly(@TempDir Path tmp) throws Exception {
    try (VisualDLProcess p = VisualDLProcess.start("--logdir", tmp.toString())) {
      int exit = p.terminate();
      // 143 = terminated by SIGTERM after the shutdown hook ran; 0 if the JVM returned normally.
      assertTrue(exit == 143 || exit == 0, "exit status " + exit);
      assertTrue(
          p.output().stream().noneMatch(l -> l.contains("Exception")), p.output().toString());
    }
  }

  @Test
  void demoServesItsLogs() throws Exception {
    try (VisualDLProcess p = VisualDLProcess.start("demo")) {
      assertTrue(p.json("/api/runs").size() >= 3);
      assertTrue(p.json("/api/plugins/scalar/tags").size() >= 3);
      assertTrue(p.json("/api/plugins/scalar/series?run=resnet50/lr-0.1&tag=train/loss").get("total").asLong() >= 1000);
    }
  }
}
