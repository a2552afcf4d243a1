package org.visualdl.launcher;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class TempFoldersTest {
  @TempDir Path root;

  private Path folder(String name, String owner) throws Exception {
    Path d = Files.createDirectories(root.resolve(name));
    Files.writeString(d.resolve("cache.bin"), "x");
    if (owner != null) {
      Files.writeString(d.resolve(TempFolders.OWNER_FILE), owner);
    }
    return d;
  }

  /** The pid of a process that has ended. */
  private static long deadPid() throws Exception {
    Process p = new ProcessBuilder("true").start();
    p.waitFor();
    return p.pid();
  }

  @Test
  void foldersOfEndedProcessesAreRemovedAndLiveOnesKept() throws Exception {
    Path dead = folder("visualdl-felix-dead", deadPid() + " 2020-01-01T00:00:00Z");
    ProcessHandle self = ProcessHandle.current();
    Path live = folder("visualdl-felix-live",
        self.pid() + " " + self.info().startInstant().map(Instant::toString).orElse(""));
    Path reused = folder("visualdl-felix-reused", self.pid() + " 2001-01-01T00:00:00Z");
    Path garbage = folder("visualdl-felix-garbage", "not a pid");
    Path freshUnowned = folder("visualdl-felix-fresh", null);
    Path oldUnowned = folder("visualdl-felix-old", null);
    Files.setLastModifiedTime(oldUnowned, FileTime.from(Instant.now().minus(2, ChronoUnit.HOURS)));
    Path other = folder("visualdl-demo-dead", deadPid() + "");

    assertEquals(4, TempFolders.removeStale(root, TempFolders.FELIX_PREFIX));
    assertFalse(Files.exists(dead));
    assertFalse(Files.exists(reused), "a pid now used by a process started at another time");
    assertFalse(Files.exists(garbage));
    assertFalse(Files.exists(oldUnowned));
    assertTrue(Files.exists(live));
    assertTrue(Files.exists(freshUnowned), "may be a folder another server is creating right now");
    assertTrue(Files.exists(other), "only the given prefix");
    assertEquals(1, TempFolders.removeStale(root, TempFolders.DEMO_PREFIX));
  }

  @Test
  void createdFoldersNameTheirOwner() throws Exception {
    Path d = TempFolders.create("visualdl-test-");
    try {
      assertFalse(TempFolders.stale(d));
      assertTrue(Files.readString(d.resolve(TempFolders.OWNER_FILE)).startsWith(ProcessHandle.current().pid() + " "));
    } finally {
      TempFolders.deleteTree(d);
    }
    assertFalse(Files.exists(d));
  }
}
