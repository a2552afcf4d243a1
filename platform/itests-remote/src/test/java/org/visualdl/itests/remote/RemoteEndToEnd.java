package org.visualdl.itests.remote;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.TestMethodOrder;
import org.visualdl.api.storage.StorageBackend;
import org.visualdl.api.storage.StorageResolver;
import org.visualdl.api.storage.StorageWriter;
import org.visualdl.sdk.LogWriter;

/**
 * The scenarios common to both stores, against one store and one packaged server per class: the
 * SDK writes the known runs of {@link KnownRuns} to the store while the server serves the
 * store's log directory; a flushed point shows within the remote poll interval plus 1 s; a
 * stopped store is reported in {@code /api/health} while what was loaded stays served, and
 * everything recovers when the store comes back on the same port.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
abstract class RemoteEndToEnd {
  /** The server's poll interval of remote log directories, its default. */
  static final long REMOTE_POLL_MS = 5_000;

  protected VisualDLServer server;

  /** Starts the store (empty log directory present). */
  protected abstract void startStore() throws Exception;

  protected abstract void stopStore() throws Exception;

  /** Brings the store back on the same port with the same data. */
  protected abstract void restartStore() throws Exception;

  protected abstract void closeStore() throws Exception;

  /** The log directory the server serves, {@code hdfs://...} or {@code s3://...}. */
  protected abstract URI logdir();

  /** The environment the server needs for the store (endpoint, credentials). */
  protected abstract Map<String, String> serverEnv();

  @BeforeAll
  void startStoreAndServer() throws Exception {
    long t0 = System.nanoTime();
    startStore();
    long t1 = System.nanoTime();
    server = VisualDLServer.start(serverEnv(), "--logdir", logdir().toString());
    System.out.printf("%s: store up in %d ms, server in %d ms%n", getClass().getSimpleName(),
        (t1 - t0) / 1_000_000, (System.nanoTime() - t1) / 1_000_000);
  }

  @AfterAll
  void stopAll() throws Exception {
    try {
      if (server != null) {
        server.close();
      }
    } finally {
      closeStore();
    }
  }

  protected URI run(String name) {
    return URI.create(logdir() + "/" + name);
  }

  @Test
  @Order(1)
  void everyKindWrittenWithTheSdkComesBackExactlyFromTheServer() throws Exception {
    KnownRuns.write(logdir());
    // the server finds the runs by listing: within a poll or two of the writers closing
    long timeout = 3 * REMOTE_POLL_MS + 10_000;
    KnownRuns.assertScalarsExact(server, timeout);
    KnownRuns.assertHistogramExact(server);
    KnownRuns.assertImageExact(server);
    KnownRuns.assertEmbeddingExact(server);
    KnownRuns.assertTextsExact(server);
    KnownRuns.assertAudioExact(server);
    KnownRuns.assertCurvesExact(server);
    KnownRuns.assertHparamsExact(server);
    KnownRuns.assertGraphPresent(server);
    JsonNode plugins = server.json("/api/runs/plugins");
    List<String> tabs = new ArrayList<>();
    plugins.get(KnownRuns.ALL).forEach(n -> tabs.add(n.asText()));
    assertTrue(tabs.containsAll(List.of("scalar", "histogram", "image", "embedding", "text",
        "audio", "pr-curve", "roc-curve", "hparams", "graph")), tabs.toString());
    JsonNode health = server.json("/api/health");
    JsonNode storage = storageEntry(health);
    assertEquals("ok", storage.get("state").asText(), health.toString());
  }

  @Test
  @Order(2)
  void aFlushedPointIsVisibleWithinThePollIntervalPlusOneSecond() throws Exception {
    String tag = "live/x";
    long limit = REMOTE_POLL_MS + 1_000;
    List<Long> delays = new ArrayList<>();
    try (LogWriter log = LogWriter.open(run("live"))) {
      log.addScalar(tag, 0, 0.5);
      log.flush();
      KnownRuns.series(server, "live", tag, 1, 3 * REMOTE_POLL_MS + 10_000);   // the run is found
      for (int step = 1; step <= 3; step++) {
        log.addScalar(tag, step, step / 7.0);
        log.flush();
        long flushed = System.nanoTime();
        JsonNode j = KnownRuns.series(server, "live", tag, step + 1, 30_000);
        long delay = (System.nanoTime() - flushed) / 1_000_000;
        delays.add(delay);
        assertEquals(step, j.get("steps").get(step).asLong());
        assertEquals(step / 7.0, j.get("values").get(step).asDouble(), 0.0);
        assertTrue(delay <= limit, "step " + step + " flushed to " + logdir()
            + " showed after " + delay + " ms, more than the poll interval + 1 s (" + limit
            + " ms); delays so far " + delays);
      }
    }
    System.out.printf("%s: flushed points visible after %s ms%n", getClass().getSimpleName(),
        delays);
  }

  /**
   * What is shown follows the store: a log file deleted and written again under the same name
   * (as `aws s3 cp` or `hdfs dfs -put -f` do) with fewer, other points shows only the new ones.
   */
  @Test
  @Order(4)
  void aFileReplacedUnderTheSameNameShowsOnlyItsNewPoints() throws Exception {
    Path local = Files.createTempDirectory("visualdl-e2e-replaced");
    try {
      byte[] first = localRecordFile(local.resolve("a"), 50, 2.0);
      byte[] second = localRecordFile(local.resolve("b"), 10, -1.0);
      StorageBackend store = StorageResolver.fromServiceLoader().backendFor(logdir());
      URI file = URI.create(run("replaced") + "/1700000000000.e2e.1.0.vdl");
      upload(store, file, first);
      JsonNode before = KnownRuns.series(server, "replaced", "r", 50, 3 * REMOTE_POLL_MS + 10_000);
      assertEquals(49 * 2.0, before.get("values").get(49).asDouble(), 0.0);

      store.delete(file);
      upload(store, file, second);
      long deadline = System.currentTimeMillis() + 3 * REMOTE_POLL_MS;
      JsonNode after;
      while (true) {
        after = server.json("/api/plugins/scalar/series?run=replaced&tag=r&points=1000000");
        if (after.get("steps").size() == 10 || System.currentTimeMillis() > deadline) {
          break;
        }
        Thread.sleep(100);
      }
      assertEquals(10, after.get("steps").size(), "only the new file's points: " + after);
      for (int i = 0; i < 10; i++) {
        assertEquals(i, after.get("steps").get(i).asLong());
        assertEquals(-i, after.get("values").get(i).asDouble(), 0.0, after.toString());
      }
    } finally {
      try (var files = Files.walk(local)) {
        files.sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
      }
    }
  }

  /** A record file written locally by the SDK: {@code n} points of tag r, value step x factor. */
  private static byte[] localRecordFile(Path runDir, int n, double factor) throws Exception {
    Path written;
    try (LogWriter log = LogWriter.open(runDir)) {
      for (int i = 0; i < n; i++) {
        log.addScalar("r", i, i * factor);
      }
      written = log.currentFile();
    }
    return Files.readAllBytes(written);
  }

  private static void upload(StorageBackend store, URI file, byte[] bytes) throws Exception {
    try (StorageWriter w = store.create(file)) {
      w.write(bytes, 0, bytes.length);
    }
  }

  @Test
  @Order(9)
  void aStoppedStoreIsReportedInHealthAndRecoversWhenItComesBack() throws Exception {
    int extra = 3;
    JsonNode before = KnownRuns.series(server, KnownRuns.SECOND, KnownRuns.LOSS,
        KnownRuns.STEPS, 30_000);
    stopStore();
    long stopped = System.nanoTime();
    JsonNode unreachable = waitForStorageState("unreachable", 3 * REMOTE_POLL_MS + 30_000);
    System.out.printf("%s: unreachable reported after %d ms%n", getClass().getSimpleName(),
        (System.nanoTime() - stopped) / 1_000_000);
    JsonNode entry = storageEntry(unreachable);
    String error = entry.path("error").asText("");
    assertFalse(error.isBlank(), "health names the error: " + unreachable);
    assertFalse(error.contains("\n") || error.contains("\r"), "one line: " + error);
    assertEquals("degraded", unreachable.get("status").asText(), unreachable.toString());
    // what was loaded stays served while the store is away
    JsonNode during = server.json("/api/plugins/scalar/series?run=" + KnownRuns.SECOND + "&tag="
        + VisualDLServer.q(KnownRuns.LOSS) + "&points=1000000");
    assertEquals(before.get("steps"), during.get("steps"));
    assertEquals(before.get("values"), during.get("values"));

    restartStore();
    long back = System.nanoTime();
    JsonNode ok = waitForStorageState("ok", 120_000);
    System.out.printf("%s: ok again %d ms after the store came back%n",
        getClass().getSimpleName(), (System.nanoTime() - back) / 1_000_000);
    assertEquals("ok", ok.get("status").asText(), ok.toString());
    // new points written after the outage appear: a new file in an existing run
    try (LogWriter log = LogWriter.open(run(KnownRuns.SECOND))) {
      for (long step = KnownRuns.STEPS; step < KnownRuns.STEPS + extra; step++) {
        log.addScalar(KnownRuns.LOSS, step, KnownRuns.loss(KnownRuns.SECOND, step));
      }
    }
    JsonNode after = KnownRuns.series(server, KnownRuns.SECOND, KnownRuns.LOSS,
        KnownRuns.STEPS + extra, 3 * REMOTE_POLL_MS + 10_000);
    for (int i = 0; i < KnownRuns.STEPS + extra; i++) {
      assertEquals(i, after.get("steps").get(i).asLong());
      assertEquals(KnownRuns.loss(KnownRuns.SECOND, i), after.get("values").get(i).asDouble(), 0.0);
    }
  }

  /** The health entry of this class's log directory. */
  protected JsonNode storageEntry(JsonNode health) {
    JsonNode storage = health.get("storage");
    assertTrue(storage != null && storage.isArray() && storage.size() > 0,
        "/api/health has no storage entries: " + health);
    String want = logdir().toString();
    for (JsonNode e : storage) {
      String location = e.path("location").asText();
      if (location.equals(want) || location.equals(want + "/") || location.endsWith(want)) {
        return e;
      }
    }
    throw new AssertionError("/api/health has no storage entry for " + want + ": " + health);
  }

  protected JsonNode waitForStorageState(String state, long timeoutMs) throws Exception {
    long deadline = System.currentTimeMillis() + timeoutMs;
    JsonNode health = null;
    while (System.currentTimeMillis() < deadline) {
      var r = server.get("/api/health");
      // a degraded server may answer 503; the body is the same JSON
      health = VisualDLServer.JSON.readTree(r.body());
      if (health.has("storage") && state.equals(storageEntry(health).path("state").asText())) {
        return health;
      }
      Thread.sleep(250);
    }
    throw new AssertionError("/api/health did not report " + logdir() + " as '" + state
        + "' within " + timeoutMs + " ms: " + health);
  }
}
