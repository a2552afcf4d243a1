package org.visualdl.maintainer.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.visualdl.api.LogDirectoryStatus;
import org.visualdl.api.RunInfo;
import org.visualdl.api.ScalarQuery;
import org.visualdl.api.StoreProblem;
import org.visualdl.api.StoreStatus;
import org.visualdl.api.storage.FileStat;
import org.visualdl.api.storage.Listing;
import org.visualdl.api.storage.SeekableByteSource;
import org.visualdl.api.storage.StorageBackend;
import org.visualdl.api.storage.StorageResolver;
import org.visualdl.api.storage.StorageWriter;
import org.visualdl.sdk.LogWriter;
import org.visualdl.storage.RecordLogFormat;

/**
 * The maintainer over a store that is not the local file system, as it treats HDFS and S3: a
 * {@code test://} backend that serves a real local folder through the local backend, counts its
 * listings, and can be made unreachable (every request then fails as against a stopped endpoint).
 */
class RemoteStorageTest {
  @TempDir Path base;
  final InformationMaintainer store = new InformationMaintainer();
  final TestStore remote = new TestStore();

  /** A store of scheme {@code test}: {@code test://store/a/b} is {@code base/a/b}. */
  final class TestStore implements StorageBackend {
    final StorageBackend local;
    final AtomicLong listings = new AtomicLong();
    final AtomicLong opens = new AtomicLong();
    volatile String down;

    TestStore() {
      try {
        local = StorageResolver.fromServiceLoader().backendFor(URI.create("file:/"));
      } catch (IOException e) {
        throw new IllegalStateException(e);
      }
    }

    private URI local(URI uri) {
      return base.resolve(uri.getPath().substring(1)).toUri();
    }

    private FileStat remote(FileStat f) {
      String rel = base.toUri().relativize(f.uri()).getPath();
      return new FileStat(URI.create("test://store/" + rel), f.relativePath(), f.size(),
          f.modifiedMs(), f.key());
    }

    private void reachable() throws IOException {
      String d = down;
      if (d != null) {
        throw new IOException(d);
      }
    }

    @Override
    public Set<String> schemes() {
      return Set.of("test");
    }

    @Override
    public List<FileStat> list(URI root) throws IOException {
      return listing(root).files();
    }

    @Override
    public Listing listing(URI root) throws IOException {
      listings.incrementAndGet();
      reachable();
      Listing l = local.listing(local(root));
      return new Listing(l.files().stream().map(this::remote).toList(), l.problems(),
          l.unlisted());
    }

    @Override
    public Map<String, Long> counters() {
      return Map.of("list", listings.get());
    }

    @Override
    public FileStat stat(URI file) throws IOException {
      reachable();
      return remote(local.stat(local(file)));
    }

    @Override
    public SeekableByteSource open(URI file) throws IOException {
      opens.incrementAndGet();
      reachable();
      return local.open(local(file));
    }

    @Override
    public StorageWriter create(URI file) throws IOException {
      return local.create(local(file));
    }

    @Override
    public StorageWriter append(URI file) throws IOException {
      return local.append(local(file));
    }

    @Override
    public void delete(URI file) throws IOException {
      local.delete(local(file));
    }
  }

  @AfterEach
  void stop() {
    store.stop();
  }

  private void write(String run, int from, int to) throws IOException {
    try (LogWriter w = LogWriter.open(base.resolve(run))) {
      for (int i = from; i < to; i++) {
        w.addScalar("x", i, i);
      }
    }
  }

  private long points(String run) {
    return store.scalars(run, "x", ScalarQuery.everyPoint()).map(p -> (long) p.size()).orElse(-1L);
  }

  private List<String> runs() {
    return store.runs().stream().map(RunInfo::name).toList();
  }

  private void serve(String spec) {
    store.configureBackends(remote);
    store.configure(LogDirectory.parse(spec), new RecordLogFormat());
  }

  @Test
  void runsOnAnotherStoreAreServedByTheirNamedLocation() throws Exception {
    write("logs/a", 0, 10);
    write("logs/exp/b", 0, 5);
    serve("remote:test://store/logs");
    store.scan();
    assertEquals(List.of("remote/a", "remote/exp/b"), runs());
    assertEquals(10, points("remote/a"));
    write("logs/a", 10, 15);
    store.scan();
    assertEquals(15, points("remote/a"), "new files are read on the next listing");
  }

  @Test
  void oneListingPerPollPerDirectoryWhateverTheNumberOfFiles() throws Exception {
    for (int r = 0; r < 10; r++) {
      for (int f = 0; f < 3; f++) {
        write("one/run" + r, f * 10, f * 10 + 10);
      }
    }
    write("two/run", 0, 10);
    serve("test://store/one,test://store/two");
    store.scan();
    long opened = remote.opens.get();
    for (int i = 0; i < 3; i++) {
      store.scan();
    }
    assertEquals(opened, remote.opens.get(), "polls that list nothing new read nothing");
    assertEquals(11, runs().size());
    assertEquals(30, points("run0"));
    assertEquals(8, remote.listings.get(), "two directories, four polls");
    assertEquals(Map.of("list", 8L), store.status().directories().get(0).counters());
  }

  @Test
  void aListingThatFailsKeepsTheRunsReportsOnceAndRecovers() throws Exception {
    write("logs/a", 0, 10);
    write("logs/b", 0, 20);
    serve("test://store/logs");
    store.scan();
    assertEquals(ok(), store.status().directories().get(0).state());
    remote.down = "cannot reach test://store: connection refused; check that the endpoint is up";
    for (int i = 0; i < 5; i++) {
      store.scan();
    }
    assertEquals(List.of("a", "b"), runs(), "what was loaded stays served");
    assertEquals(20, points("b"));
    StoreStatus s = store.status();
    assertTrue(s.degraded());
    LogDirectoryStatus d = s.directories().get(0);
    assertEquals("test://store/logs", d.location());
    assertEquals(LogDirectoryStatus.UNREACHABLE, d.state());
    assertTrue(d.error().contains("connection refused"), d.error());
    assertTrue(d.sinceMs() > 0 && d.nextRetryMs() >= d.sinceMs(), d.toString());
    List<StoreProblem> reported = s.problemDetails().stream()
        .filter(p -> p.cause().contains("connection refused")).toList();
    assertEquals(1, reported.size(), s.problemDetails().toString());
    assertEquals(1, reported.get(0).count(), "reported once, not once per retry");

    remote.down = null;
    write("logs/c", 0, 3);
    store.scan();
    s = store.status();
    assertFalse(s.degraded());
    assertEquals(ok(), s.directories().get(0).state());
    assertEquals("", s.directories().get(0).error());
    assertEquals(List.of("a", "b", "c"), runs());
  }

  private static String ok() {
    return LogDirectoryStatus.OK;
  }

  @Test
  void aLocalLogDirectoryRemovedAndRestoredKeepsItsRunsMeanwhile() throws Exception {
    write("logs/a", 0, 10);
    store.configure(LogDirectory.parse(base.resolve("logs").toString()), new RecordLogFormat());
    store.scan();
    Files.move(base.resolve("logs"), base.resolve("away"));
    store.scan();
    store.scan();
    assertEquals(List.of("a"), runs());
    assertEquals(10, points("a"));
    LogDirectoryStatus d = store.status().directories().get(0);
    assertEquals(LogDirectoryStatus.UNREACHABLE, d.state());
    assertTrue(d.error().contains("does not exist"), d.error());
    Files.move(base.resolve("away"), base.resolve("logs"));
    write("logs/a", 10, 12);
    store.scan();
    assertEquals(LogDirectoryStatus.OK, store.status().directories().get(0).state());
    assertEquals(12, points("a"));
  }

  @Test
  void aDirectoryWhoseBackendIsNotThereYetIsOneProblemAndServedWhenItComes() throws Exception {
    write("logs/a", 0, 4);
    store.configure(LogDirectory.parse("test://store/logs"), new RecordLogFormat());
    store.scan();
    store.scan();
    List<StoreProblem> p = store.status().problemDetails();
    assertEquals(1, p.size(), p.toString());
    assertTrue(p.get(0).cause().startsWith("no storage backend for test://"), p.get(0).cause());
    assertEquals(LogDirectoryStatus.UNREACHABLE, store.status().directories().get(0).state());
    assertTrue(runs().isEmpty());
    store.configureBackends(remote);
    store.scan();
    assertEquals(List.of("a"), runs());
    assertFalse(store.status().degraded());
  }

  @Test
  void aSingleRemoteFileIsServedAloneByItsName() throws Exception {
    write("logs/m", 0, 7);
    String name;
    try (var s = Files.list(base.resolve("logs/m"))) {
      name = s.findFirst().orElseThrow().getFileName().toString();
    }
    write("logs/m", 100, 101);
    serve("model:test://store/logs/m/" + name);
    store.scan();
    assertEquals(List.of("model"), runs());
    assertEquals(7, points("model"), "the other file of its folder is not read");
    assertEquals(0, remote.listings.get(), "a single file costs a stat, no listing");
  }

  @Test
  void remoteDirectoriesAreListedAtTheRemoteIntervalAndBackOffWhenUnreachable()
      throws Exception {
    write("logs/a", 0, 3);
    store.configureBackends(remote);
    store.addFormat(new RecordLogFormat());
    store.start(LogDirectory.parse("test://store/logs"), 50, 400);
    Thread.sleep(2100);
    long listed = remote.listings.get();
    // Listed at 0, 400, 800, ... ms: about 6 times; at the local interval it would be 40.
    assertTrue(listed >= 4 && listed <= 7, "listed " + listed + " times in 2.1 s");
    assertEquals(List.of("a"), runs());

    remote.down = "cannot reach test://store: connection refused";
    long before = remote.listings.get();
    Thread.sleep(4000);
    long tries = remote.listings.get() - before;
    // 400, 800, 1600, 3200 ms apart: at most 4 tries in 4 s instead of 10.
    assertTrue(tries >= 2 && tries <= 4, "tried " + tries + " times in 4 s");
    LogDirectoryStatus d = store.status().directories().get(0);
    assertEquals(LogDirectoryStatus.UNREACHABLE, d.state());
    assertTrue(d.nextRetryMs() > System.currentTimeMillis() - 100, d.toString());
    assertEquals(List.of("a"), runs());
  }
}
