package org.visualdl.format.visualdl2.internal;

import org.visualdl.storage.format.BlobLocator;
import org.visualdl.storage.format.ScalarBatcher;

import org.visualdl.api.format.ImageHeader;
import org.visualdl.proto.BuiltinKind;
import org.visualdl.proto.Embedding;
import org.visualdl.proto.Histogram;
import org.visualdl.proto.Image;
import org.visualdl.proto.Text;
import com.google.protobuf.CodedInputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.HashSet;
import java.util.Set;
import org.visualdl.api.Kind;
import org.visualdl.api.format.RecordSink;

/**
 * Turns one {@code visualdl.Record} into sink calls. Value: id 1 (the step; proto3 leaves out
 * 0), tag 2, timestamp 3 (milliseconds, or seconds in files before September 2020: values under
 * 2,000,000,000 are seconds), then one of value 4 (scalar), image 5, audio 6, embeddings 7,
 * histogram 8, pr_curve 9, meta_data 10, roc_curve 11, text 12, hparam 13, tag_value 14
 * ({@code add_scalars}: the scalar {@code tag/sub_tag}).
 */
final class VdlRecordDecoder {
  static final Kind HISTOGRAM = new Kind(BuiltinKind.HISTOGRAM.kindName());
  static final Kind IMAGE = new Kind(BuiltinKind.IMAGE.kindName());
  static final Kind EMBEDDING = new Kind(BuiltinKind.EMBEDDING.kindName());
  static final Kind TEXT = new Kind(BuiltinKind.TEXT.kindName());
  static final Kind AUDIO = new Kind(BuiltinKind.AUDIO.kindName());
  static final Kind PR_CURVE = new Kind(BuiltinKind.PR_CURVE.kindName());
  static final Kind ROC_CURVE = new Kind(BuiltinKind.ROC_CURVE.kindName());
  static final Kind HPARAMS = new Kind(BuiltinKind.HPARAMS.kindName());
  static final String META_TAG = "meta_data_tag";
  private static final long SECONDS_BEFORE = 2_000_000_000L;

  private final Set<String> declared = new HashSet<>();
  /** The bad-value messages already reported for this file. */
  private final Set<String> reported = new HashSet<>();
  private final ScalarBatcher scalars = new ScalarBatcher();
  private final java.util.Map<String, ScalarBatcher.Batch> batches = new java.util.HashMap<>();
  private RecordSink sink;
  private String runDisplayName;

  void begin(RecordSink s) {
    sink = s;
  }

  void end() {
    if (sink != null) {
      scalars.flush(sink);
      batches.clear();
    }
    sink = null;
  }

  void reset() {
    declared.clear();
    reported.clear();
  }

  /** The display name the file's meta record gives its run, or null. */
  String runDisplayName() {
    return runDisplayName;
  }

  static long wallMs(long timestamp) {
    return timestamp > 0 && timestamp < SECONDS_BEFORE ? timestamp * 1000 : timestamp;
  }

  /** Decodes a validated record; returns a problem, or null. */
  String decode(byte[] b, int off, int len, long recordOffset) {
    try {
      CodedInputStream in = CodedInputStream.newInstance(b, off, len);
      int index = 0;
      int t;
      while ((t = in.readTag()) != 0) {
        if (t == 10) {
          int n = VdlRecords.checkLength(in, in.readRawVarint32());
          int valueOff = off + in.getTotalBytesRead();
          in.skipRawBytes(n);
          value(b, valueOff, n, recordOffset, index++);
        } else {
          in.skipField(t);
        }
      }
      return null;
    } catch (BadValueException e) {
      return reported.add(e.getMessage())
          ? "skipped: " + e.getMessage() + " (reported once per file)" : null;
    } catch (IOException | IndexOutOfBoundsException | IllegalArgumentException e) {
      return "does not decode: " + e.getMessage();
    }
  }

  private void value(byte[] b, int off, int len, long recordOffset, int index)
      throws IOException {
    CodedInputStream in = CodedInputStream.newInstance(b, off, len);
    long step = 0;
    String tag = "";
    long timestamp = 0;
    int which = 0;
    float scalar = 0;
    int dataOff = -1;
    int dataLen = 0;
    int t;
    while ((t = in.readTag()) != 0) {
      int field = t >>> 3;
      switch (field) {
        case 1 -> step = in.readInt64();
        case 2 -> tag = in.readStringRequireUtf8();
        case 3 -> timestamp = in.readInt64();
        case 4 -> {
          which = 4;
          scalar = in.readFloat();
        }
        case 5, 6, 7, 8, 9, 10, 11, 12, 13, 14 -> {
          which = field;
          dataLen = VdlRecords.checkLength(in, in.readRawVarint32());
          dataOff = off + in.getTotalBytesRead();
          in.skipRawBytes(dataLen);
        }
        default -> in.skipField(t);
      }
    }
    long wall = wallMs(timestamp);
    long locator = BlobLocator.fits(recordOffset, index, 0) ? BlobLocator.of(recordOffset, index, 0) : -1;
    switch (which) {
      case 4 -> {
        declare(tag, Kind.SCALAR, null);
        scalars.add(sink, batches.computeIfAbsent(tag, scalars::batch), step, scalar, wall);
      }
      case 14 -> {
        String[] sub = new String[1];
        float v = tagValue(b, dataOff, dataLen, sub);
        String name = sub[0].isEmpty() ? tag : tag + "/" + sub[0];
        declare(name, Kind.SCALAR, null);
        scalars.add(sink, batches.computeIfAbsent(name, scalars::batch), step, v, wall);
      }
      case 5 -> {
        int[] image = imageRange(b, dataOff, dataLen);
        declare(tag, IMAGE, null);
        if (image != null && locator >= 0) {
          sink.blob(tag, IMAGE, step, wall, 0, BuiltinKind.IMAGE.payloadVersion(),
              image(b, image, false).toByteArray(), image[1], locator);
        }
      }
      case 7 -> {
        declare(tag, EMBEDDING, null);
        int[] shape = EmbeddingRecords.shape(b, dataOff, dataLen);
        if (shape[0] > 0 && locator >= 0) {
          byte[] header =
              Embedding.newBuilder().setRows(shape[0]).setDims(shape[1]).build().toByteArray();
          sink.blob(tag, EMBEDDING, step, wall, 0, BuiltinKind.EMBEDDING.payloadVersion(), header,
              4L * shape[0] * shape[1], locator);
        }
      }
      case 8 -> {
        declare(tag, HISTOGRAM, null);
        Histogram h = histogram(b, dataOff, dataLen);
        if (h != null) {
          sink.sample(tag, HISTOGRAM, step, wall, BuiltinKind.HISTOGRAM.payloadVersion(),
              h.toByteArray());
        }
      }
      case 12 -> {
        declare(tag, TEXT, null);
        sink.sample(tag, TEXT, step, wall, BuiltinKind.TEXT.payloadVersion(),
            Text.newBuilder().setMarkdown(text(b, dataOff, dataLen)).build().toByteArray());
      }
      case 10 -> {
        if (META_TAG.equals(tag)) {
          String name = text(b, dataOff, dataLen);
          runDisplayName = name.isEmpty() ? null : name;
        }
      }
      case 6, 9, 11, 13 -> {
        try {
          pluginValue(which, tag, b, dataOff, dataLen, step, wall, locator);
        } catch (IOException | IllegalArgumentException e) {
          throw new BadValueException(KIND_NAMES.get(which) + " value of tag '" + tag
              + "' does not decode: " + e.getMessage());
        }
      }
      default -> {
        // A value of a newer writer, or none: skipped on purpose.
      }
    }
  }

  private static final java.util.Map<Integer, String> KIND_NAMES =
      java.util.Map.of(6, "audio", 9, "pr_curve", 11, "roc_curve", 13, "hparam");

  /** A value that does not decode as its kind; reported once per file and message. */
  static final class BadValueException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    BadValueException(String message) {
      super(message);
    }
  }

  /** Audio 6, pr_curve 9, roc_curve 11, hparam 13 in the built-in payloads. */
  private void pluginValue(int which, String tag, byte[] b, int dataOff, int dataLen, long step,
      long wall, long locator) throws IOException {
    switch (which) {
      case 6 -> {
        byte[] header = VdlPayloads.audio(b, dataOff, dataLen, false).toByteArray();
        int size = VdlPayloads.audioSize(b, dataOff, dataLen);
        declare(tag, AUDIO, null);
        if (locator >= 0) {
          sink.blob(tag, AUDIO, step, wall, 0, BuiltinKind.AUDIO.payloadVersion(), header, size,
              locator);
        }
      }
      case 9 -> {
        byte[] curve = VdlPayloads.prCurve(b, dataOff, dataLen).toByteArray();
        declare(tag, PR_CURVE, null);
        sink.sample(tag, PR_CURVE, step, wall, BuiltinKind.PR_CURVE.payloadVersion(), curve);
      }
      case 11 -> {
        byte[] curve = VdlPayloads.rocCurve(b, dataOff, dataLen).toByteArray();
        declare(tag, ROC_CURVE, null);
        sink.sample(tag, ROC_CURVE, step, wall, BuiltinKind.ROC_CURVE.payloadVersion(), curve);
      }
      case 13 -> {
        byte[] hparams = VdlPayloads.hparams(b, dataOff, dataLen).toByteArray();
        declare(tag, HPARAMS, null);
        sink.sample(tag, HPARAMS, step, wall, BuiltinKind.HPARAMS.payloadVersion(), hparams);
      }
      default -> throw new IllegalArgumentException("value field " + which + " is not audio,"
          + " a curve or hparams");
    }
  }

  /** An image value's bytes as an {@code Image} payload, or its header (without the bytes). */
  static Image image(byte[] b, int[] range, boolean withBytes) {
    ImageHeader h = ImageHeader.sniff(b, range[0], range[1]);
    Image.Builder image = Image.newBuilder().setMediaType(h.mediaType()).setWidth(h.width())
        .setHeight(h.height()).setChannels(h.channels());
    if (withBytes) {
      image.setEncoded(com.google.protobuf.ByteString.copyFrom(b, range[0], range[1]));
    }
    return image.build();
  }

  private void declare(String tag, Kind kind, String plugin) {
    if (declared.add(tag)) {
      sink.tablet(tag, kind, "", "", plugin == null ? "" : plugin);
    }
  }

  /** TagValue {tag 1, value 2}. */
  private static float tagValue(byte[] b, int off, int len, String[] sub) throws IOException {
    CodedInputStream in = CodedInputStream.newInstance(b, off, len);
    float v = 0;
    sub[0] = "";
    int t;
    while ((t = in.readTag()) != 0) {
      switch (t) {
        case 10 -> sub[0] = in.readStringRequireUtf8();
        case 21 -> v = in.readFloat();
        default -> in.skipField(t);
      }
    }
    return v;
  }

  /** The encoded_image_string (4) of an Image, as {offset, length}. */
  static int[] imageRange(byte[] b, int off, int len) throws IOException {
    CodedInputStream in = CodedInputStream.newInstance(b, off, len);
    int t;
    while ((t = in.readTag()) != 0) {
      if (t == 34) {
        int n = VdlRecords.checkLength(in, in.readRawVarint32());
        return new int[] {off + in.getTotalBytesRead(), n};
      }
      in.skipField(t);
    }
    return null;
  }

  /** The first string field (1) of Text or MetaData. */
  private static String text(byte[] b, int off, int len) throws IOException {
    CodedInputStream in = CodedInputStream.newInstance(b, off, len);
    int t;
    while ((t = in.readTag()) != 0) {
      if (t == 10) {
        int n = VdlRecords.checkLength(in, in.readRawVarint32());
        return new String(b, off + in.getTotalBytesRead(), n, StandardCharsets.UTF_8);
      }
      in.skipField(t);
    }
    return "";
  }

  /** Histogram {hist 1, bin_edges 2}: numpy's counts and their k+1 edges. */
  static Histogram histogram(byte[] b, int off, int len) throws IOException {
    double[] hist = new double[0];
    double[] edges = new double[0];
    CodedInputStream in = CodedInputStream.newInstance(b, off, len);
    int t;
    while ((t = in.readTag()) != 0) {
      switch (t) {
        case 10, 18 -> {
          int n = VdlRecords.checkLength(in, in.readRawVarint32());
          double[] d = new double[n / 8];
          int limit = in.pushLimit(n);
          for (int i = 0; i < d.length; i++) {
            d[i] = in.readDouble();
          }
          in.skipRawBytes(in.getBytesUntilLimit());
          in.popLimit(limit);
          if (t == 10) {
            hist = concat(hist, d);
          } else {
            edges = concat(edges, d);
          }
        }
        case 9 -> hist = concat(hist, new double[] {in.readDouble()});
        case 17 -> edges = concat(edges, new double[] {in.readDouble()});
        default -> in.skipField(t);
      }
    }
    int k = Math.min(hist.length, edges.length - 1);
    if (k <= 0) {
      return null;
    }
    double[] e = java.util.Arrays.copyOf(edges, k + 1);
    double[] c = java.util.Arrays.copyOf(hist, k);
    for (int i = 1; i <= k; i++) {
      if (!(e[i] >= e[i - 1])) {
        e[i] = e[i - 1];
      }
    }
    double num = 0;
    double sum = 0;
    double sumSquares = 0;
    for (int i = 0; i < k; i++) {
      double mid = (e[i] + e[i + 1]) / 2;
      num += c[i];
      sum += c[i] * mid;
      sumSquares += c[i] * mid * mid;
    }
    Histogram.Builder h = Histogram.newBuilder().setMin(e[0]).setMax(e[k]).setNum(num).setSum(sum)
        .setSumSquares(sumSquares);
    for (double edge : e) {
      h.addEdges(edge);
    }
    for (double count : c) {
      h.addCounts(count);
    }
    return h.build();
  }

  private static double[] concat(double[] a, double[] b) {
    if (a.length == 0) {
      return b;
    }
    double[] r = java.util.Arrays.copyOf(a, a.length + b.length);
    System.arraycopy(b, 0, r, a.length, b.length);
    return r;
  }

  /** The {@code index}-th Value of a Record, as {offset, length}, or null. */
  static int[] valueRange(byte[] record, int index) throws IOException {
    CodedInputStream in = CodedInputStream.newInstance(record);
    int i = 0;
    int t;
    while ((t = in.readTag()) != 0) {
      if (t == 10) {
        int n = VdlRecords.checkLength(in, in.readRawVarint32());
        if (i++ == index) {
          return new int[] {in.getTotalBytesRead(), n};
        }
        in.skipRawBytes(n);
      } else {
        in.skipField(t);
      }
    }
    return null;
  }

  /** The one_value sub-message (fields 5..14) of a Value, as {field, offset, length}, or null. */
  static int[] dataRange(byte[] b, int[] value) throws IOException {
    CodedInputStream in = CodedInputStream.newInstance(b, value[0], value[1]);
    int t;
    while ((t = in.readTag()) != 0) {
      int field = t >>> 3;
      if (field >= 5 && field <= 14 && (t & 7) == 2) {
        int n = VdlRecords.checkLength(in, in.readRawVarint32());
        return new int[] {field, value[0] + in.getTotalBytesRead(), n};
      }
      in.skipField(t);
    }
    return null;
  }
}
