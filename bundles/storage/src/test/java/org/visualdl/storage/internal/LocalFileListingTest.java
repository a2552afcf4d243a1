package org.visualdl.storage.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeFalse;

import java.io.IOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.visualdl.api.storage.FileStat;
import org.visualdl.api.storage.Listing;

/**
 * The local listing's walking rules: a folder that fails is one problem and never hides the rest;
 * deep folders are listed; symbolic links follow one rule.
 */
class LocalFileListingTest {
  @TempDir Path logs;
  @TempDir Path outside;
  private final LocalFileBackend backend = new LocalFileBackend();

  private static void file(Path p) throws IOException {
    Files.createDirectories(p.getParent());
    Files.write(p, new byte[] {1, 2, 3});
  }

  private Listing listing() throws IOException {
    return backend.listing(logs.toUri());
  }

  private static List<String> paths(Listing l) {
    return l.files().stream().map(FileStat::relativePath).sorted().toList();
  }

  private static List<Listing.Problem> problemsAbout(Listing l, String pathEnd) {
    return l.problems().stream().filter(p -> p.path().endsWith(pathEnd)).toList();
  }

  @Test
  void aMissingRootIsNoSuchFile() {
    assertThrows(NoSuchFileException.class, () -> backend.listing(logs.resolve("nope").toUri()));
  }

  @Test
  void aRootThatCannotBeReadFailsTheListing() throws Exception {
    assumeFalse("root".equals(System.getProperty("user.name")),
        "running as root, which lists any folder");
    Path root = logs.resolve("root");
    file(root.resolve("a/1.vdl"));
    Files.setPosixFilePermissions(root, PosixFilePermissions.fromString("---------"));
    try {
      assertThrows(java.nio.file.AccessDeniedException.class, () -> backend.listing(root.toUri()));
    } finally {
      Files.setPosixFilePermissions(root, PosixFilePermissions.fromString("rwx------"));
    }
  }

  @Test
  void aFolderChmod000IsOneProblemUnlistedAndTheRestIsListed() throws Exception {
    assumeFalse("root".equals(System.getProperty("user.name")),
        "running as root, which lists any folder: the same path is tested with a path too long to"
            + " open in aFolderWhosePathIsTooLongToOpenIsOneProblemUnlistedAndTheRestIsListed");
    file(logs.resolve("a/1.vdl"));
    file(logs.resolve("locked/inner/1.vdl"));
    file(logs.resolve("z/1.vdl"));
    Path locked = logs.resolve("locked");
    Files.setPosixFilePermissions(locked, PosixFilePermissions.fromString("---------"));
    try {
      Listing l = listing();
      assertEquals(List.of("a/1.vdl", "z/1.vdl"), paths(l));
      assertEquals(1, problemsAbout(l, "locked").size(), l.problems().toString());
      assertTrue(problemsAbout(l, "locked").get(0).cause().contains("cannot be read"));
      assertEquals(java.util.Set.of("locked"), l.unlisted());
      assertTrue(l.unknown("locked/inner"), "what is known below it is kept");
    } finally {
      Files.setPosixFilePermissions(locked, PosixFilePermissions.fromString("rwx------"));
    }
  }

  /**
   * A folder the system cannot open whoever asks (root too): its absolute path is longer than
   * PATH_MAX. Built by renaming the innermost folder first, so that each rename's paths are short.
   */
  @Test
  void aFolderWhosePathIsTooLongToOpenIsOneProblemUnlistedAndTheRestIsListed() throws Exception {
    file(logs.resolve("a/1.vdl"));
    file(logs.resolve("z/1.vdl"));
    int levels = 20;
    Path deep = logs.resolve("long");
    for (int i = 1; i < levels; i++) {
      deep = deep.resolve("d" + i);
    }
    file(deep.resolve("1.vdl"));
    String longName = "x".repeat(250);
    for (Path p = deep; !p.equals(logs.resolve("long")); p = p.getParent()) {
      Files.move(p, p.resolveSibling(longName));
    }
    Listing l = listing();
    assertEquals(List.of("a/1.vdl", "z/1.vdl"), paths(l));
    assertEquals(1, l.problems().size(), l.problems().toString());
    assertTrue(l.problems().get(0).cause().contains("cannot be read"), l.problems().toString());
    assertEquals(1, l.unlisted().size());
    assertTrue(l.unlisted().iterator().next().startsWith("long/"), l.unlisted().toString());
    // Shorten the names from the outside in, so that JUnit's clean-up can delete the tree.
    for (Path p = logs.resolve("long"); Files.isDirectory(p.resolve(longName)); p = p.resolve("s")) {
      Files.move(p.resolve(longName), p.resolve("s"));
    }
    deleteTree(logs.resolve("long"));
  }

  private static void deleteTree(Path p) throws IOException {
    if (Files.isDirectory(p, java.nio.file.LinkOption.NOFOLLOW_LINKS)) {
      try (var s = Files.list(p)) {
        for (Path c : s.toList()) {
          deleteTree(c);
        }
      }
    }
    Files.delete(p);
  }

  @Test
  void symbolicLinkLoopsAndDanglingLinksAreProblemsAndTheRestIsListed() throws Exception {
    file(logs.resolve("a/1.vdl"));
    file(logs.resolve("z/1.vdl"));
    Files.createSymbolicLink(logs.resolve("loop1"), logs.resolve("loop2"));
    Files.createSymbolicLink(logs.resolve("loop2"), logs.resolve("loop1"));
    Files.createSymbolicLink(logs.resolve("dangling"), logs.resolve("nothing-here"));
    Files.createSymbolicLink(logs.resolve("a/up"), logs); // a loop through a folder link
    Listing l = listing();
    assertEquals(List.of("a/1.vdl", "z/1.vdl"), paths(l));
    assertEquals(1, problemsAbout(l, "loop1").size());
    assertEquals(1, problemsAbout(l, "dangling").size());
    assertEquals(List.of(), problemsAbout(l, "/up"), "a link to a folder walked already is fine");
  }

  @Test
  void linksInsideTheRootAreFollowedLinksOutsideAreRefusedAndReported() throws Exception {
    file(logs.resolve("real/1.vdl"));
    file(outside.resolve("elsewhere/2.vdl"));
    Files.createDirectories(logs.resolve("filelink"));
    Files.createSymbolicLink(logs.resolve("filelink/1.vdl"), logs.resolve("real/1.vdl"));
    Files.createDirectories(logs.resolve("outfile"));
    Files.createSymbolicLink(logs.resolve("outfile/2.vdl"), outside.resolve("elsewhere/2.vdl"));
    Files.createSymbolicLink(logs.resolve("outdir"), outside.resolve("elsewhere"));
    Listing l = listing();
    assertEquals(List.of("filelink/1.vdl", "real/1.vdl"), paths(l));
    assertEquals(1, problemsAbout(l, "outdir").size());
    assertTrue(problemsAbout(l, "outdir").get(0).cause().contains("outside the log directory"));
    assertEquals(1, problemsAbout(l, "outfile/2.vdl").size());
    FileStat linked = l.files().stream()
        .filter(f -> f.relativePath().equals("filelink/1.vdl")).findFirst().orElseThrow();
    assertEquals(3, linked.size(), "a followed link lists its target's size");
  }

  @Test
  void aLinkedFolderInsideTheRootIsListedOnceUnderItsRealName() throws Exception {
    file(logs.resolve("exp/real/1.vdl"));
    Files.createSymbolicLink(logs.resolve("alias"), logs.resolve("exp"));
    assertEquals(List.of("exp/real/1.vdl"), paths(listing()));
  }

  @Test
  @Timeout(20)
  void aFifoIsNotListed() throws Exception {
    file(logs.resolve("a/1.vdl"));
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
    assertEquals(List.of("a/1.vdl"), paths(listing()));
  }

  @Test
  void filesFarBelowTheRootAreListed() throws Exception {
    Path deep = logs;
    for (int i = 0; i < 300; i++) {
      deep = deep.resolve("d");
    }
    file(deep.resolve("1.vdl"));
    file(logs.resolve("top/1.vdl"));
    Listing l = listing();
    assertEquals(2, l.files().size(), paths(l).toString());
    FileStat far = l.files().stream().filter(f -> f.relativePath().startsWith("d/")).findFirst()
        .orElseThrow();
    assertEquals(URI.create(deep.resolve("1.vdl").toUri().toString()), far.uri());
  }

  @Test
  void foldersBeyondTheDepthLimitAreReportedNotDroppedSilently() throws Exception {
    Path deep = logs;
    for (int i = 0; i <= LocalFileBackend.MAX_DEPTH; i++) {
      deep = deep.resolve("d");
    }
    Files.createDirectories(deep);
    file(logs.resolve("top/1.vdl"));
    Listing l = listing();
    assertEquals(List.of("top/1.vdl"), paths(l));
    assertEquals(1, l.problems().size(), l.problems().toString());
    assertTrue(l.problems().get(0).cause().contains("more than 1000 folders"));
    assertEquals(1, l.unlisted().size());
    // Deleting this tree bottom-up here takes a second; JUnit's own clean-up takes a minute.
    for (Path p = deep; !p.equals(logs); p = p.getParent()) {
      Files.delete(p);
    }
  }
}
