package org.visualdl.plugin.hparams.internal;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.visualdl.api.Kind;
import org.visualdl.api.LogStore;
import org.visualdl.api.Sample;
import org.visualdl.api.ScalarPoint;
import org.visualdl.api.TabletInfo;
import org.visualdl.plugin.hparams.internal.Experiment.HparamInfo;
import org.visualdl.plugin.hparams.internal.Experiment.MetricInfo;
import org.visualdl.plugin.hparams.internal.Experiment.Session;

/**
 * Builds the {@link Experiment} from the store and keeps it while no input changed: a run's
 * record is decoded again only when one of its hparams tablets' data versions moves, and the whole
 * answer is reused while every hparams and metric tablet keeps its data version. Checking costs one
 * {@code dataVersion} per tablet, so a page that polls a finished sweep of 1,000 runs does no
 * decoding and no scalar lookups.
 */
final class ExperimentSource {
  static final Kind HPARAMS = new Kind(org.visualdl.proto.BuiltinKind.HPARAMS.kindName());

  private final LogStore store;

  /** Per run: the data versions of its hparams tablets and what they decoded to. */
  private Map<String, Decoded> decoded = new HashMap<>();
  private Experiment cached;
  private List<Decoded> cachedRuns = List.of();
  private long[] cachedMetricVersions = new long[0];

  private record Decoded(List<String> tags, long[] versions, Optional<RunHparams> hparams) {
    boolean sameInputs(List<String> otherTags, long[] otherVersions) {
      return tags.equals(otherTags) && Arrays.equals(versions, otherVersions);
    }
  }

  ExperimentSource(LogStore store) {
    this.store = store;
  }

  /** The experiment as the store holds it now. */
  synchronized Experiment experiment() {
    List<Decoded> runs = new ArrayList<>();
    List<String> runNames = new ArrayList<>();
    Map<String, Decoded> nextDecoded = new HashMap<>();
    for (Map.Entry<String, List<String>> e : tagsByRun().entrySet()) {
      String run = e.getKey();
      List<String> tags = e.getValue();
      long[] versions = new long[tags.size()];
      for (int i = 0; i < versions.length; i++) {
        versions[i] = store.dataVersion(run, tags.get(i), HPARAMS);
      }
      Decoded d = decoded.get(run);
      if (d == null || !d.sameInputs(tags, versions)) {
        d = new Decoded(tags, versions, decode(run, tags));
      }
      nextDecoded.put(run, d);
      if (d.hparams().isPresent()) {
        runs.add(d);
        runNames.add(run);
      }
    }
    decoded = nextDecoded;

    // A run whose record names metrics but no hyper-parameters (TensorBoard's experiment
    // summary, in the parent of its sessions' runs) is no session; its metrics are the sessions'.
    List<String> metricTags = metricTags(runs);
    long[] metricVersions = new long[runs.size() * metricTags.size()];
    for (int r = 0, k = 0; r < runs.size(); r++) {
      for (String tag : metricTags) {
        metricVersions[k++] = runs.get(r).hparams().orElseThrow().isSession()
            ? store.dataVersion(runNames.get(r), tag, Kind.SCALAR) : 0;
      }
    }
    if (cached != null
        && sameRuns(runs, cachedRuns)
        && Arrays.equals(metricVersions, cachedMetricVersions)) {
      return cached;
    }
    cached = build(runNames, runs, metricTags);
    cachedRuns = runs;
    cachedMetricVersions = metricVersions;
    return cached;
  }

  private Map<String, List<String>> tagsByRun() {
    Map<String, List<String>> byRun = new LinkedHashMap<>();
    for (TabletInfo t : store.tablets(HPARAMS)) {
      byRun.computeIfAbsent(t.run(), r -> new ArrayList<>()).add(t.tag());
    }
    return byRun;
  }

  private Optional<RunHparams> decode(String run, List<String> tags) {
    List<Sample> all = new ArrayList<>();
    for (String tag : tags) {
      store.samples(run, tag, HPARAMS).ifPresent(all::addAll);
    }
    return RunHparams.newest(all);
  }

  private static boolean sameRuns(List<Decoded> a, List<Decoded> b) {
    if (a.size() != b.size()) {
      return false;
    }
    for (int i = 0; i < a.size(); i++) {
      if (a.get(i) != b.get(i)) {
        return false;
      }
    }
    return true;
  }

  private static List<String> metricTags(List<Decoded> runs) {
    LinkedHashSet<String> tags = new LinkedHashSet<>();
    for (Decoded d : runs) {
      tags.addAll(d.hparams().orElseThrow().metricTags());
    }
    return List.copyOf(tags);
  }

  private Experiment build(List<String> allNames, List<Decoded> all, List<String> metricTags) {
    List<String> runNames = new ArrayList<>();
    List<Decoded> runs = new ArrayList<>();
    for (int i = 0; i < all.size(); i++) {
      if (all.get(i).hparams().orElseThrow().isSession()) {
        runNames.add(allNames.get(i));
        runs.add(all.get(i));
      }
    }
    if (runs.isEmpty()) {
      return Experiment.EMPTY;
    }
    Map<String, HparamDomain> domains = new LinkedHashMap<>();
    for (Decoded d : runs) {
      for (Map.Entry<String, Object> v : d.hparams().orElseThrow().values().entrySet()) {
        domains.computeIfAbsent(v.getKey(), k -> new HparamDomain()).add(v.getValue());
      }
    }
    List<HparamInfo> infos = new ArrayList<>(domains.size());
    for (Map.Entry<String, HparamDomain> e : domains.entrySet()) {
      infos.add(new HparamInfo(e.getKey(), e.getValue().type(), e.getValue().values()));
    }
    List<Session> sessions = new ArrayList<>(runs.size());
    for (int r = 0; r < runs.size(); r++) {
      String run = runNames.get(r);
      Map<String, Object> hparams = new LinkedHashMap<>();
      for (Map.Entry<String, Object> v : runs.get(r).hparams().orElseThrow().values().entrySet()) {
        hparams.put(v.getKey(), domains.get(v.getKey()).convert(v.getValue()));
      }
      Map<String, Double> metrics = new LinkedHashMap<>();
      for (String tag : metricTags) {
        metrics.put(tag, store.latestScalar(run, tag).map(ScalarPoint::value).orElse(null));
      }
      sessions.add(new Session(run, hparams, metrics));
    }
    return new Experiment(
        List.copyOf(infos), metricTags.stream().map(MetricInfo::new).toList(), List.copyOf(sessions));
  }
}
