package org.visualdl.maintainer.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeFalse;

import java.io.IOException;
import java.nio.file.AccessDeniedException;
import java.nio.file.DirectoryStream;
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
 * The walk over the log directory: a folder that fails is one problem and never hides the rest;
 * deep folders are served; symbolic links follow one rule.
 */
class DiscoveryTest {
  @TempDir Path logs;
  @TempDir Path outside;
  final InformationMaintainer store = new InformationMaintainer();

  @BeforeEach
  void configure() {
    store.configure(List.of(new LogDirectory("", logs)), new RecordLogFormat());
  }

  @AfterEach
  void stop() throws IOException {
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

  /** Makes listing the folder of that name fail, as chmod 000 does for a user not root. */
  private void failListing(String name) {
    store.discovery = new RunDiscovery(store::formatOf, store::problem) {
      @Override
      DirectoryStream<Path> list(Path folder) throws IOException {
        if (folder.getFileName() != null && folder.getFileName().toString().equals(name)) {
          throw new AccessDeniedException(folder.toString());
        }
        return super.list(folder);
      }
    };
  }

  @Test
  void aFolderThatCannotBeListedIsOneProblemAndTheRunsAfterItAreServed() throws Exception {
    for (String r : List.of("a", "b", "locked/inner", "m", "z")) {
      write(logs.resolve(r));
    }
    failListing("locked");
    for (int i = 0; i < 5; i++) {
      store.scan();
    }
    assertEquals(List.of("a", "b", "m", "z"), runs());
    List<StoreProblem> p = problemsAbout("locked");
    assertEquals(1, p.size(), p.toString());
    assertEquals(1, p.get(0).count(), "one occurrence, not one per poll");
    assertTrue(p.get(0).cause().contains("cannot be read"), p.get(0).cause());
  }

  @Test
  void aRunBelowAFolderThatStopsBeingReadableKeepsWhatItHad() throws Exception {
    write(logs.resolve("locked/inner"));
    write(logs.resolve("open"));
    store.scan();
    failListing("locked");
    store.scan();
    assertEquals(List.of("locked/inner", "open"), runs());
  }

  @Test
  void aFolderChmod000IsOneProblemAndTheRestIsServed() throws Exception {
    assumeFalse("root".equals(System.getProperty("user.name")),
        "running as root, which lists any folder: the same path is tested with an injected"
            + " failure in aFolderThatCannotBeListedIsOneProblemAndTheRunsAfterItAreServed");
    write(logs.resolve("a"));
    write(logs.resolve("locked/inner"));
    write(logs.resolve("z"));
    Path locked = logs.resolve("locked");
    Files.setPosixFilePermissions(locked, PosixFilePermissions.fromString("---------"));
    try {
      store.scan();
      store.scan();
      assertEquals(List.of("a", "z"), runs());
      assertEquals(1, problemsAbout("locked").size());
    } finally {
      Files.setPosixFilePermissions(locked, PosixFilePermissions.fromString("rwx------"));
    }
  }

  @Test
  void symbolicLinkLoopsAndDanglingLinksAreProblemsAndTheRestIsServed() throws Exception {
    write(logs.resolve("a"));
    write(logs.resolve("z"));
    Files.createSymbolicLink(logs.resolve("loop1"), logs.resolve("loop2"));
    Files.createSymbolicLink(logs.resolve("loop2"), logs.resolve("loop1"));
    Files.createSymbolicLink(logs.resolve("dangling"), logs.resolve("nothing-here"));
    Files.createSymbolicLink(logs.resolve("a/up"), logs); // a loop through a folder link
    store.scan();
    store.scan();
    assertEquals(List.of("a", "z"), runs());
    assertEquals(1, problemsAbout("loop1").size());
    assertEquals(1, problemsAbout("dangling").size());
    assertEquals(List.of(), problemsAbout("/up"), "a link to a folder walked already is no problem");
  }

  @Test
  void linksInsideTheLogDirectoryAreFollowedLinksOutsideAreRefusedAndReported() throws Exception {
    write(logs.resolve("real"));
    write(outside.resolve("elsewhere"));
    Files.createDirectories(logs.resolve("links"));
    Path outsideFile;
    try (var s = Files.list(outside.resolve("elsewhere"))) {
      outsideFile = s.findFirst().orElseThrow();
    }
    Path insideFile;
    try (var s = Files.list(logs.resolve("real"))) {
      insideFile = s.findFirst().orElseThrow();
    }
    Files.createDirectories(logs.resolve("filelink"));
    Files.createSymbolicLink(logs.resolve("filelink").resolve(insideFile.getFileName()), insideFile);
    Files.createDirectories(logs.resolve("outfile"));
    Files.createSymbolicLink(logs.resolve("outfile").resolve(outsideFile.getFileName()),
        outsideFile);
    Files.createSymbolicLink(logs.resolve("outdir"), outside.resolve("elsewhere"));
    store.scan();
    assertEquals(List.of("filelink", "real"), runs());
    assertEquals(1, problemsAbout("outdir").size());
    assertTrue(problemsAbout("outdir").get(0).cause().contains("outside the log directory"));
    assertEquals(1, problemsAbout(outsideFile.getFileName().toString()).size());
  }

  @Test
  void aLinkedFolderInsideTheLogDirectoryIsServedOnceUnderItsRealName() throws Exception {
    write(logs.resolve("exp/real"));
    Files.createSymbolicLink(logs.resolve("alias"), logs.resolve("exp"));
    store.scan();
    assertEquals(List.of("exp/real"), runs());
  }

  @Test
  @org.junit.jupiter.api.Timeout(20)
  void aFifoNamedLikeALogFileIsNeitherOpenedNorBlocksTheScan() throws Exception {
    write(logs.resolve("a"));
    Files.createDirectories(logs.resolve("b"));
    Path fifo = logs.resolve("b/events.out.tfevents.1.host.vdl");
    Process p;
    try {
      p = new ProcessBuilder("mkfifo", fifo.toString()).start();
    } catch (IOException e) {
      org.junit.jupiter.api.Assumptions.abort("no mkfifo here: " + e);
      return;
    }
    assertEquals(0, p.waitFor());
    Files.createSymbolicLink(logs.resolve("a/link.vdl"), fifo);
    store.scan();
    assertEquals(List.of("a"), runs());
  }

  @Test
  void runsFarBelowTheLogDirectoryAreServed() throws Exception {
    Path deep = logs;
    for (int i = 0; i < 300; i++) {
      deep = deep.resolve("d");
    }
    write(deep);
    write(logs.resolve("top"));
    store.scan();
    assertEquals(2, runs().size(), runs().toString());
  }

  @Test
  void foldersBeyondTheDepthLimitAreReportedNotDroppedSilently() throws Exception {
    Path deep = logs;
    for (int i = 0; i <= RunDiscovery.MAX_DEPTH; i++) {
      deep = deep.resolve("d");
    }
    Files.createDirectories(deep);
    write(logs.resolve("top"));
    store.scan();
    assertEquals(List.of("top"), runs());
    assertEquals(1, store.status().problemDetails().size(), store.status().problems().toString());
    assertTrue(store.status().problems().get(0).contains("more than 1000 folders"));
    // Deleting this tree bottom-up here takes a second; JUnit's own clean-up takes a minute.
    for (Path p = deep; !p.equals(logs); p = p.getParent()) {
      Files.delete(p);
    }
  }
}
