package org.visualdl.distribution;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The token can come from a file or the environment, so it never shows in {@code ps}. */
class TokenSourcesIT {
  static final String SECRET = "file-token-5678";

  private static void assertTokenRequired(VisualDLProcess server, String token) throws Exception {
    assertEquals(401, RawHttp.send(server.port, "GET", "/api/runs").status());
    assertEquals(200, RawHttp.send(server.port, "GET", "/api/runs", "Authorization: Bearer " + token).status());
    assertTrue(server.output().stream().anyMatch(l -> l.contains("?token=" + token)), server.output().toString());
    String commandLine = server.process().info().commandLine().orElse("")
        + " " + String.join(" ", server.process().descendants().map(p -> p.info().commandLine().orElse("")).toList());
    assertFalse(commandLine.contains(token), "the token is not on any command line: " + commandLine);
  }

  @Test
  void tokenFromAFile(@TempDir Path dir) throws Exception {
    Path file = Files.writeString(dir.resolve("token"), SECRET + "\n");
    Path logs = Files.createDirectory(dir.resolve("logs"));
    try (VisualDLProcess server =
        VisualDLProcess.start("--logdir", logs.toString(), "--token-file", file.toString())) {
      assertTokenRequired(server, SECRET);
    }
  }

  @Test
  void tokenFromTheEnvironment(@TempDir Path logs) throws Exception {
    try (VisualDLProcess server =
        VisualDLProcess.start(Map.of("VISUALDL_TOKEN", SECRET), "--logdir", logs.toString())) {
      assertTokenRequired(server, SECRET);
    }
  }

  @Test
  void aMissingOrEmptyTokenFileIsOneLineAndExitStatus2(@TempDir Path dir) throws Exception {
    Path empty = Files.writeString(dir.resolve("empty"), "");
    for (String file : List.of(dir.resolve("missing").toString(), empty.toString(), dir.toString())) {
      Process p =
          VisualDLProcess.command("--logdir", dir.toString(), "--token-file", file).start();
      assertTrue(p.waitFor(60, TimeUnit.SECONDS));
      List<String> lines = new String(p.getInputStream().readAllBytes()).lines().toList();
      assertEquals(2, p.exitValue(), lines.toString());
      assertEquals(1, lines.size(), lines.toString());
      assertTrue(lines.get(0).startsWith("visualdl: --token-file '" + file + "'"), lines.toString());
    }
  }
}
