package org.visualdl.itests.s3;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.nio.file.AccessDeniedException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.NoSuchFileException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.visualdl.api.storage.FileStat;
import org.visualdl.api.storage.SeekableByteSource;
import org.visualdl.api.storage.StorageBackend;
import org.visualdl.api.storage.StorageResolver;
import org.visualdl.api.storage.StorageWriter;
import org.visualdl.storage.s3.internal.S3Backend;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.S3Object;

/**
 * The S3 backend against S3Proxy, configured as against AWS (endpoint, region, keys), with
 * objects also uploaded by the AWS SDK itself as another tool would. One server for the class.
 */
class S3BackendTest {

  private static final String BUCKET = "logs";
  private static S3ProxyServer server;
  private static S3Backend backend;
  private static S3Client tool;

  @BeforeAll
  static void startServer() throws Exception {
    server = S3ProxyServer.start();
    backend = backend(server.endpoint(), S3ProxyServer.SECRET_KEY);
    tool = S3Client.builder()
        .httpClient(UrlConnectionHttpClient.create())
        .endpointOverride(URI.create(server.endpoint()))
        .forcePathStyle(true)
        .region(Region.US_EAST_1)
        .credentialsProvider(StaticCredentialsProvider.create(
            AwsBasicCredentials.create(S3ProxyServer.ACCESS_KEY, S3ProxyServer.SECRET_KEY)))
        .build();
    tool.createBucket(b -> b.bucket(BUCKET));
  }

  private static S3Backend backend(String endpoint, String secret) {
    return backend(endpoint, secret, 3, 65536);   // listings of more than 3 keys paginate
  }

  private static S3Backend backend(String endpoint, String secret, int pageSize, int readAhead) {
    return new S3Backend(Map.of(
        "endpoint", endpoint,
        "region", "us-east-1",
        "accessKeyId", S3ProxyServer.ACCESS_KEY,
        "secretAccessKey", secret,
        "pageSize", Integer.toString(pageSize),
        "segmentIntervalMs", "300",
        "readAheadBytes", Integer.toString(readAhead)));
  }

  @AfterAll
  static void stopServer() throws Exception {
    if (backend != null) {
      backend.close();
    }
    if (tool != null) {
      tool.close();
    }
    if (server != null) {
      server.close();
    }
  }

  private static URI uri(String key) {
    return URI.create("s3://" + BUCKET + "/" + key);
  }

  private static byte[] bytes(int n, long seed) {
    byte[] b = new byte[n];
    new Random(seed).nextBytes(b);
    return b;
  }

  private static void upload(String key, byte[] content) {
    tool.putObject(b -> b.bucket(BUCKET).key(key), RequestBody.fromBytes(content));
  }

  @Test
  void listsEveryObjectBelowThePrefixAcrossPagesWithSizeTimeAndKey() throws IOException {
    for (int i = 0; i < 7; i++) {
      upload("list/run" + (i % 2) + "/f" + i + ".vdl", bytes(100 + i, i));
    }
    upload("listing-not-below/x.vdl", bytes(3, 1));
    long before = System.currentTimeMillis() - 60_000;

    List<FileStat> files = backend.list(uri("list"));

    assertEquals(7, files.size(), files.toString());
    Map<String, FileStat> byPath = files.stream()
        .collect(Collectors.toMap(FileStat::relativePath, f -> f));
    assertEquals(Set.of("run0/f0.vdl", "run1/f1.vdl", "run0/f2.vdl", "run1/f3.vdl",
        "run0/f4.vdl", "run1/f5.vdl", "run0/f6.vdl"), byPath.keySet());
    FileStat f3 = byPath.get("run1/f3.vdl");
    assertEquals(103, f3.size());
    assertEquals(uri("list/run1/f3.vdl"), f3.uri());
    assertTrue(f3.modifiedMs() > before);
    assertTrue(f3.key().startsWith("s3:list/run1/f3.vdl@"), f3.key());
    assertEquals(f3.key(), backend.stat(f3.uri()).key());
    assertEquals(f3.size(), backend.stat(f3.uri()).size());

    upload("list/run1/f3.vdl", bytes(103, 42));
    assertNotEquals(f3.key(), backend.stat(f3.uri()).key(), "a replaced object gets a new key");
  }

  @Test
  void readsRangesFromAnyOffsetWithReadAhead() throws IOException {
    byte[] content = bytes(300_000, 7);
    upload("ranges/a.vdl", content);
    backend.list(uri("ranges"));
    try (SeekableByteSource in = backend.open(uri("ranges/a.vdl"))) {
      assertEquals(content.length, in.length());
      for (long offset : new long[] {0, 1, 65_535, 131_072, 299_990, 5}) {
        byte[] got = new byte[10];
        in.readFully(offset, got, 0, got.length);
        assertArrayEquals(Arrays.copyOfRange(content, (int) offset, (int) offset + 10), got);
      }
      byte[] all = new byte[content.length];
      in.readFully(0, all, 0, all.length);
      assertArrayEquals(content, all);
      assertEquals(-1, in.read(content.length, new byte[4], 0, 4));
    }
  }

  @Test
  void aWriterFlushesSegmentsThatReadersSeeAsOneGrowingFileInOrder() throws Exception {
    URI file = uri("seg/run/a.vdl");
    byte[] first = bytes(1000, 1);
    byte[] second = bytes(700, 2);
    byte[] third = bytes(50, 3);
    StorageWriter w = backend.create(file);
    w.write(first, 0, first.length);
    w.flush();                                   // the first segment goes at once
    assertEquals(first.length, backend.list(uri("seg")).get(0).size());

    w.write(second, 0, second.length);
    w.flushSoon();                               // the periodic flush, within the interval:
    assertEquals(first.length, backend.list(uri("seg")).get(0).size());   // a timer writes it
    Thread.sleep(700);
    FileStat grown = backend.list(uri("seg")).get(0);
    assertEquals(first.length + second.length, grown.size());
    assertEquals("run/a.vdl", grown.relativePath());
    assertEquals(file, grown.uri());

    try (SeekableByteSource in = backend.open(file)) {
      byte[] got = new byte[first.length + second.length];
      in.readFully(0, got, 0, got.length);
      assertArrayEquals(concat(first, second), got);

      // flush() writes its segment at once, even within the interval; the writer is then
      // abandoned, never closed (as if killed): what was flushed stays
      w.write(third, 0, third.length);
      w.flush();
      assertEquals(first.length + second.length + third.length,
          backend.list(uri("seg")).get(0).size());
      byte[] rest = new byte[third.length];
      in.readFully(first.length + second.length, rest, 0, rest.length);   // only the new bytes
      assertArrayEquals(third, rest);
    }

    List<String> keys = tool.listObjectsV2(b -> b.bucket(BUCKET).prefix("seg/")).contents()
        .stream().map(S3Object::key).toList();
    assertEquals(List.of(
        "seg/run/a.vdl.seg/0000000000000000000",
        "seg/run/a.vdl.seg/0000000000000001000",
        "seg/run/a.vdl.seg/0000000000000001700"), keys);
    assertThrows(FileAlreadyExistsException.class, () -> backend.create(file));
    try (StorageWriter more = backend.append(file)) {
      assertEquals(1750, more.position());
      more.write(third, 0, third.length);
    }
    assertEquals(1800, backend.stat(file).size());
    w.close();
  }

  @Test
  void listing2500FilesCostsThreeListRequestsOfAThousandKeysAndNothingPerFile() throws Exception {
    ExecutorService pool = Executors.newFixedThreadPool(8);
    try {
      List<Future<?>> uploads = new ArrayList<>();
      for (int i = 0; i < 2500; i++) {
        String key = String.format("many/run-%02d/f%04d.vdl", i % 25, i);
        byte[] content = bytes(16, i);
        uploads.add(pool.submit(() -> upload(key, content)));
      }
      for (Future<?> f : uploads) {
        f.get();
      }
    } finally {
      pool.shutdown();
    }
    S3Backend counted = backend(server.endpoint(), S3ProxyServer.SECRET_KEY, 1000, 8 << 20);
    try {
      assertEquals(2500, counted.list(uri("many")).size());
      Map<String, Long> c = counted.counters();
      assertEquals(3, c.get("list"), c.toString());
      assertEquals(0, c.get("get"), c.toString());
      assertEquals(0, c.get("stat"), c.toString());
      assertEquals(0, c.get("bytesRead"), c.toString());

      counted.list(uri("many"));
      assertEquals(6, counted.counters().get("list"), "each list() is one listing again");
    } finally {
      counted.close();
    }
  }

  @Test
  void reading10MiBIn1MiBChunksCostsTwoGetsWith8MiBReadAhead() throws IOException {
    byte[] content = bytes(10 << 20, 10);
    upload("big/run/a.vdl", content);
    S3Backend counted = backend(server.endpoint(), S3ProxyServer.SECRET_KEY, 1000, 8 << 20);
    try {
      counted.list(uri("big"));
      byte[] got = new byte[content.length];
      try (SeekableByteSource in = counted.open(uri("big/run/a.vdl"))) {
        assertEquals(content.length, in.length());
        for (int pos = 0; pos < content.length; pos += 1 << 20) {
          in.readFully(pos, got, pos, 1 << 20);
        }
      }
      assertArrayEquals(content, got);
      Map<String, Long> c = counted.counters();
      assertEquals(2, c.get("get"), c.toString());
      assertEquals(content.length, c.get("bytesRead"), c.toString());
      assertEquals(1, c.get("list"), c.toString());
      assertEquals(0, c.get("stat"), "the listing told the size: " + c);
      assertEquals(0, c.get("errors"), c.toString());
    } finally {
      counted.close();
    }
  }

  @Test
  void countsSegmentPutsBytesWrittenAndFailedRequests() throws IOException {
    S3Backend counted = backend(server.endpoint(), S3ProxyServer.SECRET_KEY, 1000, 8 << 20);
    try {
      byte[] content = bytes(1234, 12);
      try (StorageWriter w = counted.create(uri("counted/run/a.vdl"))) {
        w.write(content, 0, content.length);
      }
      Map<String, Long> c = counted.counters();
      assertEquals(1, c.get("put"), c.toString());
      assertEquals(content.length, c.get("bytesWritten"), c.toString());
      // create() asked whether the file exists: a HEAD (404, an answer) and a segment listing
      assertEquals(1, c.get("stat"), c.toString());
      assertEquals(1, c.get("list"), c.toString());
      assertEquals(0, c.get("errors"), c.toString());

      assertThrows(NoSuchFileException.class,
          () -> counted.list(URI.create("s3://no-such-bucket/logs")));
      assertEquals(1, counted.counters().get("errors"));
    } finally {
      counted.close();
    }
  }

  @Test
  void aMissingBucketIsNoSuchFileInOneLine() {
    NoSuchFileException e = assertThrows(NoSuchFileException.class,
        () -> backend.list(URI.create("s3://no-such-bucket/logs")));
    assertOneLine(e);
    assertTrue(e.getMessage().contains("no such bucket"), e.getMessage());
  }

  @Test
  void badCredentialsAreAccessDeniedInOneLine() {
    S3Backend wrong = backend(server.endpoint(), "not-the-secret");
    try {
      AccessDeniedException e = assertThrows(AccessDeniedException.class,
          () -> wrong.list(uri("list")));
      assertOneLine(e);
      assertTrue(e.getMessage().contains("AWS_SECRET_ACCESS_KEY"), e.getMessage());
    } finally {
      wrong.close();
    }
  }

  @Test
  void aStoppedEndpointIsOneClearLine() throws IOException {
    int port;
    try (ServerSocket s = new ServerSocket(0)) {
      port = s.getLocalPort();
    }
    S3Backend stopped = backend("http://127.0.0.1:" + port, S3ProxyServer.SECRET_KEY);
    try {
      IOException e = assertThrows(IOException.class, () -> stopped.list(uri("list")));
      assertOneLine(e);
      assertTrue(e.getMessage().contains("unreachable"), e.getMessage());
    } finally {
      stopped.close();
    }
  }

  @Test
  void s3ProxysDependenciesStayOffTheTestClassPath() {
    assertThrows(ClassNotFoundException.class, () -> Class.forName("org.gaul.s3proxy.Main"));
    assertThrows(ClassNotFoundException.class, () -> Class.forName("org.jclouds.ContextBuilder"));
  }

  @Test
  void theResolverFindsTheBackendOnAPlainClassPath() throws IOException {
    StorageBackend b = StorageResolver.fromServiceLoader().backendFor(uri("x"));
    assertEquals(S3Backend.class, b.getClass());
  }

  private static void assertOneLine(Exception e) {
    assertFalse(e.getMessage().contains("\n"), e.getMessage());
  }

  private static byte[] concat(byte[] a, byte[] b) {
    byte[] c = Arrays.copyOf(a, a.length + b.length);
    System.arraycopy(b, 0, c, a.length, b.length);
    return c;
  }
}
