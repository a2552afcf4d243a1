package org.visualdl.format.tensorboard.internal;

import org.visualdl.storage.format.BlobLocator;
import org.visualdl.storage.format.ScalarBatcher;

import com.google.protobuf.CodedInputStream;
import java.io.IOException;
import java.util.Locale;
import java.util.Map;
import org.visualdl.api.Kind;
import org.visualdl.api.format.RecordSink;
import org.visualdl.proto.Audio;
import org.visualdl.proto.BuiltinKind;
import org.visualdl.proto.Hparams;
import org.visualdl.proto.Histogram;
import org.visualdl.proto.Image;
import org.visualdl.proto.models.GraphDefs;

/**
 * Turns one {@code tensorflow.Event} into sink calls, decoded by hand with CodedInputStream.
 *
 * <p>Event: wall_time 1 (double seconds), step 2, graph_def 4 and meta_graph_def 9 (graphs),
 * summary 5; everything else (file_version, session_log, tagged_run_metadata...) is skipped
 * without a word. Summary.Value: tag 1, simple_value 2, image 4, histo 5, audio 6, tensor 8,
 * metadata 9. TF1 writers attach the metadata (and with it the plugin name) only to a tag's first
 * value, so the plugin name is remembered per run and tag.
 */
final class EventDecoder {
  static final Kind HISTOGRAM = new Kind(BuiltinKind.HISTOGRAM.kindName());
  static final Kind IMAGE = new Kind(BuiltinKind.IMAGE.kindName());
  static final Kind TEXT = new Kind(BuiltinKind.TEXT.kindName());
  static final Kind AUDIO = new Kind(BuiltinKind.AUDIO.kindName());
  static final Kind PR_CURVE = new Kind(BuiltinKind.PR_CURVE.kindName());
  static final Kind HPARAMS = new Kind(BuiltinKind.HPARAMS.kindName());
  static final Kind GRAPH = new Kind(BuiltinKind.GRAPH.kindName());
  /** The tags of the graphs of Event.graph_def and Event.meta_graph_def. */
  static final String GRAPH_DEF_TAG = "graph_def";
  static final String META_GRAPH_DEF_TAG = "meta_graph_def";
  private final Map<String, String> tagPlugins;
  private final ScalarBatcher scalars = new ScalarBatcher();
  private final TagCache tags = new TagCache(scalars);
  private final HparamsValues hparams = new HparamsValues();
  /** The bad-payload messages already reported for this file. */
  private final java.util.Set<String> reported = new java.util.HashSet<>();
  private RecordSink sink;

  EventDecoder(Map<String, String> tagPlugins) {
    this.tagPlugins = tagPlugins;
  }

  void begin(RecordSink s) {
    this.sink = s;
  }

  void end() {
    if (sink != null) {
      scalars.flush(sink);
    }
    sink = null;
  }

  void reset() {
    tags.undeclareAll();
    hparams.reset();
    reported.clear();
  }

  /** Decodes one event; returns a problem, or null when it decoded. */
  String decode(byte[] b, int off, int len, long recordOffset) {
    try {
      CodedInputStream in = CodedInputStream.newInstance(b, off, len);
      double wall = 0;
      long step = 0;
      int summaryOff = -1;
      int summaryLen = 0;
      int graphOff = -1;
      int graphLen = 0;
      int metaGraphOff = -1;
      int metaGraphLen = 0;
      int t;
      while ((t = in.readTag()) != 0) {
        switch (t) {
          case 9 -> wall = in.readDouble();
          case 16 -> step = in.readInt64();
          case 34, 42, 74 -> {
            int n = TensorView.checkLength(in, in.readRawVarint32());
            int p = off + in.getTotalBytesRead();
            in.skipRawBytes(n);
            if (t == 34) {
              graphOff = p;
              graphLen = n;
            } else if (t == 42) {
              summaryOff = p;
              summaryLen = n;
            } else {
              metaGraphOff = p;
              metaGraphLen = n;
            }
          }
          default -> in.skipField(t);
        }
      }
      if (graphOff >= 0) {
        graph(GRAPH_DEF_TAG, GraphDefs.fromEventGraphDef(copy(b, graphOff, graphLen)), step,
            wallMs(wall), recordOffset, 4);
      }
      if (metaGraphOff >= 0) {
        byte[] m = metaGraph(copy(b, metaGraphOff, metaGraphLen));
        if (m != null) {
          graph(META_GRAPH_DEF_TAG, m, step, wallMs(wall), recordOffset, 9);
        }
      }
      if (summaryOff >= 0) {
        summary(b, summaryOff, summaryLen, step, wallMs(wall), recordOffset);
      }
      return null;
    } catch (BadPayloadException e) {
      return reported.add(e.getMessage())
          ? "skipped: " + e.getMessage() + " (reported once per file)" : null;
    } catch (IOException | IndexOutOfBoundsException | IllegalArgumentException e) {
      return "does not decode as an Event: " + e.getMessage();
    }
  }

  private static byte[] metaGraph(byte[] bytes) {
    try {
      return GraphDefs.fromEventMetaGraphDef(bytes);
    } catch (IOException e) {
      throw new BadPayloadException("meta_graph_def is not a MetaGraphDef: " + e.getMessage());
    }
  }

  static byte[] copy(byte[] b, int off, int len) {
    return java.util.Arrays.copyOfRange(b, off, off + len);
  }

  private void graph(String tag, byte[] payload, long step, long wall, long recordOffset,
      int field) {
    declare(tag, GRAPH, null, null, null);
    if (BlobLocator.fits(recordOffset, BlobLocator.MAX_VALUE_INDEX, field)) { // below 512 GiB
      sink.blob(tag, GRAPH, step, wall, 0, BuiltinKind.GRAPH.payloadVersion(),
          GraphDefs.header(payload), payload.length, EventLocators.ofEventField(recordOffset, field));
    }
  }

  static long wallMs(double seconds) {
    if (!Double.isFinite(seconds)) {
      return 0;
    }
    return Math.round(seconds * 1000.0);
  }

  private void summary(byte[] b, int off, int len, long step, long wall, long recordOffset)
      throws IOException {
    CodedInputStream in = CodedInputStream.newInstance(b, off, len);
    int index = 0;
    int t;
    while ((t = in.readTag()) != 0) {
      if (t == 10) {
        int n = TensorView.checkLength(in, in.readRawVarint32());
        int limit = in.pushLimit(n);
        value(in, b, off, n, step, wall, recordOffset, index++);
        in.popLimit(limit);
      } else {
        in.skipField(t);
      }
    }
  }

  /** One Summary.Value, read from {@code in} up to its limit; {@code off} is where {@code in} started in {@code b}. */
  private void value(CodedInputStream in, byte[] b, int off, int len, long step, long wall,
      long recordOffset, int index) throws IOException {
    TagState state = null;
    boolean hasSimple = false;
    float simple = 0;
    int imageOff = -1;
    int imageLen = 0;
    int histoOff = -1;
    int histoLen = 0;
    int audioOff = -1;
    int audioLen = 0;
    int tensorOff = -1;
    int tensorLen = 0;
    int metaOff = -1;
    int metaLen = 0;
    int t;
    while ((t = in.readTag()) != 0) {
      switch (t) {
        case 10 -> {
          int n = TensorView.checkLength(in, in.readRawVarint32());
          state = tags.get(b, off + in.getTotalBytesRead(), n);
          in.skipRawBytes(n);
        }
        case 21 -> {
          hasSimple = true;
          simple = in.readFloat();
        }
        case 34, 42, 50, 66, 74 -> {
          int n = TensorView.checkLength(in, in.readRawVarint32());
          int p = off + in.getTotalBytesRead();
          in.skipRawBytes(n);
          switch (t) {
            case 34 -> {
              imageOff = p;
              imageLen = n;
            }
            case 42 -> {
              histoOff = p;
              histoLen = n;
            }
            case 50 -> {
              audioOff = p;
              audioLen = n;
            }
            case 66 -> {
              tensorOff = p;
              tensorLen = n;
            }
            default -> {
              metaOff = p;
              metaLen = n;
            }
          }
        }
        default -> in.skipField(t);
      }
    }
    if (state == null) {
      return;
    }
    if (hasSimple && metaOff < 0) {
      declare(state, Kind.SCALAR, null, null, null); // the common case, kept short
      scalars.add(sink, state.scalars, step, simple, wall);
      return;
    }
    String tag = state.tag;
    String plugin;
    String display = null;
    String description = null;
    SummaryMetadata meta = null;
    if (metaOff >= 0) {
      meta = SummaryMetadata.parse(b, metaOff, metaLen);
      plugin = meta.plugin();
      display = meta.display();
      description = meta.description();
      if (!plugin.isEmpty()) {
        tagPlugins.put(tag, plugin);
      } else {
        plugin = tagPlugins.getOrDefault(tag, "");
      }
    } else {
      plugin = tagPlugins.getOrDefault(tag, "");
    }

    if (hasSimple) {
      declare(state, Kind.SCALAR, display, description, null);
      scalars.add(sink, state.scalars, step, simple, wall);
    } else if (histoOff >= 0) {
      declare(tag, HISTOGRAM, display, description, null);
      histogram(tag, step, wall, SummaryValues.legacyHistogram(b, histoOff, histoLen));
    } else if (imageOff >= 0) {
      declare(tag, IMAGE, display, description, null);
      legacyImage(tag, b, imageOff, imageLen, step, wall, recordOffset, index);
    } else if (audioOff >= 0) {
      declare(tag, AUDIO, display, description, null);
      legacyAudio(tag, b, audioOff, audioLen, step, wall, recordOffset, index);
    } else if (plugin.equals("hparams")) {
      hparams(tag, b, meta, step, wall);
    } else if (tensorOff >= 0 || !plugin.isEmpty()) {
      TensorView tensor = tensorOff >= 0 ? TensorView.parse(b, tensorOff, tensorLen) : null;
      tensorValue(tag, plugin, tensor, display, description, step, wall, len, recordOffset,
          index);
    }
  }

  private void tensorValue(String tag, String plugin, TensorView tensor, String display,
      String description, long step, long wall, int valueLen, long recordOffset, int index) {
    switch (plugin) {
      case "scalars", "" -> {
        if (tensor != null && tensor.numeric() && tensor.elementCount() == 1) {
          double v = tensor.firstNumber();
          declare(tag, Kind.SCALAR, display, description, null);
          scalars.add(sink, tags.get(tag).scalars, step, v, wall);
        } else if (!plugin.isEmpty() && tensor != null) {
          throw new IllegalArgumentException("scalar tensor of tag '" + tag + "' is not a number");
        }
      }
      case "histograms" -> {
        declare(tag, HISTOGRAM, display, description, null);
        if (tensor != null) {
          Histogram h = SummaryValues.tensorHistogram(tensor);
          if (h != null) {
            histogram(tag, step, wall, h);
          }
        }
      }
      case "images" -> {
        declare(tag, IMAGE, display, description, null);
        if (tensor != null) {
          tensorImages(tag, tensor, step, wall, recordOffset, index);
        }
      }
      case "text" -> {
        declare(tag, TEXT, display, description, null);
        if (tensor != null && tensor.stringCount() > 0) {
          sink.sample(tag, TEXT, step, wall, BuiltinKind.TEXT.payloadVersion(),
              SummaryValues.text(tensor).toByteArray());
        }
      }
      case "audio" -> {
        declare(tag, AUDIO, display, description, null);
        if (tensor != null) {
          tensorAudio(tag, tensor, step, wall, recordOffset, index);
        }
      }
      case "pr_curves" -> {
        if (tensor != null) {
          byte[] curve = PrCurveValues.curve(tag, tensor).toByteArray();
          declare(tag, PR_CURVE, display, description, null);
          sink.sample(tag, PR_CURVE, step, wall, BuiltinKind.PR_CURVE.payloadVersion(), curve);
        }
      }
      case "graph_keras_model" -> {
        if (tensor != null && tensor.stringCount() > 0
            && EventLocators.fits(recordOffset, index, 0)) {
          byte[] k = GraphDefs.fromKerasModelConfig(tensor.string(0), tag);
          declare(tag, GRAPH, display, description, null);
          sink.blob(tag, GRAPH, step, wall, 0, BuiltinKind.GRAPH.payloadVersion(),
              GraphDefs.header(k), k.length, BlobLocator.of(recordOffset, index, 0));
        }
      }
      default -> {
        if (plugin.startsWith("graph")) {
          return; // run metadata (graph_run_metadata*) is not shown; skipped without noise
        }
        pluginData(tag, plugin, display, description, step, wall, valueLen, recordOffset, index);
      }
    }
  }

  private void pluginData(String tag, String plugin, String display, String description,
      long step, long wall, int valueLen, long recordOffset, int index) {
    String name = pluginKindName(plugin);
    declare(tag, new Kind(name), display, description, name);
    if (EventLocators.fits(recordOffset, index, 0)) {
      sink.blob(tag, new Kind(name), step, wall, 0, 0, NO_HEADER, valueLen,
          BlobLocator.of(recordOffset, index, 0));
    }
  }

  private static final byte[] NO_HEADER = new byte[0];

  private void histogram(String tag, long step, long wall, Histogram h) {
    sink.sample(tag, HISTOGRAM, step, wall, BuiltinKind.HISTOGRAM.payloadVersion(),
        h.toByteArray());
  }

  /** A plugin name as a kind name: lower case, letters, digits, '-' and '_', at most 64. */
  static String pluginKindName(String plugin) {
    StringBuilder s = new StringBuilder();
    for (char c : plugin.toLowerCase(Locale.ROOT).toCharArray()) {
      s.append((c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '-' || c == '_' ? c : '_');
      if (s.length() == 64) {
        break;
      }
    }
    return s.length() == 0 ? "unknown" : s.toString();
  }

  private void declare(String tag, Kind kind, String display, String description,
      String plugin) {
    declare(tags.get(tag), kind, display, description, plugin);
  }

  private void declare(TagState state, Kind kind, String display, String description,
      String plugin) {
    if (!state.declared) {
      state.declared = true;
      // TabletInfo holds "" for what a writer left out.
      sink.tablet(state.tag, kind, orEmpty(display), orEmpty(description), orEmpty(plugin));
    }
  }

  /** An hparams value: a session start becomes the run's {@code Hparams} sample. */
  private void hparams(String tag, byte[] b, SummaryMetadata meta, long step, long wall) {
    if (meta == null || meta.contentOff() < 0) {
      return; // a later value of the tag without its metadata carries nothing
    }
    Hparams h = hparams.read(tag, b, meta.contentOff(), meta.contentLen());
    if (h != null) {
      declare(tag, HPARAMS, meta.display(), meta.description(), null);
      sink.sample(tag, HPARAMS, step, wall, BuiltinKind.HPARAMS.payloadVersion(), h.toByteArray());
    }
  }

  private void legacyAudio(String tag, byte[] b, int off, int len, long step, long wall,
      long recordOffset, int index) throws IOException {
    Audio header = AudioValues.legacy(b, off, len, false);
    if (header == null || !EventLocators.fits(recordOffset, index, 0)) {
      return;
    }
    sink.blob(tag, AUDIO, step, wall, 0, BuiltinKind.AUDIO.payloadVersion(), header.toByteArray(),
        AudioValues.legacySize(b, off, len), BlobLocator.flagged(recordOffset, index, 0));
  }

  /** TF2 audio: a string tensor {@code [k, 2]} (clip, label); the clips are the blobs 0..k-1. */
  private void tensorAudio(String tag, TensorView tensor, long step, long wall,
      long recordOffset, int index) {
    int n = AudioValues.clipCount(tensor);
    for (int clip = 0; clip < n && clip <= BlobLocator.MAX_SUB_INDEX; clip++) {
      if (!EventLocators.fits(recordOffset, index, clip)) {
        return;
      }
      Audio header = AudioValues.tensorClip(tensor, clip, false);
      sink.blob(tag, AUDIO, step, wall, clip, BuiltinKind.AUDIO.payloadVersion(),
          header.toByteArray(), AudioValues.tensorClipSize(tensor, clip),
          BlobLocator.flagged(recordOffset, index, clip));
    }
  }

  private static String orEmpty(String s) {
    return s == null ? "" : s;
  }

  private void legacyImage(String tag, byte[] b, int off, int len, long step, long wall,
      long recordOffset, int index) throws IOException {
    Image header = SummaryValues.legacyImage(b, off, len, false);
    if (header == null || !EventLocators.fits(recordOffset, index, 0)) {
      return;
    }
    int size = SummaryValues.legacyImageSize(b, off, len);
    sink.blob(tag, IMAGE, step, wall, 0, BuiltinKind.IMAGE.payloadVersion(), header.toByteArray(),
        size, BlobLocator.flagged(recordOffset, index, 0));
  }

  /**
   * TF2 images: a string tensor {@code [width, height, image, image, ...]}; the images of one
   * step are the blobs 0, 1, ... of that step.
   */
  private void tensorImages(String tag, TensorView tensor, long step, long wall,
      long recordOffset, int index) {
    int n = tensor.stringCount();
    for (int sub = 0; sub + 2 < n && sub <= BlobLocator.MAX_SUB_INDEX; sub++) {
      if (!EventLocators.fits(recordOffset, index, sub)) {
        return;
      }
      Image header = SummaryValues.tensorImage(tensor, sub, false);
      sink.blob(tag, IMAGE, step, wall, sub, BuiltinKind.IMAGE.payloadVersion(),
          header.toByteArray(), tensor.stringLens.get(sub + 2),
          BlobLocator.flagged(recordOffset, index, sub));
    }
  }
}
