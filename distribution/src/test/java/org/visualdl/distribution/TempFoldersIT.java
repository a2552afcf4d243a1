package org.visualdl.distribution;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Temporary folders of killed servers are removed at the next start; a demo removes its own. */
class TempFoldersIT {
  private static List<String> list(Path tmp, String prefix) throws Exception {
    try (Stream<Path> s = Files.list(tmp)) {
      return s.map(p -> p.getFileName().toString()).filter(n -> n.startsWith(prefix)).sorted().toList();
    }
  }

  /** A folder as a server killed with SIGKILL leaves it: an owner file naming an ended process. */
  private static Path leftover(Path tmp, String name) throws Exception {
    Process ended = new ProcessBuilder("true").start();
    ended.waitFor();
    Path d = Files.createDirectories(tmp.resolve(name).resolve("bundle1"));
    Files.write(d.resolve("data"), new byte[4096]);
    Files.writeString(tmp.resolve(name).resolve("visualdl.owner"), ended.pid() + " 2020-01-01T00:00:00Z\n");
    return tmp.resolve(name);
  }

  @Test
  void aKilledServersCacheIsRemovedAtTheNextStart(@TempDir Path tmp) throws Exception {
    Path logs = Files.createDirectory(tmp.resolve("logs"));
    Path stale = leftover(tmp, "visualdl-felix-killed1");
    Map<String, String> env = Map.of("VISUALDL_OPTS", "-Djava.io.tmpdir=" + tmp);
    try (VisualDLProcess first = VisualDLProcess.start(env, "--logdir", logs.toString())) {
      assertFalse(Files.exists(stale), "stale cache removed at start");
      List<String> own = list(tmp, "visualdl-felix-");
      assertEquals(1, own.size(), own.toString());
      // A second server beside it must not take the first one's cache for a stale one.
      try (VisualDLProcess second = VisualDLProcess.start(env, "--logdir", logs.toString())) {
        assertEquals(2, list(tmp, "visualdl-felix-").size());
        assertTrue(list(tmp, "visualdl-felix-").containsAll(own));
      }
      first.process().destroyForcibly().waitFor();
    }
    assertEquals(1, list(tmp, "visualdl-felix-").size(), "the killed one's cache is left...");
    try (VisualDLProcess next = VisualDLProcess.start(env, "--logdir", logs.toString())) {
      assertEquals(1, list(tmp, "visualdl-felix-").size(), "...and removed by the next start");
      int exit = next.terminate();
      assertTrue(exit == 0 || exit == 143, "stopped by SIGTERM: " + exit);
    }
    assertEquals(List.of(), list(tmp, "visualdl-felix-"));
  }

  @Test
  void theDemoRemovesItsFolderAndThoseOfKilledDemos(@TempDir Path tmp) throws Exception {
    Path stale = leftover(tmp, "visualdl-demo-killed1");
    Map<String, String> env = Map.of("VISUALDL_OPTS", "-Djava.io.tmpdir=" + tmp);
    try (VisualDLProcess demo = VisualDLProcess.start(env, "demo")) {
      assertFalse(Files.exists(stale));
      assertEquals(List.of(), list(tmp, "fileinstall"), "File Install's files live in our cache");
      List<String> folders = list(tmp, "visualdl-demo-");
      assertEquals(1, folders.size(), folders.toString());
      assertTrue(demo.json("/api/runs").size() > 0);
      int exit = demo.terminate();
      assertTrue(exit == 0 || exit == 143, "stopped by SIGTERM: " + exit);
    }
    assertEquals(List.of(), list(tmp, "visualdl-demo-"));
    assertEquals(List.of(), list(tmp, "visualdl-felix-"));
  }
}
