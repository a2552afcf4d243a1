package org.visualdl.format.testing;

import com.google.protobuf.InvalidProtocolBufferException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.visualdl.api.Kind;
import org.visualdl.api.format.RecordSink;
import org.visualdl.proto.BuiltinKind;

/**
 * Records everything a log-format reader delivers, for assertions: every call as it came
 * ({@link #samples}, {@link #blobs}), and the built-in kinds decoded from their payloads
 * ({@link #histograms}, {@link #texts}, {@link #images}, {@link #embeddings}); blobs of other
 * kinds are listed as {@link #pluginData}. A payload that does not decode fails the test.
 */
public final class CollectingSink implements RecordSink {
  public record Tablet(String tag, Kind kind, String displayName, String description,
      String plugin) {}

  public record Point(long step, double value, long wallMs) {}

  public record Sample(String tag, Kind kind, long step, long wallMs, int payloadVersion,
      byte[] payload) {}

  public record Blob(String tag, Kind kind, long step, long wallMs, int index, int payloadVersion,
      byte[] header, long byteSize, long locator) {}

  /** A histogram sample, decoded. */
  public record Histogram(long step, long wallMs, double[] edges, double[] counts, double min,
      double max, double num, double sum, double sumSquares) {}

  /** An image blob, its header decoded. */
  public record Image(String tag, long step, long wallMs, String mediaType, int width, int height,
      int channels, long byteSize, long locator, int index) {}

  /** An embedding blob, its header decoded. */
  public record Embedding(String tag, long step, long wallMs, int rows, int dims, long locator) {}

  /** A text sample, decoded. */
  public record Text(String tag, long step, long wallMs, String markdown) {}

  /** A blob of a kind that is not built in: a plugin's data. */
  public record PluginData(String tag, String plugin, int version, long step, long wallMs,
      long size, long locator) {}

  private static final String HISTOGRAM = BuiltinKind.HISTOGRAM.kindName();
  private static final String TEXT = BuiltinKind.TEXT.kindName();
  private static final String IMAGE = BuiltinKind.IMAGE.kindName();
  private static final String EMBEDDING = BuiltinKind.EMBEDDING.kindName();

  public final Map<String, Tablet> tablets = new LinkedHashMap<>();
  public final Map<String, List<Point>> scalars = new LinkedHashMap<>();
  public final List<Sample> samples = new ArrayList<>();
  public final List<Blob> blobs = new ArrayList<>();
  public final Map<String, List<Histogram>> histograms = new LinkedHashMap<>();
  public final Map<String, List<org.visualdl.proto.Text>> textPayloads = new LinkedHashMap<>();
  public final List<Text> texts = new ArrayList<>();
  public final List<Image> images = new ArrayList<>();
  public final List<Embedding> embeddings = new ArrayList<>();
  public final List<PluginData> pluginData = new ArrayList<>();
  public int scalarCalls;

  @Override
  public void tablet(String tag, Kind kind, String displayName, String description,
      String pluginName) {
    tablets.put(tag, new Tablet(tag, kind, displayName, description, pluginName));
  }

  @Override
  public void scalars(String tag, long[] steps, double[] values, long[] wallTimesMs, int count) {
    scalarCalls++;
    List<Point> l = scalars.computeIfAbsent(tag, t -> new ArrayList<>());
    for (int i = 0; i < count; i++) {
      l.add(new Point(steps[i], values[i], wallTimesMs[i]));
    }
  }

  @Override
  public void sample(String tag, Kind kind, long step, long wallTimeMs, int payloadVersion,
      byte[] payload) {
    samples.add(new Sample(tag, kind, step, wallTimeMs, payloadVersion, payload));
    try {
      if (kind.id().equals(HISTOGRAM)) {
        org.visualdl.proto.Histogram h = org.visualdl.proto.Histogram.parseFrom(payload);
        histograms.computeIfAbsent(tag, t -> new ArrayList<>()).add(new Histogram(step,
            wallTimeMs, toArray(h.getEdgesList()), toArray(h.getCountsList()), h.getMin(),
            h.getMax(), h.getNum(), h.getSum(), h.getSumSquares()));
      } else if (kind.id().equals(TEXT)) {
        org.visualdl.proto.Text t = org.visualdl.proto.Text.parseFrom(payload);
        textPayloads.computeIfAbsent(tag, k -> new ArrayList<>()).add(t);
        texts.add(new Text(tag, step, wallTimeMs, t.getMarkdown()));
      }
    } catch (InvalidProtocolBufferException e) {
      throw new AssertionError("the " + kind + " payload of '" + tag + "' at step " + step
          + " does not decode: " + e.getMessage(), e);
    }
  }

  @Override
  public void blob(String tag, Kind kind, long step, long wallTimeMs, int index,
      int payloadVersion, byte[] header, long byteSize, long locator) {
    blobs.add(new Blob(tag, kind, step, wallTimeMs, index, payloadVersion, header, byteSize,
        locator));
    try {
      if (kind.id().equals(IMAGE)) {
        org.visualdl.proto.Image h = org.visualdl.proto.Image.parseFrom(header);
        images.add(new Image(tag, step, wallTimeMs, h.getMediaType(), h.getWidth(),
            h.getHeight(), h.getChannels(), byteSize, locator, index));
      } else if (kind.id().equals(EMBEDDING)) {
        org.visualdl.proto.Embedding h = org.visualdl.proto.Embedding.parseFrom(header);
        embeddings.add(new Embedding(tag, step, wallTimeMs, h.getRows(), h.getDims(), locator));
      } else {
        pluginData.add(new PluginData(tag, kind.id(), payloadVersion, step, wallTimeMs, byteSize,
            locator));
      }
    } catch (InvalidProtocolBufferException e) {
      throw new AssertionError("the " + kind + " header of '" + tag + "' at step " + step
          + " does not decode: " + e.getMessage(), e);
    }
  }

  private static double[] toArray(List<Double> l) {
    return l.stream().mapToDouble(Double::doubleValue).toArray();
  }

  public int scalarCount() {
    return scalars.values().stream().mapToInt(List::size).sum();
  }

  /** Everything delivered, counted: one per point, sample and blob. */
  public int records() {
    return scalarCount() + samples.size() + blobs.size();
  }
}
