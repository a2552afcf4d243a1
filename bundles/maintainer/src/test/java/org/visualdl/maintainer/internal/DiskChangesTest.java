package org.visualdl.maintainer.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.awt.image.BufferedImage;
import java.io.IOException;
import java.io.RandomAccessFile;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.visualdl.api.BlobRef;
import org.visualdl.api.Kind;
import org.visualdl.api.RunInfo;
import org.visualdl.api.ScalarPoint;
import org.visualdl.api.ScalarQuery;
import org.visualdl.api.StoreChange;
import org.visualdl.sdk.LogWriter;
import org.visualdl.storage.RecordLogFormat;

/**
 * Files that change on disk: replaced, cut, rewritten, deleted. What is served follows the disk
 * and never mixes old and new.
 */
class DiskChangesTest {
  static final Kind IMAGE = new Kind("image");
  @TempDir Path logs;
  final InformationMaintainer store = new InformationMaintainer();
  final List<StoreChange> events = new ArrayList<>();

  @BeforeEach
  void configure() {
    store.configure(List.of(new LogDirectory("", logs.toUri())), new RecordLogFormat());
    store.listeners = List.of(events::addAll);
  }

  @AfterEach
  void stop() {
    store.stop();
  }

  /** Writes scalars x = value at steps [from, to) into a new file of the run. */
  private void write(String run, long from, long to, double value) throws IOException {
    try (LogWriter w = LogWriter.open(logs.resolve(run))) {
      for (long i = from; i < to; i++) {
        w.addScalar("x", i, value);
      }
    }
  }

  private List<ScalarPoint> points(String run) {
    return store.scalars(run, "x", ScalarQuery.everyPoint()).map(p -> {
      List<ScalarPoint> l = new ArrayList<>();
      for (int i = 0; i < p.size(); i++) {
        l.add(new ScalarPoint(p.steps()[i], p.values()[i], p.wallTimesMs()[i]));
      }
      return l;
    }).orElse(List.of());
  }

  private static Path onlyFile(Path folder) throws IOException {
    try (Stream<Path> s = Files.list(folder)) {
      List<Path> files = s.toList();
      assertEquals(1, files.size(), files.toString());
      return files.get(0);
    }
  }

  private static void deleteTree(Path p) throws IOException {
    try (Stream<Path> s = Files.walk(p)) {
      for (Path q : s.sorted(Comparator.reverseOrder()).toList()) {
        Files.delete(q);
      }
    }
  }

  private static void copyTree(Path from, Path to) throws IOException {
    Files.createDirectories(to);
    try (Stream<Path> s = Files.list(from)) {
      for (Path f : s.toList()) {
        Files.copy(f, to.resolve(f.getFileName()));
      }
    }
  }

  private void assertOnly(String run, long steps, double value) {
    List<ScalarPoint> p = points(run);
    assertEquals(steps, p.size(), p.toString());
    for (ScalarPoint q : p) {
      assertEquals(value, q.value(), "step " + q.step() + " mixes old and new");
    }
  }

  @Test
  void aFolderReplacedByAnotherRunsFilesServesOnlyTheNewFiles() throws Exception {
    write("run", 0, 100, 1);
    write("other", 0, 40, 2);
    store.scan();
    events.clear();
    deleteTree(logs.resolve("run"));
    copyTree(logs.resolve("other"), logs.resolve("run"));
    long version = store.dataVersion("run", "x", Kind.SCALAR);
    store.scan();
    assertOnly("run", 40, 2);
    assertTrue(store.dataVersion("run", "x", Kind.SCALAR) != version,
        "results cached by data version are not served for the new data");
    assertTrue(events.contains(new StoreChange(StoreChange.Type.RUN_REMOVED, "run", "", null, 0)),
        "clients are told to drop the run: " + events);
    assertTrue(events.contains(new StoreChange(StoreChange.Type.RUN_ADDED, "run", "", null, 0)));
  }

  @Test
  void aFileTruncatedAndRewrittenInPlaceWithOtherContentServesTheNewContent() throws Exception {
    write("run", 0, 100, 1);
    write("other", 0, 120, 2);
    store.scan();
    Path file = onlyFile(logs.resolve("run"));
    Object inode = Files.readAttributes(file, java.nio.file.attribute.BasicFileAttributes.class).fileKey();
    Files.write(file, Files.readAllBytes(onlyFile(logs.resolve("other")))); // same inode, longer
    assertEquals(inode, Files.readAttributes(file, java.nio.file.attribute.BasicFileAttributes.class).fileKey());
    store.scan();
    assertOnly("run", 120, 2);
  }

  @Test
  void aFileShrunkToHalfThenAppendedServesTheNewContent() throws Exception {
    write("run", 0, 1000, 1);
    write("other", 0, 600, 2);
    store.scan();
    Path file = onlyFile(logs.resolve("run"));
    long half = Files.size(file) / 2;
    try (RandomAccessFile f = new RandomAccessFile(file.toFile(), "rw")) {
      f.setLength(half);
    }
    store.scan();
    assertTrue(points("run").size() < 1000, "the cut-off half is gone");
    Files.write(file, Files.readAllBytes(onlyFile(logs.resolve("other"))));
    store.scan();
    assertOnly("run", 600, 2);
  }

  @Test
  void aFileCutAndAppendedBetweenTwoScansIsStillSeen() throws Exception {
    write("run", 0, 1000, 1);
    write("other", 0, 2000, 2);
    store.scan();
    Path file = onlyFile(logs.resolve("run"));
    byte[] mine = Files.readAllBytes(file);
    byte[] other = Files.readAllBytes(onlyFile(logs.resolve("other")));
    // Keep the first half (same first bytes), then another file's frames: longer than before.
    byte[] mixed = new byte[mine.length / 2 + other.length];
    System.arraycopy(mine, 0, mixed, 0, mine.length / 2);
    System.arraycopy(other, 0, mixed, mine.length / 2, other.length);
    events.clear();
    Files.write(file, mixed);
    store.scan();
    assertTrue(events.contains(new StoreChange(StoreChange.Type.RUN_REMOVED, "run", "", null, 0)),
        "the rewrite is seen although the file only grew: " + events);
    assertTrue(points("run").size() != 1000, "the old points are not kept");
  }

  @Test
  void aFileAtomicallyRenamedOverServesTheNewFile() throws Exception {
    write("run", 0, 50, 1);
    write("other", 0, 30, 2);
    store.scan();
    Path file = onlyFile(logs.resolve("run"));
    Path tmp = logs.resolve("tmp.partial");
    Files.copy(onlyFile(logs.resolve("other")), tmp);
    Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
    store.scan();
    assertOnly("run", 30, 2);
  }

  @Test
  void aFileDeletedBesideAnotherLeavesOnlyTheOthersPoints() throws Exception {
    write("run", 0, 10, 1);
    Path first = onlyFile(logs.resolve("run"));
    Thread.sleep(5);
    write("run", 10, 20, 1);
    store.scan();
    assertEquals(20, points("run").size());
    Files.delete(first);
    store.scan();
    List<ScalarPoint> p = points("run");
    assertEquals(10, p.size());
    assertEquals(10, p.get(0).step());
  }

  @Test
  void aRunWhoseFilesAreAllDeletedDisappearsWhileItsFolderStays() throws Exception {
    write("gone", 0, 10, 1);
    write("stays", 0, 10, 1);
    store.scan();
    Files.delete(onlyFile(logs.resolve("gone")));
    store.scan();
    assertEquals(List.of("stays"), store.runs().stream().map(RunInfo::name).toList());
    assertTrue(Files.isDirectory(logs.resolve("gone")));
    assertTrue(store.tablets(Kind.SCALAR).stream().noneMatch(t -> t.run().equals("gone")));
    assertTrue(events.contains(new StoreChange(StoreChange.Type.RUN_REMOVED, "gone", "", null, 0)));
    write("gone", 5, 8, 3);
    store.scan();
    assertOnly("gone", 3, 3);
  }

  private static BufferedImage image(int size) {
    BufferedImage i = new BufferedImage(size, size, BufferedImage.TYPE_INT_RGB);
    i.setRGB(0, 0, 0xff0000);
    return i;
  }

  private void writeImages(String run, int from, int to, int size) throws IOException {
    try (LogWriter w = LogWriter.open(logs.resolve(run))) {
      for (int i = from; i < to; i++) {
        w.addImage("img", i, image(size));
      }
    }
  }

  @Test
  void blobsOfAReplacedFileAreNeverReadAtTheirOldPlaceInTheNewFile() throws Exception {
    writeImages("run", 0, 20, 8);
    writeImages("other", 100, 103, 16);
    store.scan();
    List<BlobRef> before = store.blobs("run", "img", IMAGE).orElseThrow();
    assertEquals(20, before.size());
    deleteTree(logs.resolve("run"));
    copyTree(logs.resolve("other"), logs.resolve("run"));
    // Before the next scan: the old locators must not be used against the new file.
    for (BlobRef r : before) {
      Optional<byte[]> b = store.blob("run", "img", IMAGE, r.step(), r.index());
      assertTrue(b.isEmpty(), "step " + r.step() + " of the old file served from the new one");
    }
    store.scan();
    List<BlobRef> after = store.blobs("run", "img", IMAGE).orElseThrow();
    assertEquals(List.of(100L, 101L, 102L), after.stream().map(BlobRef::step).toList());
    for (BlobRef r : after) {
      assertTrue(store.blob("run", "img", IMAGE, r.step(), r.index()).isPresent());
    }
  }
}
