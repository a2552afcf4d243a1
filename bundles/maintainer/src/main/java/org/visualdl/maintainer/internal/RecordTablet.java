package org.visualdl.maintainer.internal;

import java.util.ArrayList;
import java.util.List;
import org.visualdl.api.BlobRef;
import org.visualdl.api.Sample;

/**
 * The kept records of one samples or blob-sequence tablet: a reservoir of steps whose shape the
 * tablet's first record fixed.
 */
final class RecordTablet {
  private final RecordShape shape;
  private final Reservoir<Sample> samples;
  private final Reservoir<BlobStep> blobs;

  private RecordTablet(RecordShape shape, Reservoir<Sample> samples, Reservoir<BlobStep> blobs) {
    this.shape = shape;
    this.samples = samples;
    this.blobs = blobs;
  }

  static RecordTablet of(RecordShape shape, int capacity, long seed) {
    return shape == RecordShape.SAMPLES
        ? new RecordTablet(shape,
            new Reservoir<>(capacity, seed, Sample::step, s -> s.payload().length + 48L,
                (kept, next) -> next.wallTimeMs() >= kept.wallTimeMs() ? next : kept),
            null)
        : new RecordTablet(shape, null,
            new Reservoir<>(capacity, seed, BlobStep::step, BlobStep::bytes, BlobStep::merge));
  }

  RecordShape shape() {
    return shape;
  }

  void add(Sample sample) {
    samples.add(sample);
  }

  void add(KeptBlob blob) {
    blobs.add(BlobStep.of(blob));
  }

  /** The kept samples in step order, or null for a blob tablet. */
  List<Sample> samples() {
    return samples == null ? null : samples.inStepOrder();
  }

  /** The kept blobs in step order, then index, or null for a samples tablet. */
  List<BlobRef> blobRefs() {
    if (blobs == null) {
      return null;
    }
    List<BlobRef> out = new ArrayList<>();
    for (BlobStep s : blobs.inStepOrder()) {
      for (KeptBlob b : s.blobs()) {
        out.add(b.ref());
      }
    }
    return out;
  }

  /** The kept blob at that step and index, or null. */
  KeptBlob blob(long step, int index) {
    if (blobs == null) {
      return null;
    }
    BlobStep s = blobs.atStep(step);
    return s == null ? null : s.atIndex(index);
  }

  private Reservoir<?> reservoir() {
    return samples != null ? samples : blobs;
  }

  long version() {
    return reservoir().version();
  }

  long lastStep() {
    return reservoir().lastStep();
  }

  long bytes() {
    return reservoir().bytes();
  }
}
