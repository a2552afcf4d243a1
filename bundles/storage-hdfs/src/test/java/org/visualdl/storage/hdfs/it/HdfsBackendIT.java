package org.visualdl.storage.hdfs.it;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.stream.Collectors;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.hdfs.MiniDFSCluster;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.visualdl.api.storage.FileStat;
import org.visualdl.api.storage.SeekableByteSource;
import org.visualdl.api.storage.StorageBackend;
import org.visualdl.api.storage.StorageResolver;
import org.visualdl.api.storage.StorageWriter;
import org.visualdl.storage.hdfs.internal.HdfsBackend;
import java.io.File;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.ServiceLoader;
import org.osgi.framework.Bundle;
import org.osgi.framework.BundleContext;
import org.osgi.framework.Constants;
import org.osgi.framework.launch.Framework;
import org.osgi.framework.launch.FrameworkFactory;
import org.osgi.util.tracker.ServiceTracker;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;

/**
 * The HDFS backend against a real NameNode and DataNode (one MiniDFSCluster for the class), on
 * the plain class path and as the bundle jar inside Felix. Runs after packaging (failsafe).
 */
class HdfsBackendIT {

  private static MiniDFSCluster cluster;
  private static HdfsBackend backend;
  private static String nn;
  private static Path base;

  @BeforeAll
  static void startCluster() throws Exception {
    base = Files.createTempDirectory("minidfs");
    Configuration conf = new Configuration();
    conf.set(MiniDFSCluster.HDFS_MINIDFS_BASEDIR, base.toString());
    // three entries per getListing page, so listings of more files must paginate
    conf.setInt("dfs.ls.limit", 3);
    cluster = new MiniDFSCluster.Builder(conf).numDataNodes(1).build();
    cluster.waitActive();
    nn = "hdfs://localhost:" + cluster.getNameNodePort();
    // one DataNode: appending must not look for a replacement
    backend = new HdfsBackend(Map.of(
        "dfs.client.block.write.replace-datanode-on-failure.enable", "false"));
  }

  @AfterAll
  static void stopCluster() throws IOException {
    if (backend != null) {
      backend.close();
    }
    if (cluster != null) {
      cluster.shutdown(true);
    }
  }

  private static URI uri(String path) {
    return URI.create(nn + path);
  }

  private static byte[] bytes(int n, long seed) {
    byte[] b = new byte[n];
    new Random(seed).nextBytes(b);
    return b;
  }

  private static void write(URI file, byte[] content) throws IOException {
    try (StorageWriter w = backend.create(file)) {
      w.write(content, 0, content.length);
    }
  }

  @Test
  void listsEveryFileBelowTheRootAcrossPagesWithSizeTimeAndKey() throws IOException {
    for (int i = 0; i < 7; i++) {
      write(uri("/list/run" + (i % 2) + "/f" + i + ".vdl"), bytes(100 + i, i));
    }
    write(uri("/list/top.vdl"), bytes(5, 99));
    write(uri("/elsewhere/x.vdl"), bytes(5, 98));

    long before = System.currentTimeMillis() - 60_000;
    List<FileStat> files = backend.list(uri("/list"));

    assertEquals(8, files.size(), files.toString());
    Map<String, FileStat> byPath = files.stream()
        .collect(Collectors.toMap(FileStat::relativePath, f -> f));
    assertEquals(Set.of("run0/f0.vdl", "run1/f1.vdl", "run0/f2.vdl", "run1/f3.vdl",
        "run0/f4.vdl", "run1/f5.vdl", "run0/f6.vdl", "top.vdl"), byPath.keySet());
    FileStat f3 = byPath.get("run1/f3.vdl");
    assertEquals(103, f3.size());
    assertEquals(uri("/list/run1/f3.vdl"), f3.uri());
    assertEquals("run1", f3.parent());
    assertTrue(f3.modifiedMs() > before);
    assertTrue(f3.key().startsWith("hdfs-inode:"), f3.key());
    assertEquals(8, files.stream().map(FileStat::key).distinct().count());
    assertEquals(f3.key(), backend.stat(f3.uri()).key());
    assertEquals(103, backend.stat(f3.uri()).size());
  }

  @Test
  void listsALevelOfFoldersInSharedPagesAndCountsEveryRequest() throws IOException {
    // dfs.ls.limit=3: the top folder (2 folders, 1 file) is one getListing page; the two run
    // folders' 14 files, listed together in batched listings, are ceil(14 / 3) = 5 pages (one
    // folder after the other would be 3 + 3)
    for (int i = 0; i < 14; i++) {
      write(uri("/counted/run" + (i % 2) + "/f" + i + ".vdl"), bytes(100, i));
    }
    write(uri("/counted/top.vdl"), bytes(1000, 99));
    HdfsBackend counted = new HdfsBackend(Map.of());
    try {
      assertEquals(15, counted.list(uri("/counted")).size());
      Map<String, Long> c = counted.counters();
      assertEquals(1 + 5, c.get("list"), c.toString());
      assertEquals(1, c.get("stat"), "the root's status: " + c);
      assertEquals(0, c.get("get"), c.toString());

      counted.list(uri("/counted"));
      assertEquals(12, counted.counters().get("list"), "each list() costs the same again");
      assertEquals(2, counted.counters().get("stat"));

      byte[] got = new byte[1000];
      try (SeekableByteSource in = counted.open(uri("/counted/top.vdl"))) {
        assertEquals(1000, in.length());                        // from the listing
        for (int pos = 0; pos < got.length; pos += 250) {
          in.readFully(pos, got, pos, 250);
        }
      }
      assertArrayEquals(bytes(1000, 99), got);
      c = counted.counters();
      assertEquals(1 + 4, c.get("get"), "one open, four reads: " + c);
      assertEquals(1000, c.get("bytesRead"), c.toString());
      assertEquals(2, c.get("stat"), "the length came from the listing: " + c);

      try (StorageWriter w = counted.create(uri("/counted/new.vdl"))) {
        w.write(bytes(77, 1), 0, 77);
      }
      assertEquals(1, counted.counters().get("put"));
      assertEquals(77, counted.counters().get("bytesWritten"));
      assertEquals(0, counted.counters().get("errors"));
      assertThrows(NoSuchFileException.class, () -> counted.list(uri("/counted/missing")));
      assertEquals(0, counted.counters().get("errors"), "a missing folder is an answer, not a"
          + " failure of the store");
    } finally {
      counted.close();
    }
  }

  @Test
  void aNameNodeRefusingBatchedListingsIsListedFolderByFolder() throws IOException {
    Configuration conf = new Configuration();
    conf.set(MiniDFSCluster.HDFS_MINIDFS_BASEDIR,
        Files.createTempDirectory("minidfs-nobatch").toString());
    conf.setInt("dfs.batched.ls.limit", 1);   // "Too many source paths" for two folders
    MiniDFSCluster small = new MiniDFSCluster.Builder(conf).numDataNodes(1).build();
    HdfsBackend counted = new HdfsBackend(Map.of());
    try {
      small.waitActive();
      String at = "hdfs://localhost:" + small.getNameNodePort();
      for (String f : List.of("/logs/a/1.vdl", "/logs/a/2.vdl", "/logs/b/1.vdl", "/logs/top.vdl")) {
        try (StorageWriter w = counted.create(URI.create(at + f))) {
          w.write(bytes(10, 1), 0, 10);
        }
      }
      URI root = URI.create(at + "/logs");
      assertEquals(Set.of("a/1.vdl", "a/2.vdl", "b/1.vdl", "top.vdl"), counted.list(root).stream()
          .map(FileStat::relativePath).collect(Collectors.toSet()));
      Map<String, Long> c = counted.counters();
      assertEquals(1 + 1 + 2, c.get("list"), "root, the refused batch, a, b: " + c);
      assertEquals(1, c.get("errors"), c.toString());
      assertEquals(4, counted.list(root).size());
      assertEquals(4 + 3, counted.counters().get("list"), "no batch tried again");
    } finally {
      counted.close();
      small.shutdown(true);
    }
  }

  @Test
  void readsRangesFromAnyOffset() throws IOException {
    byte[] content = bytes(300_000, 7);
    URI file = uri("/ranges/a.vdl");
    write(file, content);
    try (SeekableByteSource in = backend.open(file)) {
      assertEquals(content.length, in.length());
      for (long offset : new long[] {0, 1, 65_535, 131_072, 299_990}) {
        byte[] got = new byte[10];
        in.readFully(offset, got, 0, got.length);
        assertArrayEquals(Arrays.copyOfRange(content, (int) offset, (int) offset + 10), got);
      }
      assertEquals(-1, in.read(content.length, new byte[4], 0, 4));
    }
  }

  @Test
  void aFlushedWriteIsListedAndReadableWhileTheFileIsStillOpen() throws IOException {
    URI file = uri("/growing/run/a.vdl");
    byte[] first = bytes(1000, 1);
    byte[] second = bytes(700, 2);
    try (StorageWriter w = backend.create(file);
        SeekableByteSource in = backend.open(file)) {
      w.write(first, 0, first.length);
      w.flush();
      FileStat afterFirst = backend.list(uri("/growing")).get(0);
      assertEquals(first.length, afterFirst.size(), "the listing shows flushed bytes");
      assertEquals(first.length, in.length());
      byte[] got = new byte[first.length];
      in.readFully(0, got, 0, got.length);
      assertArrayEquals(first, got);

      w.write(second, 0, second.length);
      w.flush();
      FileStat afterSecond = backend.list(uri("/growing")).get(0);
      assertEquals(first.length + second.length, afterSecond.size());
      assertEquals(afterFirst.key(), afterSecond.key(), "a growing file keeps its key");
      byte[] rest = new byte[second.length];
      in.readFully(first.length, rest, 0, rest.length);   // only the new bytes
      assertArrayEquals(second, rest);
      assertEquals(first.length + second.length, w.position());
    }
    FileStat old = backend.stat(file);
    backend.delete(file);
    write(file, bytes(10, 3));
    assertNotEquals(old.key(), backend.stat(file).key(), "a replaced file gets a new key");
  }

  @Test
  void appendContinuesAFileAndCreateRefusesAnExistingOne() throws IOException {
    URI file = uri("/append/a.vdl");
    write(file, bytes(10, 4));
    assertThrows(FileAlreadyExistsException.class, () -> backend.create(file));
    try (StorageWriter w = backend.append(file)) {
      assertEquals(10, w.position());
      w.write(bytes(5, 5), 0, 5);
    }
    assertEquals(15, backend.stat(file).size());
  }

  @Test
  void aMissingPathIsNoSuchFileInOneLine() {
    NoSuchFileException e = assertThrows(NoSuchFileException.class,
        () -> backend.list(uri("/does/not/exist")));
    assertOneLine(e);
    assertTrue(e.getMessage().contains("/does/not/exist"), e.getMessage());
  }

  @Test
  void anUnreachableNameNodeIsOneClearLineWithinSeconds() throws IOException {
    int port;
    try (ServerSocket s = new ServerSocket(0)) {
      port = s.getLocalPort();
    }
    HdfsBackend nowhere = new HdfsBackend();
    try {
      long start = System.nanoTime();
      IOException e = assertThrows(IOException.class,
          () -> nowhere.list(URI.create("hdfs://127.0.0.1:" + port + "/logs")));
      long ms = (System.nanoTime() - start) / 1_000_000;
      assertOneLine(e);
      assertTrue(e.getMessage().contains("unreachable"), e.getMessage());
      assertTrue(ms < 15_000, "took " + ms + " ms");
    } finally {
      nowhere.close();
    }
  }

  @Test
  void theResolverFindsThisBackendOnAPlainClassPath() throws IOException {
    StorageBackend b = StorageResolver.fromServiceLoader().backendFor(URI.create(nn + "/x"));
    assertInstanceOf(HdfsBackend.class, b);
  }

  @Test
  void theBundleRunsInFelixAndServesHdfs() throws Exception {
    Map<String, String> config = new HashMap<>();
    config.put(Constants.FRAMEWORK_STORAGE, Files.createTempDirectory("felix").toString());
    config.put(Constants.FRAMEWORK_STORAGE_CLEAN, Constants.FRAMEWORK_STORAGE_CLEAN_ONFIRSTINIT);
    // the SPI comes from the test's class path, so the test can call the service
    config.put(Constants.FRAMEWORK_SYSTEMPACKAGES_EXTRA, "org.visualdl.api.storage;version=1.1.0");
    config.put("org.ops4j.pax.logging.DefaultServiceLog.level", "WARN");
    Framework felix = ServiceLoader.load(FrameworkFactory.class).iterator().next()
        .newFramework(config);
    felix.start();
    try {
      BundleContext context = felix.getBundleContext();
      List<Bundle> bundles = new ArrayList<>();
      for (String jar : System.getProperty("felix.bundles").split(",")) {
        bundles.add(context.installBundle(new File(jar).toURI().toString()));
      }
      Bundle hdfs = context.installBundle(new File(bundleJar()).toURI().toString());
      bundles.add(hdfs);
      for (Bundle b : bundles) {
        b.start();
      }
      assertNull(hdfs.getHeaders().get(Constants.EXPORT_PACKAGE), "Hadoop stays inside");
      ServiceTracker<StorageBackend, StorageBackend> tracker = new ServiceTracker<>(context,
          context.createFilter("(&(objectClass=" + StorageBackend.class.getName() + ")("
              + StorageBackend.SCHEMES_PROPERTY + "=hdfs))"), null);
      tracker.open();
      StorageBackend inside = tracker.waitForService(10_000);
      assertNotNull(inside, "no hdfs StorageBackend service");
      byte[] content = bytes(5000, 11);
      try (StorageWriter w = inside.create(uri("/osgi/run/a.vdl"))) {
        w.write(content, 0, content.length);
        w.flush();
        assertEquals(content.length, inside.list(uri("/osgi")).get(0).size());
      }
      try (SeekableByteSource in = inside.open(uri("/osgi/run/a.vdl"))) {
        byte[] got = new byte[content.length];
        in.readFully(0, got, 0, got.length);
        assertArrayEquals(content, got);
      }
      tracker.close();
    } finally {
      felix.stop();
      felix.waitForStop(10_000);
    }
  }

  private static String bundleJar() {
    for (String entry : System.getProperty("java.class.path").split(File.pathSeparator)) {
      if (entry.contains("org.visualdl.storage.hdfs") && entry.endsWith(".jar")) {
        return entry;
      }
    }
    throw new IllegalStateException("the bundle jar is not on the class path: run in failsafe");
  }

  private static void assertOneLine(Exception e) {
    assertFalse(e.getMessage().contains("\n"), e.getMessage());
  }
}
