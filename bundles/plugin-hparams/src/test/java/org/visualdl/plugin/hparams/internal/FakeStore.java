package org.visualdl.plugin.hparams.internal;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.concurrent.atomic.AtomicInteger;
import org.visualdl.api.BlobRef;
import org.visualdl.api.Kind;
import org.visualdl.api.LogStore;
import org.visualdl.api.RunInfo;
import org.visualdl.api.Sample;
import org.visualdl.api.ScalarPoint;
import org.visualdl.api.ScalarPoints;
import org.visualdl.api.ScalarQuery;
import org.visualdl.api.StoreStatus;
import org.visualdl.api.TabletInfo;
import org.visualdl.proto.Hparam;
import org.visualdl.proto.Hparams;

/** An in-memory store of samples and scalar points, counting the reads the plugin makes. */
final class FakeStore implements LogStore {
  private record Key(String run, String tag, Kind kind) {}

  private final Map<Key, List<Sample>> samples = new HashMap<>();
  private final Map<Key, List<ScalarPoint>> scalars = new HashMap<>();
  private final Map<Key, Long> versions = new HashMap<>();
  final AtomicInteger sampleReads = new AtomicInteger();
  final AtomicInteger scalarReads = new AtomicInteger();

  private static final Comparator<Key> KEYS = Comparator.comparing(Key::run)
      .thenComparing(k -> k.kind().id()).thenComparing(Key::tag);

  /** Adds an hparams record; values are Double/Integer, String or Boolean. */
  FakeStore hparams(String run, String tag, long step, long wallTime, Map<String, Object> values,
      List<String> metrics) {
    return sample(run, tag, new Sample(step, wallTime, 1, encode(values, metrics).toByteArray()));
  }

  FakeStore sample(String run, String tag, Sample s) {
    Key k = new Key(run, tag, ExperimentSource.HPARAMS);
    samples.computeIfAbsent(k, x -> new ArrayList<>()).add(s);
    samples.get(k).sort(Comparator.comparingLong(Sample::step));
    versions.merge(k, 1L, Long::sum);
    return this;
  }

  FakeStore scalar(String run, String tag, long step, double value) {
    Key k = new Key(run, tag, Kind.SCALAR);
    scalars.computeIfAbsent(k, x -> new ArrayList<>()).add(new ScalarPoint(step, value, step));
    versions.merge(k, 1L, Long::sum);
    return this;
  }

  static Hparams encode(Map<String, Object> values, List<String> metrics) {
    Hparams.Builder b = Hparams.newBuilder().addAllMetricTags(metrics);
    for (Map.Entry<String, Object> e : values.entrySet()) {
      Hparam.Builder p = Hparam.newBuilder().setName(e.getKey());
      if (e.getValue() instanceof Number n) {
        p.setNumber(n.doubleValue());
      } else if (e.getValue() instanceof Boolean f) {
        p.setFlag(f);
      } else {
        p.setText(String.valueOf(e.getValue()));
      }
      b.addHparams(p);
    }
    return b.build();
  }

  @Override
  public List<RunInfo> runs() {
    TreeMap<String, Integer> runs = new TreeMap<>();
    for (Key k : versions.keySet()) {
      runs.merge(k.run(), 1, Integer::sum);
    }
    return runs.entrySet().stream().map(e -> new RunInfo(e.getKey(), 0, e.getValue())).toList();
  }

  @Override
  public List<TabletInfo> tablets(Kind kind) {
    return versions.keySet().stream().filter(k -> k.kind().equals(kind)).sorted(KEYS)
        .map(k -> new TabletInfo(k.run(), k.tag(), k.kind(), "", "", "")).toList();
  }

  @Override
  public List<TabletInfo> tablets(String run) {
    return versions.keySet().stream().filter(k -> k.run().equals(run)).sorted(KEYS)
        .map(k -> new TabletInfo(k.run(), k.tag(), k.kind(), "", "", "")).toList();
  }

  @Override
  public Optional<TabletInfo> tablet(String run, String tag, Kind kind) {
    return versions.containsKey(new Key(run, tag, kind))
        ? Optional.of(new TabletInfo(run, tag, kind, "", "", "")) : Optional.empty();
  }

  @Override
  public Optional<ScalarPoints> scalars(String run, String tag, ScalarQuery query) {
    throw new UnsupportedOperationException("the plugin needs only the latest point");
  }

  @Override
  public Optional<ScalarPoint> latestScalar(String run, String tag) {
    scalarReads.incrementAndGet();
    List<ScalarPoint> p = scalars.get(new Key(run, tag, Kind.SCALAR));
    if (p == null) {
      return Optional.empty();
    }
    ScalarPoint last = p.get(0);
    for (ScalarPoint x : p) {
      last = x.step() >= last.step() ? x : last;
    }
    return Optional.of(last);
  }

  @Override
  public Optional<List<Sample>> samples(String run, String tag, Kind kind) {
    sampleReads.incrementAndGet();
    return Optional.ofNullable(samples.get(new Key(run, tag, kind))).map(List::copyOf);
  }

  @Override
  public Optional<List<BlobRef>> blobs(String run, String tag, Kind kind) {
    return Optional.empty();
  }

  @Override
  public Optional<byte[]> blob(String run, String tag, Kind kind, long step, int index) {
    return Optional.empty();
  }

  @Override
  public long dataVersion(String run, String tag, Kind kind) {
    return versions.getOrDefault(new Key(run, tag, kind), 0L);
  }

  @Override
  public StoreStatus status() {
    throw new UnsupportedOperationException();
  }
}
