package org.visualdl.distribution;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import com.fasterxml.jackson.databind.JsonNode;
import java.net.URLEncoder;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.visualdl.sdk.LogWriter;

/**
 * The histogram plugin's routes in the packaged product, against histograms written through the
 * public SDK: counts add up to the values written and sit in the buckets that hold them.
 */
class HistogramRoutesIT {
  static final int STEPS = 4;
  static final int VALUES = 3000;

  @TempDir static Path logs;
  static VisualDLProcess server;
  /** Values written per step, for comparison: exponential (default) buckets. */
  static final List<double[]> NORMAL = new ArrayList<>();
  /** Integers 0..9 written per step into 10 equal-width buckets. */
  static final List<double[]> DIGITS = new ArrayList<>();

  @BeforeAll
  static void writeLogsAndStart() throws Exception {
    Random rnd = new Random(42);
    try (LogWriter log = LogWriter.open(logs.resolve("exp/a"));
        LogWriter equal = LogWriter.builder(logs.resolve("exp/b")).histogramBuckets(10).open()) {
      for (int step = 0; step < STEPS; step++) {
        double[] normal = new double[VALUES];
        for (int i = 0; i < VALUES; i++) {
          normal[i] = step * 0.5 + (1 + step) * rnd.nextGaussian();
        }
        normal[7] = Double.NaN; // left out of buckets and statistics
        NORMAL.add(normal);
        log.addHistogram("weights/dense", step * 10L, normal);
        double[] digits = new double[1000 + step];
        for (int i = 0; i < digits.length; i++) {
          digits[i] = (i * 7 + step) % 10;
        }
        DIGITS.add(digits);
        equal.addHistogram("weights/digits", step * 10L, digits);
      }
    }
    server = VisualDLProcess.start("--logdir", logs.toString());
    awaitTags();
  }

  @AfterAll
  static void stop() throws InterruptedException {
    if (server != null) {
      server.close();
    }
  }

  static void awaitTags() throws Exception {
    long deadline = System.currentTimeMillis() + 20_000;
    while (System.currentTimeMillis() < deadline) {
      JsonNode tags = server.json("/api/plugins/histogram/tags");
      if (tags.has("exp/a") && tags.has("exp/b")
          && series("exp/a", "weights/dense", "").get("entries").size() == STEPS
          && series("exp/b", "weights/digits", "").get("entries").size() == STEPS) {
        return;
      }
      Thread.sleep(100);
    }
    fail("histograms not loaded within 20 s: " + server.json("/api/plugins/histogram/tags"));
  }

  static JsonNode series(String run, String tag, String extra) throws Exception {
    String path = "/api/plugins/histogram/series?run=" + enc(run) + "&tag=" + enc(tag) + extra;
    HttpResponse<String> r = server.get(path);
    if (r.statusCode() == 404) {
      return VisualDLProcess.JSON.readTree("{\"entries\": []}");
    }
    assertEquals(200, r.statusCode(), r.body());
    JsonNode s = VisualDLProcess.JSON.readTree(r.body());
    assertEquals("done", s.get("status").asText(), "a fast computation is done within the wait");
    return s;
  }

  static String enc(String s) {
    return URLEncoder.encode(s, StandardCharsets.UTF_8);
  }

  /** How many finite values lie in [left, right), or [left, right] for the last bucket. */
  static long countIn(double[] values, double left, double right, boolean last) {
    return Arrays.stream(values)
        .filter(Double::isFinite)
        .filter(v -> v >= left && (v < right || (last && v == right)))
        .count();
  }

  static void assertBucketsHoldTheValues(double[] values, JsonNode buckets, double tolerance) {
    double total = 0;
    for (int k = 0; k < buckets.size(); k++) {
      JsonNode b = buckets.get(k);
      double left = b.get(0).asDouble();
      double right = b.get(1).asDouble();
      double count = b.get(2).asDouble();
      assertTrue(left <= right, "bucket " + k + " edges ascend: " + b);
      if (k > 0) {
        assertEquals(buckets.get(k - 1).get(1).asDouble(), left, "buckets are contiguous");
      }
      assertEquals(countIn(values, left, right, k == buckets.size() - 1), count, tolerance,
          "bucket " + k + " " + b + " holds the values written there");
      total += count;
    }
    long finite = Arrays.stream(values).filter(Double::isFinite).count();
    assertEquals(finite, total, 1e-6, "counts add up to the values written");
  }

  @Test
  void tagsListEveryHistogramTagByRun() throws Exception {
    JsonNode tags = server.json("/api/plugins/histogram/tags");
    assertEquals("[\"weights/dense\"]", tags.get("exp/a").toString());
    assertEquals("[\"weights/digits\"]", tags.get("exp/b").toString());
  }

  @Test
  void storedBucketsHoldExactlyTheValuesWritten() throws Exception {
    JsonNode s = series("exp/a", "weights/dense", "");
    JsonNode entries = s.get("entries");
    assertEquals(STEPS, entries.size());
    for (int i = 0; i < STEPS; i++) {
      JsonNode e = entries.get(i);
      assertEquals(i * 10L, e.get("step").asLong(), "step order");
      assertTrue(e.get("wallTime").asLong() > 1_600_000_000_000L, "wall time in ms");
      assertBucketsHoldTheValues(NORMAL.get(i), e.get("buckets"), 0);
    }
    JsonNode d = series("exp/b", "weights/digits", "").get("entries");
    for (int i = 0; i < STEPS; i++) {
      JsonNode buckets = d.get(i).get("buckets");
      assertEquals(10, buckets.size());
      assertBucketsHoldTheValues(DIGITS.get(i), buckets, 0);
    }
  }

  @Test
  void rebinnedBucketsKeepTheTotalAndTheirPlace() throws Exception {
    // 10 equal buckets over [0, 9] re-binned into 5: each new bucket holds exactly two digits.
    JsonNode d = series("exp/b", "weights/digits", "&buckets=5").get("entries");
    assertEquals(STEPS, d.size());
    for (int i = 0; i < STEPS; i++) {
      JsonNode buckets = d.get(i).get("buckets");
      assertEquals(5, buckets.size());
      assertEquals(0, buckets.get(0).get(0).asDouble(), 1e-12);
      assertEquals(9, buckets.get(4).get(1).asDouble(), 1e-12);
      assertBucketsHoldTheValues(DIGITS.get(i), buckets, 1e-9);
    }
    // Exponential buckets re-binned: the total is kept; each count is within the stored buckets
    // that straddle its edges.
    JsonNode n = series("exp/a", "weights/dense", "&buckets=30").get("entries");
    for (int i = 0; i < STEPS; i++) {
      JsonNode buckets = n.get(i).get("buckets");
      assertEquals(30, buckets.size());
      double[] values = NORMAL.get(i);
      double min = Arrays.stream(values).filter(Double::isFinite).min().orElseThrow();
      double max = Arrays.stream(values).filter(Double::isFinite).max().orElseThrow();
      assertEquals(min, buckets.get(0).get(0).asDouble(), 1e-12, "re-binned from the minimum");
      assertEquals(max, buckets.get(29).get(1).asDouble(), 1e-9, "to the maximum");
      double total = 0;
      for (JsonNode b : buckets) {
        total += b.get(2).asDouble();
        long exact = countIn(values, b.get(0).asDouble(), b.get(1).asDouble(), b == buckets.get(29));
        // Stored buckets are 10% of the value wide: a value moves at most that far.
        double slack = 0.1 * Math.max(Math.abs(b.get(0).asDouble()), Math.abs(b.get(1).asDouble()));
        long widened = countIn(values, b.get(0).asDouble() - slack, b.get(1).asDouble() + slack, true);
        long narrowed = countIn(values, b.get(0).asDouble() + slack, b.get(1).asDouble() - slack, false);
        assertTrue(b.get(2).asDouble() <= widened + 1e-6 && b.get(2).asDouble() >= narrowed - 1e-6,
            "bucket " + b + " near its " + exact + " values");
      }
      assertEquals(VALUES - 1, total, 1e-6, "counts add up to the finite values written");
    }
  }

  @Test
  void distributionGivesTheStandardPercentiles() throws Exception {
    JsonNode s = server.json("/api/plugins/histogram/distribution?run=exp%2Fa&tag=weights%2Fdense");
    assertEquals("done", s.get("status").asText());
    double[] pct = new double[s.get("percentiles").size()];
    for (int k = 0; k < pct.length; k++) {
      pct[k] = s.get("percentiles").get(k).asDouble();
    }
    assertArrayEquals(new double[] {0, 7, 16, 31, 50, 69, 84, 93, 100}, pct);
    JsonNode entries = s.get("entries");
    assertEquals(STEPS, entries.size());
    for (int i = 0; i < STEPS; i++) {
      double[] sorted = Arrays.stream(NORMAL.get(i)).filter(Double::isFinite).sorted().toArray();
      JsonNode v = entries.get(i).get("values");
      assertEquals(sorted[0], v.get(0).asDouble(), 1e-12, "p0 is the minimum");
      assertEquals(sorted[sorted.length - 1], v.get(8).asDouble(), 1e-12, "p100 is the maximum");
      for (int k = 1; k < 9; k++) {
        assertTrue(v.get(k).asDouble() >= v.get(k - 1).asDouble(), "percentiles ascend: " + v);
      }
      for (int k = 1; k < 8; k++) {
        double exact = sorted[(int) Math.round(pct[k] / 100 * (sorted.length - 1))];
        // Interpolated within a bucket 10% of the value wide, plus sampling slack.
        double tolerance = 0.1 * Math.abs(exact) + 0.02 * (1 + i);
        assertEquals(exact, v.get(k).asDouble(), tolerance, "p" + pct[k] + " at step " + i);
      }
    }
  }

  @Test
  void badParametersAre400AndUnknownRunsOrTags404() throws Exception {
    for (String q : List.of("&buckets=1", "&buckets=1001", "&buckets=many", "&buckets=0")) {
      HttpResponse<String> r =
          server.get("/api/plugins/histogram/series?run=exp%2Fa&tag=weights%2Fdense" + q);
      assertEquals(400, r.statusCode(), q + ": " + r.body());
      assertTrue(r.body().contains("buckets"), r.body());
    }
    for (String path : List.of(
        "/api/plugins/histogram/series?run=nope&tag=weights%2Fdense",
        "/api/plugins/histogram/series?run=exp%2Fa&tag=nope&buckets=10",
        "/api/plugins/histogram/distribution?run=exp%2Fa&tag=nope",
        "/api/plugins/histogram/distribution?run=nope&tag=weights%2Fdense")) {
      HttpResponse<String> r = server.get(path);
      assertEquals(404, r.statusCode(), path + ": " + r.body());
      assertTrue(r.body().contains("\"error\""), r.body());
    }
    assertEquals(400, server.get("/api/plugins/histogram/series?tag=weights%2Fdense").statusCode());
  }

  @Test
  void newDataReachesTheRebinnedSeries() throws Exception {
    assertEquals(STEPS, series("exp/b", "weights/digits", "&buckets=7").get("entries").size());
    double[] more = new double[500];
    Arrays.fill(more, 4.0);
    try (LogWriter log = LogWriter.open(logs.resolve("exp/live"))) {
      log.addHistogram("weights/live", 1, more);
    }
    long deadline = System.currentTimeMillis() + 15_000;
    while (System.currentTimeMillis() < deadline) {
      JsonNode e = series("exp/live", "weights/live", "&buckets=7").get("entries");
      if (e.size() == 1) {
        assertBucketsHoldTheValues(more, e.get(0).get("buckets"), 1e-9);
        try (LogWriter log = LogWriter.open(logs.resolve("exp/live"))) {
          log.addHistogram("weights/live", 2, more);
        }
        while (System.currentTimeMillis() < deadline) {
          if (series("exp/live", "weights/live", "&buckets=7").get("entries").size() == 2) {
            return;
          }
          Thread.sleep(100);
        }
      }
      Thread.sleep(100);
    }
    fail("new histograms did not reach the re-binned series within 15 s");
  }
}
