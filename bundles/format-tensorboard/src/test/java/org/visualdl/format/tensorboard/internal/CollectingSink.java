package org.visualdl.format.tensorboard.internal;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.visualdl.api.HistogramSample;
import org.visualdl.api.Kind;
import org.visualdl.api.format.RecordSink;

/** Records everything a reader delivers, for assertions. */
final class CollectingSink implements RecordSink {
  record Tablet(String tag, Kind kind, String displayName, String description, String plugin) {}

  record Point(long step, double value, long wallMs) {}

  record Image(String tag, long step, long wallMs, String mediaType, int width, int height,
      int channels, long byteSize, long locator) {}

  record Embedding(String tag, long step, long wallMs, int rows, int dims, long locator) {}

  record Text(String tag, long step, long wallMs, String markdown) {}

  record PluginData(String tag, String plugin, int version, long step, long wallMs, long size,
      long locator) {}

  final Map<String, Tablet> tablets = new LinkedHashMap<>();
  final Map<String, List<Point>> scalars = new LinkedHashMap<>();
  final Map<String, List<HistogramSample>> histograms = new LinkedHashMap<>();
  final List<Image> images = new ArrayList<>();
  final List<Embedding> embeddings = new ArrayList<>();
  final List<Text> texts = new ArrayList<>();
  final List<PluginData> pluginData = new ArrayList<>();
  int scalarCalls;

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
  public void histogram(String tag, HistogramSample sample) {
    histograms.computeIfAbsent(tag, t -> new ArrayList<>()).add(sample);
  }

  @Override
  public void image(String tag, long step, long wallTimeMs, String mediaType, int width,
      int height, int channels, long byteSize, long locator) {
    images.add(new Image(tag, step, wallTimeMs, mediaType, width, height, channels, byteSize,
        locator));
  }

  @Override
  public void embedding(String tag, long step, long wallTimeMs, int rows, int dims,
      long locator) {
    embeddings.add(new Embedding(tag, step, wallTimeMs, rows, dims, locator));
  }

  @Override
  public void text(String tag, long step, long wallTimeMs, String markdown) {
    texts.add(new Text(tag, step, wallTimeMs, markdown));
  }

  @Override
  public void pluginData(String tag, String plugin, int dataVersion, long step, long wallTimeMs,
      long byteSize, long locator) {
    pluginData.add(new PluginData(tag, plugin, dataVersion, step, wallTimeMs, byteSize, locator));
  }

  int scalarCount() {
    return scalars.values().stream().mapToInt(List::size).sum();
  }

  /** Everything delivered, counted: one per point, histogram, image, embedding, text, datum. */
  int records() {
    return scalarCount() + histograms.values().stream().mapToInt(List::size).sum()
        + images.size() + embeddings.size() + texts.size() + pluginData.size();
  }
}
