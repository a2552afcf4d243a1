package org.visualdl.plugin.histogram.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.lang.reflect.Proxy;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.visualdl.api.Kind;
import org.visualdl.api.LogStore;
import org.visualdl.api.RunInfo;
import org.visualdl.api.Sample;
import org.visualdl.api.TabletInfo;
import org.visualdl.api.compute.Computation;
import org.visualdl.proto.Histogram;
import org.visualdl.api.compute.ComputeService;
import org.visualdl.api.compute.ComputeStatus;
import org.visualdl.api.frontend.Route;
import org.visualdl.api.frontend.RouteException;
import org.visualdl.plugin.testing.Requests;

/**
 * The routes' own logic (validation, waiting, answers while computing) with a stand-in store and
 * compute service; the routes against real logs are tested in the distribution's
 * HistogramRoutesIT.
 */
class HistogramPluginTest {
  static final List<HistogramSample> SAMPLES = List.of(
      new HistogramSample(1, 1000, new double[] {0, 1, 2}, new double[] {3, 1}, 0, 2, 4, 3, 5),
      new HistogramSample(2, 2000, new double[] {0, 2}, new double[] {2}, 0, 2, 2, 2, 4));

  /** SAMPLES as the store keeps them, plus one of a newer payload version, which is skipped. */
  static final List<Sample> PAYLOADS = java.util.stream.Stream.concat(
      SAMPLES.stream().map(h -> {
        Histogram.Builder b = Histogram.newBuilder().setMin(h.min()).setMax(h.max())
            .setNum(h.num()).setSum(h.sum()).setSumSquares(h.sumSquares());
        for (double e : h.edges()) {
          b.addEdges(e);
        }
        for (double c : h.counts()) {
          b.addCounts(c);
        }
        return new Sample(h.step(), h.wallTimeMs(), 1, b.build().toByteArray());
      }),
      java.util.stream.Stream.of(new Sample(3, 3000, 2, new byte[] {1, 2, 3}))).toList();

  /** Only what the plugin and its computations call. */
  static LogStore store() {
    return (LogStore) Proxy.newProxyInstance(
        LogStore.class.getClassLoader(), new Class<?>[] {LogStore.class},
        (proxy, method, args) -> switch (method.getName()) {
          case "runs" -> List.of(new RunInfo("r", 0, 1));
          case "tablets" -> args[0].equals(HistogramSample.KIND)
              ? List.of(new TabletInfo("r", "w", HistogramSample.KIND, "", "", ""))
              : List.of();
          case "samples" -> args[0].equals("r") && args[1].equals("w")
              && args[2].equals(HistogramSample.KIND)
              ? Optional.of(PAYLOADS)
              : Optional.empty();
          case "dataVersion" -> 1L;
          default -> {
            if (method.isDefault()) {
              yield java.lang.reflect.InvocationHandler.invokeDefault(proxy, method, args);
            }
            throw new UnsupportedOperationException(method.getName());
          }
        });
  }

  /** Runs computations at once, on the caller's thread. */
  static ComputeService inline(LogStore store) {
    Map<String, Computation> byName = Map.of(
        HistogramRebinComputation.NAME, HistogramRebinComputation.over(store),
        HistogramDistributionComputation.NAME, HistogramDistributionComputation.over(store));
    return request -> {
      try {
        return new ComputeStatus(ComputeStatus.State.DONE, 1,
            byName.get(request.computation()).compute(request, null), null);
      } catch (Exception e) {
        return new ComputeStatus(ComputeStatus.State.FAILED, 0, null, e.getMessage());
      }
    };
  }

  static Object call(HistogramPlugin plugin, String path, Map<String, String> params) {
    Route route = plugin.routes().stream().filter(r -> r.path().equals(path)).findFirst().orElseThrow();
    return route.handler().handle(Requests.request(params));
  }

  @Test
  void seriesAnswersStoredOrRebinnedBuckets() {
    LogStore store = store();
    HistogramPlugin plugin = HistogramPlugin.over(store, inline(store), 100);
    assertEquals(Map.of("r", List.of("w")), plugin.tags());
    var stored = (HistogramPlugin.Series) call(plugin, "series", Map.of("run", "r", "tag", "w"));
    assertEquals("done", stored.status());
    assertEquals(2, stored.entries().size(), "the payload of a newer version is left out");
    assertEquals(3, stored.entries().get(0).buckets()[0][2]);
    var rebinned = (HistogramPlugin.Series) call(
        plugin, "series", Map.of("run", "r", "tag", "w", "buckets", "4"));
    assertEquals(4, rebinned.entries().get(0).buckets().length);
    assertEquals(1.5, rebinned.entries().get(0).buckets()[0][2], 1e-12);
    var dist = (HistogramPlugin.Distribution) call(plugin, "distribution", Map.of("run", "r", "tag", "w"));
    assertEquals(9, dist.percentiles().length);
    assertEquals(2, dist.entries().size());
  }

  @Test
  void rejectsBadBucketsAndUnknownRunsAndTags() {
    LogStore store = store();
    HistogramPlugin plugin = HistogramPlugin.over(store, inline(store), 100);
    for (String b : List.of("1", "1001", "-5")) {
      RouteException e = assertThrows(RouteException.class,
          () -> call(plugin, "series", Map.of("run", "r", "tag", "w", "buckets", b)));
      assertEquals(RouteException.Status.BAD_REQUEST, e.status());
    }
    RouteException noRun = assertThrows(RouteException.class,
        () -> call(plugin, "series", Map.of("run", "x", "tag", "w")));
    assertEquals(RouteException.Status.NOT_FOUND, noRun.status());
    assertEquals("no run named 'x'", noRun.getMessage());
    RouteException noTag = assertThrows(RouteException.class,
        () -> call(plugin, "distribution", Map.of("run", "r", "tag", "x")));
    assertEquals(RouteException.Status.NOT_FOUND, noTag.status());
    assertEquals(RouteException.noSuchTag("r", "x").getMessage(), noTag.getMessage());
  }

  @Test
  void answersRunningWhenTheComputationDoesNotFinishInTime() {
    ComputeService busy = request -> new ComputeStatus(ComputeStatus.State.RUNNING, 0.25, null, null);
    HistogramPlugin plugin = HistogramPlugin.over(store(), busy, 50);
    long start = System.nanoTime();
    var s = (HistogramPlugin.Series) call(plugin, "series", Map.of("run", "r", "tag", "w", "buckets", "10"));
    assertTrue(System.nanoTime() - start >= 50_000_000L, "waited");
    assertEquals("running", s.status());
    assertEquals(0.25, s.progress());
    assertEquals(List.of(), s.entries());
  }

  @Test
  void aFailedComputationIsUnavailable() {
    ComputeService failing = request -> new ComputeStatus(ComputeStatus.State.FAILED, 0, null, "boom");
    HistogramPlugin plugin = HistogramPlugin.over(store(), failing, 50);
    RouteException e = assertThrows(RouteException.class,
        () -> call(plugin, "series", Map.of("run", "r", "tag", "w", "buckets", "10")));
    assertEquals(RouteException.Status.UNAVAILABLE, e.status());
    assertTrue(e.getMessage().contains("boom"));
  }
}
