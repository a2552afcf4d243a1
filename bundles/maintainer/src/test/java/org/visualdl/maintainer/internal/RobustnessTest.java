package org.visualdl.maintainer.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeFalse;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Comparator;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.visualdl.api.RunInfo;
import org.visualdl.api.ScalarQuery;
import org.visualdl.sdk.LogWriter;

/** Files and folders that change under the maintainer: everything else keeps being served. */
class RobustnessTest {
  @TempDir Path logs;
  final InformationMaintainer store = new InformationMaintainer();

  @AfterEach
  void stop() {
    store.stop();
  }

  private void write(String run, String tag, int from, int to) throws Exception {
    try (LogWriter w = LogWriter.open(logs.resolve(run))) {
      for (int i = from; i < to; i++) {
        w.addScalar(tag, i, i);
      }
    }
  }

  private long points(String run, String tag) {
    return store.scalars(run, tag, ScalarQuery.everyPoint()).map(p -> (long) p.size()).orElse(-1L);
  }

  @Test
  void aDeletedFileTakesItsPointsAlongAndNewFilesStillLoad() throws Exception {
    store.configure(List.of(new LogDirectory("", logs.toUri())), new org.visualdl.storage.RecordLogFormat());
    write("run", "x", 0, 10);
    store.scan();
    try (Stream<Path> files = Files.list(logs.resolve("run"))) {
      for (Path f : files.toList()) {
        Files.delete(f);
      }
    }
    write("run", "x", 10, 20);
    store.scan();
    assertEquals(10, points("run", "x"), "what is gone from disk is gone from the store");
    assertEquals(1, store.status().files());
  }

  @Test
  void aFileTruncatedAndRewrittenIsReadAgainWithoutDuplicates() throws Exception {
    store.configure(List.of(new LogDirectory("", logs.toUri())), new org.visualdl.storage.RecordLogFormat());
    write("run", "x", 0, 100);
    store.scan();
    Path file;
    try (Stream<Path> files = Files.list(logs.resolve("run"))) {
      file = files.findFirst().orElseThrow();
    }
    byte[] all = Files.readAllBytes(file);
    Files.write(file, new byte[0]);
    store.scan();
    Files.write(file, all);
    store.scan();
    assertEquals(100, points("run", "x"));
  }

  @Test
  void aRemovedRunFolderStopsBeingServedWhileOthersStay() throws Exception {
    store.configure(List.of(new LogDirectory("", logs.toUri())), new org.visualdl.storage.RecordLogFormat());
    write("gone", "x", 0, 5);
    write("stays", "x", 0, 5);
    store.scan();
    assertEquals(2, store.runs().size());
    try (Stream<Path> s = Files.walk(logs.resolve("gone"))) {
      for (Path p : s.sorted(Comparator.reverseOrder()).toList()) {
        Files.delete(p);
      }
    }
    store.scan();
    assertEquals(List.of("stays"), store.runs().stream().map(RunInfo::name).toList());
    assertEquals(5, points("stays", "x"));
  }

  @Test
  void anUnreadableFileIsReportedAndTheRestServed() throws Exception {
    assumeFalse("root".equals(System.getProperty("user.name")),
        "running as root, which reads any file: permission denied cannot happen");
    store.configure(List.of(new LogDirectory("", logs.toUri())), new org.visualdl.storage.RecordLogFormat());
    write("locked", "x", 0, 5);
    write("open", "x", 0, 5);
    try (Stream<Path> files = Files.list(logs.resolve("locked"))) {
      for (Path f : files.toList()) {
        Files.setPosixFilePermissions(f, PosixFilePermissions.fromString("---------"));
      }
    }
    store.scan();
    assertEquals(5, points("open", "x"));
    assertTrue(store.status().problems().stream().anyMatch(p -> p.contains("cannot be read")));
  }

  @Test
  void corruptBytesInTheMiddleAreReportedAndTheRestOfTheFileLoads() throws Exception {
    store.configure(List.of(new LogDirectory("", logs.toUri())), new org.visualdl.storage.RecordLogFormat());
    try (LogWriter w = LogWriter.open(logs.resolve("run"))) {
      for (int i = 0; i < 3; i++) {
        w.addScalar("x", i, i);
        w.flush();
      }
    }
    Path file;
    try (Stream<Path> files = Files.list(logs.resolve("run"))) {
      file = files.findFirst().orElseThrow();
    }
    byte[] b = Files.readAllBytes(file);
    b[b.length / 2] ^= 0x5a;
    Files.write(file, b);
    store.scan();
    assertTrue(points("run", "x") >= 1, "the frames around the damage still load");
    assertFalse(store.status().problems().isEmpty());
  }
}
