package org.visualdl.plugin.hparams.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.visualdl.api.Sample;
import org.visualdl.api.frontend.Route;
import org.visualdl.api.frontend.RouteRequest;
import org.visualdl.plugin.hparams.internal.Experiment.HparamInfo;
import org.visualdl.plugin.hparams.internal.Experiment.Session;

/** The experiment route over an in-memory store; the packaged server's routes are tested in distribution. */
class HparamsPluginTest {

  static Map<String, Object> ordered(Object... kv) {
    Map<String, Object> m = new LinkedHashMap<>();
    for (int i = 0; i < kv.length; i += 2) {
      m.put((String) kv[i], kv[i + 1]);
    }
    return m;
  }

  static Experiment experiment(HparamsPlugin plugin) {
    Route route = plugin.routes().stream().filter(r -> r.path().equals("experiment")).findFirst().orElseThrow();
    assertEquals(List.of(), route.params());
    return (Experiment) route.handler().handle(NO_PARAMS);
  }

  static final RouteRequest NO_PARAMS = new RouteRequest() {
    public String string(String name) {
      throw new IllegalArgumentException(name);
    }

    public Optional<String> optional(String name) {
      return Optional.empty();
    }

    public long longValue(String name, long fallback) {
      return fallback;
    }

    public int intValue(String name, int fallback) {
      return fallback;
    }

    public double doubleValue(String name, double fallback) {
      return fallback;
    }

    public boolean booleanValue(String name, boolean fallback) {
      return fallback;
    }
  };

  static FakeStore grid() {
    return new FakeStore()
        .hparams("lr-0.1", "hparams", 0, 1000,
            ordered("lr", 0.1, "optimizer", "sgd", "batch", 64, "augment", true), List.of("acc", "loss"))
        .hparams("lr-0.01", "hparams", 0, 1000,
            ordered("lr", 0.01, "optimizer", "adam", "batch", 32, "augment", false), List.of("acc", "loss"))
        .hparams("lr-0.001", "hparams", 0, 1000,
            ordered("lr", 0.001, "optimizer", "adam", "dropout", 0.5), List.of("acc", "val/f1"))
        .scalar("lr-0.1", "acc", 0, 0.5).scalar("lr-0.1", "acc", 10, 0.8).scalar("lr-0.1", "loss", 10, 0.3)
        .scalar("lr-0.01", "acc", 0, 0.6).scalar("lr-0.01", "acc", 5, 0.9)
        .scalar("lr-0.001", "acc", 3, Double.NaN).scalar("lr-0.001", "val/f1", 3, 0.7)
        .scalar("no-hparams", "acc", 1, 1.0);
  }

  @Test
  void everyRunWithHparamsIsASessionWithItsLatestMetrics() {
    HparamsPlugin plugin = new HparamsPlugin(grid());
    assertEquals("hparams", plugin.name());
    assertEquals(Map.of("lr-0.001", List.of("hparams"), "lr-0.01", List.of("hparams"),
        "lr-0.1", List.of("hparams")), plugin.tags());
    Experiment e = experiment(plugin);

    assertEquals(List.of("lr-0.001", "lr-0.01", "lr-0.1"), e.sessions().stream().map(Session::run).toList());
    // Order of first appearance: lr-0.001's record first (runs by name), then what others add.
    assertEquals(List.of(
        new HparamInfo("lr", "number", List.of(0.001, 0.01, 0.1)),
        new HparamInfo("optimizer", "string", List.of("adam", "sgd")),
        new HparamInfo("dropout", "number", List.of(0.5)),
        new HparamInfo("batch", "number", List.of(32.0, 64.0)),
        new HparamInfo("augment", "bool", List.of(false, true))), e.hparams());
    assertEquals(List.of("acc", "val/f1", "loss"), e.metrics().stream().map(Experiment.MetricInfo::tag).toList());

    Session s = e.sessions().get(2);
    assertEquals(ordered("lr", 0.1, "optimizer", "sgd", "batch", 64.0, "augment", true), s.hparams());
    assertEquals(0.8, s.metrics().get("acc"));
    assertEquals(0.3, s.metrics().get("loss"));
    assertTrue(s.metrics().containsKey("val/f1"), "every metric is a key");
    assertNull(s.metrics().get("val/f1"), "a metric the run never wrote is null");
    Session first = e.sessions().get(0);
    assertTrue(first.metrics().get("acc").isNaN());
    assertNull(first.hparams().get("batch"));
    assertTrue(!first.hparams().containsKey("batch"), "an hparam the record lacks is absent");
  }

  @Test
  void anHparamWhoseTypesDisagreeIsAStringOfEveryValue() {
    FakeStore store = new FakeStore()
        .hparams("a", "hparams", 0, 1, ordered("layers", 3, "act", "relu"), List.of())
        .hparams("b", "hparams", 0, 1, ordered("layers", "auto", "act", "gelu"), List.of())
        .hparams("c", "hparams", 0, 1, ordered("layers", 0.0001, "act", true), List.of())
        .hparams("d", "hparams", 0, 1, ordered("layers", 12.5), List.of());
    Experiment e = experiment(new HparamsPlugin(store));
    assertEquals(new HparamInfo("layers", "string", List.of("0.0001", "12.5", "3", "auto")), e.hparams().get(0));
    assertEquals(new HparamInfo("act", "string", List.of("gelu", "relu", "true")), e.hparams().get(1));
    assertEquals("3", e.sessions().get(0).hparams().get("layers"));
    assertEquals("true", e.sessions().get(2).hparams().get("act"));
    assertEquals(List.of(), e.metrics());
  }

  @Test
  void theNewestReadableRecordOfAnyTagIsTheRunsHparams() {
    FakeStore store = new FakeStore()
        .hparams("r", "hparams", 0, 1000, ordered("lr", 1), List.of("old"))
        .hparams("r", "hparams", 5, 3000, ordered("lr", 2), List.of("loss"))
        .hparams("r", "other", 9, 2000, ordered("lr", 3), List.of("x"))
        // Newer, but of a payload version this build does not know, or not parseable: passed over.
        .sample("r", "other", new Sample(10, 9000, 2, FakeStore.encode(ordered("lr", 4), List.of()).toByteArray()))
        .sample("r", "zzz", new Sample(11, 9500, 1, new byte[] {(byte) 0xff, 0x01, 0x02}))
        // A run whose only record is unreadable has no session.
        .sample("broken", "hparams", new Sample(0, 1, 1, new byte[] {(byte) 0xff, (byte) 0xff}));
    Experiment e = experiment(new HparamsPlugin(store));
    assertEquals(1, e.sessions().size());
    assertEquals(ordered("lr", 2.0), e.sessions().get(0).hparams());
    assertEquals(List.of("loss"), e.metrics().stream().map(Experiment.MetricInfo::tag).toList());
  }

  /**
   * TensorBoard's layouts: an experiment record (metrics, no hyper-parameters) in the parent run
   * with the sessions in child runs (TensorFlow's hp API), or beside the session in one run
   * (PyTorch's add_hparams).
   */
  @Test
  void aRecordOfMetricsOnlyIsNoSessionButNamesTheSessionsMetrics() {
    FakeStore store = new FakeStore()
        .hparams("exp", "_hparams_/experiment", 0, 1, ordered(), List.of("accuracy"))
        .hparams("exp/a", "_hparams_/session_start_info", 0, 2, ordered("units", 16), List.of())
        .scalar("exp/a", "accuracy", 5, 0.7)
        .hparams("exp/b", "_hparams_/session_start_info", 0, 2, ordered("units", 32), List.of())
        .hparams("exp/b", "_hparams_/experiment", 0, 2, ordered(), List.of("loss"))
        .scalar("exp/b", "accuracy", 5, 0.9);
    Experiment e = experiment(new HparamsPlugin(store));
    assertEquals(List.of("exp/a", "exp/b"), e.sessions().stream().map(Session::run).toList());
    assertEquals(List.of("accuracy"), e.metrics().stream().map(Experiment.MetricInfo::tag)
        .toList(), "the parent's metrics; exp/b's session record names none");
    assertEquals(0.7, e.sessions().get(0).metrics().get("accuracy"));
    assertEquals(ordered("units", 32.0), e.sessions().get(1).hparams(),
        "the record with hyper-parameters wins over a newer one without");
  }

  @Test
  void anEmptyStoreIsAnEmptyExperiment() {
    Experiment e = experiment(new HparamsPlugin(new FakeStore().scalar("r", "loss", 0, 1)));
    assertEquals(Experiment.EMPTY, e);
    assertEquals(Map.of(), new HparamsPlugin(new FakeStore()).tags());
  }

  @Test
  void theAnswerIsReusedUntilAnInputTabletReceivesData() {
    FakeStore store = grid();
    HparamsPlugin plugin = new HparamsPlugin(store);
    Experiment first = experiment(plugin);
    int samples = store.sampleReads.get();
    int scalars = store.scalarReads.get();
    assertSame(first, experiment(plugin));
    assertEquals(samples, store.sampleReads.get(), "no record decoded again");
    assertEquals(scalars, store.scalarReads.get(), "no metric looked up again");

    store.scalar("lr-0.1", "acc", 20, 0.95); // a metric moves
    Experiment second = experiment(plugin);
    assertNotSame(first, second);
    assertEquals(0.95, second.sessions().get(2).metrics().get("acc"));
    assertEquals(samples, store.sampleReads.get(), "records are not decoded for a metric's change");

    store.hparams("lr-0.1", "hparams", 1, 5000, ordered("lr", 0.2), List.of("acc")); // a record is rewritten
    Experiment third = experiment(plugin);
    assertEquals(samples + 1, store.sampleReads.get(), "only the changed run is decoded");
    assertEquals(0.2, third.sessions().get(2).hparams().get("lr"));
    assertEquals(List.of(0.001, 0.01, 0.2), third.hparams().get(0).values());

    store.hparams("new", "hparams", 0, 1, ordered("lr", 1), List.of()); // a run appears
    assertEquals(4, experiment(plugin).sessions().size());
  }

  @Test
  void aThousandSessionsOfTwentyHparamsAndFiveMetricsAreQuick() {
    FakeStore store = new FakeStore();
    List<String> metrics = List.of("m0", "m1", "m2", "m3", "m4");
    for (int r = 0; r < 1000; r++) {
      Map<String, Object> values = new LinkedHashMap<>();
      for (int h = 0; h < 20; h++) {
        values.put("h" + h, h % 3 == 0 ? "opt-" + (r + h) % 7 : h % 3 == 1 ? (Object) ((r * 31 + h) % 97 / 10.0) : r % 2 == 0);
      }
      String run = String.format("sweep/run-%04d", r);
      store.hparams(run, "hparams", 0, 1, values, metrics);
      for (String m : metrics) {
        store.scalar(run, m, 100, r / 1000.0);
      }
    }
    HparamsPlugin plugin = new HparamsPlugin(store);
    List<Long> cold = new ArrayList<>();
    Experiment e = null;
    for (int i = 0; i < 5; i++) {
      long t0 = System.nanoTime();
      e = experiment(new HparamsPlugin(store));
      cold.add((System.nanoTime() - t0) / 1_000_000);
    }
    experiment(plugin);
    long t0 = System.nanoTime();
    for (int i = 0; i < 10; i++) {
      experiment(plugin);
    }
    long warm = (System.nanoTime() - t0) / 10_000_000;
    System.out.printf("hparams experiment, 1000 x 20 x 5: built %s ms, unchanged %d ms%n", cold, warm);
    assertEquals(1000, e.sessions().size());
    assertEquals(20, e.hparams().size());
    assertEquals(5, e.metrics().size());
    assertTrue(cold.stream().mapToLong(Long::longValue).min().orElseThrow() < 2000, "built in " + cold);
  }
}
