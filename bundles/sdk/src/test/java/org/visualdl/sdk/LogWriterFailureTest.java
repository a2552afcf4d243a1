package org.visualdl.sdk;

import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.Comparator;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class LogWriterFailureTest {
  @TempDir Path dir;

  @Test
  void aRemovedRunFolderSurfacesAtTheNextFlushCallAndClose() throws Exception {
    Path run = dir.resolve("run");
    LogWriter log = LogWriter.builder(run).flushInterval(Duration.ofHours(1)).open();
    log.addScalar("loss", 0, 1);
    log.flush();
    deleteTree(run);
    log.addScalar("loss", 1, 2);
    IOException flushed = assertThrows(IOException.class, log::flush);
    assertTrue(flushed.getMessage().contains("removed"), flushed.getMessage());
    UncheckedIOException next = assertThrows(UncheckedIOException.class,
        () -> log.addScalar("loss", 2, 3));
    assertTrue(next.getMessage().contains("failed earlier"), next.getMessage());
    assertThrows(UncheckedIOException.class, () -> log.addText("t", 0, "x"));
    assertThrows(IOException.class, log::close);
  }

  @Test
  void aFolderThatCannotBeCreatedFailsAtOpen() throws Exception {
    Path file = dir.resolve("a-file");
    Files.writeString(file, "not a folder");
    assertThrows(IOException.class, () -> LogWriter.open(file.resolve("run")));
  }

  /**
   * Makes a folder read-only for this process: by its permissions, or, for root (whom permissions
   * do not stop), with the immutable attribute. Returns how to undo it.
   */
  private static AutoCloseable readOnly(Path folder) throws Exception {
    if (!"root".equals(System.getProperty("user.name"))) {
      Files.setPosixFilePermissions(folder, PosixFilePermissions.fromString("r-xr-xr-x"));
      return () -> Files.setPosixFilePermissions(folder, PosixFilePermissions.fromString("rwxr-xr-x"));
    }
    Process p = new ProcessBuilder("chattr", "+i", folder.toString()).redirectErrorStream(true)
        .start();
    assumeTrue(p.waitFor() == 0, "chattr +i is not available here");
    return () -> new ProcessBuilder("chattr", "-i", folder.toString()).start().waitFor();
  }

  @Test
  void aReadOnlyFolderFailsAtOpen() throws Exception {
    Path run = dir.resolve("ro");
    Files.createDirectories(run);
    try (AutoCloseable undo = readOnly(run)) {
      IOException e = assertThrows(IOException.class, () -> LogWriter.open(run));
      assertTrue(e.getMessage().contains("ro"), e.getMessage());
    }
  }

  @Test
  void aFolderThatBecomesReadOnlySurfacesWhenTheWriterNeedsANewFile() throws Exception {
    Path run = dir.resolve("run");
    LogWriter log = LogWriter.builder(run).rotateBytes(1024).flushInterval(Duration.ofHours(1))
        .open();
    log.addScalar("loss", 0, 1);
    log.flush();
    try (AutoCloseable undo = readOnly(run)) {
      for (int i = 0; i < 1000; i++) {
        log.addText("notes", i, "a line of text that fills the file up to its rotation size");
      }
      assertThrows(IOException.class, log::flush);
      assertThrows(UncheckedIOException.class, () -> log.addScalar("loss", 1, 1));
      assertThrows(IOException.class, log::close);
    }
  }

  @Test
  void aFullDiskSurfacesAsAnException() throws Exception {
    // A child JVM with a file size limit (ulimit -f): writes past it fail with EFBIG, as on a full
    // disk; the JVM ignores SIGXFSZ, so the failure reaches the writer as an IOException.
    Path run = dir.resolve("run");
    ChildJvm.Result r = ChildJvm.run(
        "ulimit -f 64; exec ", ChildJvm.testClasspath(), FullDiskProgram.class, run.toString());
    assertTrue(r.output().contains("FAILED java.io.IOException"), r.output());
    assertTrue(r.output().contains("CLOSE FAILED"), r.output());
  }

  static void deleteTree(Path root) throws IOException {
    try (Stream<Path> s = Files.walk(root)) {
      s.sorted(Comparator.reverseOrder()).forEach(p -> {
        try {
          Files.delete(p);
        } catch (IOException e) {
          throw new UncheckedIOException(e);
        }
      });
    }
  }
}
