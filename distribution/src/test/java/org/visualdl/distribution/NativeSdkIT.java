package org.visualdl.distribution;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A C program and a Python script built only against what the distribution ships (native/include,
 * native/lib, native/python) write scalars that the packaged server serves exactly.
 */
class NativeSdkIT {
  @TempDir Path work;

  static final String C_PROGRAM = """
      #include <visualdl.h>
      #include <math.h>
      #include <stdio.h>
      int main(int argc, char **argv) {
        vdl_writer *w = vdl_writer_open(argv[1]);
        if (!w) { fprintf(stderr, "%s\\n", vdl_last_error()); return 1; }
        for (int64_t step = 0; step < 3000; step++) {
          if (vdl_add_scalar(w, "c/loss", step, 1.0 / (double)(step + 1)) != 0) return 2;
        }
        if (vdl_add_scalar(w, "c/special", 0, NAN) || vdl_add_scalar(w, "c/special", 1, -INFINITY)) return 3;
        return vdl_writer_close(w) == 0 ? 0 : 4;
      }
      """;

  static final String PY_SCRIPT = """
      import sys
      from visualdl import LogWriter
      with LogWriter(logdir=sys.argv[1]) as w:
          for step in range(500):
              w.add_scalar(tag="py/acc", value=step / 1000.0, step=step)
          w.add_scalar_batch("py/batch", list(range(10000)), [s * 0.5 for s in range(10000)])
      """;

  private static int run(Path dir, List<String> cmd, String... env) throws Exception {
    ProcessBuilder pb = new ProcessBuilder(cmd).directory(dir.toFile()).redirectErrorStream(true);
    for (int i = 0; i < env.length; i += 2) {
      pb.environment().put(env[i], env[i + 1]);
    }
    Process p = pb.start();
    String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertTrue(p.waitFor(120, TimeUnit.SECONDS), "timed out: " + cmd);
    if (p.exitValue() != 0) {
      throw new AssertionError(cmd + " exited " + p.exitValue() + ": " + out);
    }
    return p.exitValue();
  }

  private static boolean onPath(String tool) {
    for (String dir : System.getenv("PATH").split(":")) {
      if (Files.isExecutable(Path.of(dir, tool))) {
        return true;
      }
    }
    return false;
  }

  @Test
  void cAndPythonLogsAreServedExactly() throws Exception {
    Path nativeDir = VisualDLProcess.home().resolve("native");
    assumeTrue(Files.isRegularFile(nativeDir.resolve("lib/libvisualdl.so")), "no native library in the distribution");
    assumeTrue(onPath("cc") && onPath("python3"), "needs a C compiler and python3");
    Path logs = Files.createDirectories(work.resolve("logs"));
    Files.writeString(work.resolve("train.c"), C_PROGRAM);
    run(work, List.of("cc", "-std=c11", "-O2", "-I" + nativeDir.resolve("include"), "train.c", "-o", "train",
        "-L" + nativeDir.resolve("lib"), "-Wl,-rpath," + nativeDir.resolve("lib"), "-lvisualdl", "-lpthread", "-lm"));
    run(work, List.of(work.resolve("train").toString(), logs.resolve("c-run").toString()));
    Files.writeString(work.resolve("train.py"), PY_SCRIPT);
    run(work, List.of("python3", "train.py", logs.resolve("py-run").toString()),
        "PYTHONPATH", nativeDir.resolve("python").toString());
    try (VisualDLProcess server = VisualDLProcess.start("--logdir", logs.toString())) {
      JsonNode c = awaitSeries(server, "c-run", "c/loss", 3000);
      for (int i = 0; i < 3000; i++) {
        assertEquals(i, c.get("steps").get(i).asLong());
        assertEquals(1.0 / (i + 1), c.get("values").get(i).asDouble(), 0.0, "step " + i);
      }
      JsonNode special = awaitSeries(server, "c-run", "c/special", 2);
      assertEquals("NaN", special.get("values").get(0).asText());
      assertEquals("-Infinity", special.get("values").get(1).asText());
      JsonNode acc = awaitSeries(server, "py-run", "py/acc", 500);
      for (int i = 0; i < 500; i++) {
        assertEquals(i / 1000.0, acc.get("values").get(i).asDouble(), 0.0, "step " + i);
      }
      JsonNode batch = awaitSeries(server, "py-run", "py/batch", 10000);
      assertEquals(9999 * 0.5, batch.get("values").get(9999).asDouble(), 0.0);
    }
  }

  private static JsonNode awaitSeries(VisualDLProcess server, String run, String tag, int n) throws Exception {
    long deadline = System.currentTimeMillis() + 10_000;
    String path = "/api/plugins/scalar/series?run=" + run + "&tag=" + tag + "&points=100000";
    while (true) {
      var r = server.get(path);
      if (r.statusCode() == 200) {
        JsonNode s = VisualDLProcess.JSON.readTree(r.body());
        if (s.get("total").asLong() == n) {
          return s;
        }
      }
      if (System.currentTimeMillis() > deadline) {
        throw new AssertionError(path + " -> " + r.statusCode() + " " + r.body());
      }
      Thread.sleep(100);
    }
  }
}
