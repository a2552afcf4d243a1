package org.visualdl.maintainer.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeFalse;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.visualdl.api.RunInfo;
import org.visualdl.api.StoreProblem;
import org.visualdl.sdk.LogWriter;
import org.visualdl.storage.RecordLogFormat;

/**
 * Runs as the maintainer finds them in the local backend's listing: a folder that fails is one
 * problem and never hides the rest, and runs below it keep what they had; links inside the log
 * directory serve a run once. (The walking rules themselves are tested with the local backend, in
 * the storage bundle's LocalFileListingTest.)
 */
class DiscoveryTest {
  @TempDir Path logs;
  final InformationMaintainer store = new InformationMaintainer();

  @BeforeEach
  void configure() {
    store.configure(List.of(new LogDirectory("", logs.toUri())), new RecordLogFormat());
  }

  @AfterEach
  void stop() {
    store.stop();
  }

  private static void write(Path run) throws IOException {
    try (LogWriter w = LogWriter.open(run)) {
      w.addScalar("x", 1, 1);
    }
  }

  private List<String> runs() {
    return store.runs().stream().map(RunInfo::name).toList();
  }

  private List<StoreProblem> problemsAbout(String pathEnd) {
    return store.status().problemDetails().stream()
        .filter(p -> p.path().endsWith(pathEnd)).toList();
  }

  /**
   * A folder nobody can list, root included: its absolute path is longer than PATH_MAX. Built by
   * renaming the innermost folder first, so that each rename's own paths stay short.
   */
  @Test
  void aFolderThatCannotBeListedIsOneProblemAndTheRunsBesideItAreServed() throws Exception {
    for (String r : List.of("a", "b", "m", "z")) {
      write(logs.resolve(r));
    }
    Path deep = logs.resolve("locked");
    for (int i = 0; i < 19; i++) {
      deep = deep.resolve("d" + i);
    }
    write(deep);
    String longName = "y".repeat(250);
    for (Path p = deep; !p.equals(logs.resolve("locked")); p = p.getParent()) {
      Files.move(p, p.resolveSibling(longName));
    }
    try {
      for (int i = 0; i < 5; i++) {
        store.scan();
      }
      assertEquals(List.of("a", "b", "m", "z"), runs());
      List<StoreProblem> p = store.status().problemDetails();
      assertEquals(1, p.size(), p.toString());
      assertEquals(1, p.get(0).count(), "one occurrence, not one per poll");
      assertTrue(p.get(0).cause().contains("cannot be read"), p.get(0).cause());
    } finally {
      for (Path p = logs.resolve("locked"); Files.isDirectory(p.resolve(longName));
          p = p.resolve("s")) {
        Files.move(p.resolve(longName), p.resolve("s"));
      }
    }
  }

  @Test
  void aRunBelowAFolderThatStopsBeingReadableKeepsWhatItHad() throws Exception {
    assumeFalse("root".equals(System.getProperty("user.name")),
        "running as root, which lists any folder; a folder unreadable to root too is tested in"
            + " aFolderThatCannotBeListedIsOneProblemAndTheRunsBesideItAreServed");
    write(logs.resolve("locked/inner"));
    write(logs.resolve("open"));
    store.scan();
    Path locked = logs.resolve("locked");
    Files.setPosixFilePermissions(locked, PosixFilePermissions.fromString("---------"));
    try {
      store.scan();
      store.scan();
      assertEquals(List.of("locked/inner", "open"), runs());
      assertEquals(1, problemsAbout("locked").size());
    } finally {
      Files.setPosixFilePermissions(locked, PosixFilePermissions.fromString("rwx------"));
    }
  }

  @Test
  void aLinkedFolderInsideTheLogDirectoryIsServedOnceUnderItsRealName() throws Exception {
    write(logs.resolve("exp/real"));
    Files.createSymbolicLink(logs.resolve("alias"), logs.resolve("exp"));
    store.scan();
    assertEquals(List.of("exp/real"), runs());
  }

  @Test
  void aLinkOutsideTheLogDirectoryIsOneProblemAndNotServed(@TempDir Path outside)
      throws Exception {
    write(logs.resolve("real"));
    write(outside.resolve("elsewhere"));
    Files.createSymbolicLink(logs.resolve("outdir"), outside.resolve("elsewhere"));
    store.scan();
    store.scan();
    assertEquals(List.of("real"), runs());
    assertEquals(1, problemsAbout("outdir").size());
    assertEquals(1, problemsAbout("outdir").get(0).count());
  }
}
