package org.visualdl.plugin.testing;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeSet;
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

/**
 * An in-memory store holding what a test puts in it: samples, blobs and their payloads. Scalars
 * are absent and {@link #status()} is unsupported. Subclass it to make a read fail:
 *
 * <pre>{@code
 * LogStore store = new InMemoryLogStore().blob("r", "t", kind, ref, bytes).run("other");
 * }</pre>
 */
public class InMemoryLogStore implements LogStore {
  private final Map<String, List<Sample>> samples = new LinkedHashMap<>();
  private final Map<String, List<BlobRef>> blobs = new LinkedHashMap<>();
  private final Map<String, byte[]> payloads = new LinkedHashMap<>();
  private final TreeSet<String> runs = new TreeSet<>();
  private final List<TabletInfo> tablets = new ArrayList<>();

  private static String key(String run, String tag, Kind kind) {
    return run + '\n' + tag + '\n' + kind.id();
  }

  public InMemoryLogStore run(String run) {
    runs.add(run);
    return this;
  }

  public InMemoryLogStore sample(String run, String tag, Kind kind, Sample sample) {
    addTablet(run, tag, kind);
    samples.computeIfAbsent(key(run, tag, kind), k -> new ArrayList<>()).add(sample);
    return this;
  }

  public InMemoryLogStore blob(String run, String tag, Kind kind, BlobRef ref, byte[] payload) {
    addTablet(run, tag, kind);
    blobs.computeIfAbsent(key(run, tag, kind), k -> new ArrayList<>()).add(ref);
    payloads.put(key(run, tag, kind) + '\n' + ref.step() + '\n' + ref.index(), payload);
    return this;
  }

  private void addTablet(String run, String tag, Kind kind) {
    run(run);
    if (tablet(run, tag, kind).isEmpty()) {
      tablets.add(new TabletInfo(run, tag, kind, "", "", ""));
    }
  }

  @Override
  public List<RunInfo> runs() {
    return runs.stream().map(r -> new RunInfo(r, 0, 0)).toList();
  }

  @Override
  public List<TabletInfo> tablets(Kind kind) {
    return tablets.stream().filter(t -> t.kind().equals(kind)).toList();
  }

  @Override
  public List<TabletInfo> tablets(String run) {
    return tablets.stream().filter(t -> t.run().equals(run)).toList();
  }

  @Override
  public Optional<TabletInfo> tablet(String run, String tag, Kind kind) {
    return tablets.stream()
        .filter(t -> t.run().equals(run) && t.tag().equals(tag) && t.kind().equals(kind))
        .findFirst();
  }

  @Override
  public Optional<ScalarPoints> scalars(String run, String tag, ScalarQuery query) {
    return Optional.empty();
  }

  @Override
  public Optional<ScalarPoint> latestScalar(String run, String tag) {
    return Optional.empty();
  }

  @Override
  public Optional<List<Sample>> samples(String run, String tag, Kind kind) {
    return Optional.ofNullable(samples.get(key(run, tag, kind)));
  }

  @Override
  public Optional<List<BlobRef>> blobs(String run, String tag, Kind kind) {
    return Optional.ofNullable(blobs.get(key(run, tag, kind)));
  }

  @Override
  public Optional<byte[]> blob(String run, String tag, Kind kind, long step, int index) {
    return Optional.ofNullable(payloads.get(key(run, tag, kind) + '\n' + step + '\n' + index));
  }

  @Override
  public long dataVersion(String run, String tag, Kind kind) {
    return tablet(run, tag, kind).isPresent() ? 1 : 0;
  }

  @Override
  public StoreStatus status() {
    throw new UnsupportedOperationException("status");
  }
}
