package org.visualdl.format.visualdl2.internal;

import com.google.protobuf.ByteString;
import com.google.protobuf.CodedInputStream;
import com.google.protobuf.WireFormat;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import org.visualdl.proto.Audio;
import org.visualdl.proto.Hparam;
import org.visualdl.proto.Hparams;
import org.visualdl.proto.PrCurve;
import org.visualdl.proto.RocCurve;

/**
 * VisualDL 2.x's audio, curve and hparam values in our payload schemas. Field numbers from
 * VisualDL's {@code record.proto}: {@code Audio {sample_rate 1 (float), num_channels 2,
 * length_frames 3, encoded_audio_string 4, content_type 5}}; {@code PRCurve} and
 * {@code ROC_Curve} {@code {TP 1, FP 2, TN 3, FN 4 (int64), precision|tpr 5, recall|fpr 6
 * (double)}}; {@code HParam {hparamInfos 1, metricInfos 2: {int_value 1, float_value 2,
 * string_value 3, name 4}, name 3}}. Curves are kept as stored (VisualDL's writer computes ROC
 * tpr wrongly; we show what it wrote); thresholds, which VisualDL does not store, are spread
 * evenly over [0, 1].
 */
final class VdlPayloads {
  private VdlPayloads() {}

  /** An audio value as an {@code Audio} payload, with its bytes or without them (a header). */
  static Audio audio(byte[] b, int off, int len, boolean withBytes) throws IOException {
    CodedInputStream in = CodedInputStream.newInstance(b, off, len);
    Audio.Builder a = Audio.newBuilder();
    int t;
    while ((t = in.readTag()) != 0) {
      switch (t) {
        case 13 -> a.setSampleRate(nonNegative(in.readFloat()));
        case 16 -> a.setChannels((int) Math.max(0, Math.min(Integer.MAX_VALUE, in.readInt64())));
        case 24 -> a.setFrames(Math.max(0, in.readInt64()));
        case 34 -> {
          int n = VdlRecords.checkLength(in, in.readRawVarint32());
          if (withBytes) {
            a.setEncoded(ByteString.copyFrom(b, off + in.getTotalBytesRead(), n));
          }
          in.skipRawBytes(n);
        }
        case 42 -> a.setContentType(in.readStringRequireUtf8());
        default -> in.skipField(t);
      }
    }
    if (a.getContentType().isEmpty()) {
      a.setContentType("audio/wav"); // what VisualDL's add_audio writes
    }
    return a.build();
  }

  /** The size of an audio value's encoded sound. */
  static int audioSize(byte[] b, int off, int len) throws IOException {
    CodedInputStream in = CodedInputStream.newInstance(b, off, len);
    int t;
    while ((t = in.readTag()) != 0) {
      if (t == 34) {
        return VdlRecords.checkLength(in, in.readRawVarint32());
      }
      in.skipField(t);
    }
    return 0;
  }

  private static int nonNegative(float rate) {
    return Float.isFinite(rate) && rate > 0 ? (int) Math.min(rate, Integer.MAX_VALUE) : 0;
  }

  static PrCurve prCurve(byte[] b, int off, int len) throws IOException {
    double[][] f = curve(b, off, len);
    return PrCurve.newBuilder().addAllThresholds(list(thresholds(f)))
        .addAllTp(list(f[1])).addAllFp(list(f[2])).addAllTn(list(f[3])).addAllFn(list(f[4]))
        .addAllPrecision(list(f[5])).addAllRecall(list(f[6])).build();
  }

  static RocCurve rocCurve(byte[] b, int off, int len) throws IOException {
    double[][] f = curve(b, off, len);
    return RocCurve.newBuilder().addAllThresholds(list(thresholds(f)))
        .addAllTp(list(f[1])).addAllFp(list(f[2])).addAllTn(list(f[3])).addAllFn(list(f[4]))
        .addAllTpr(list(f[5])).addAllFpr(list(f[6])).build();
  }

  /** Fields 1..6 of a PRCurve or ROC_Curve, each as doubles (index = field number). */
  private static double[][] curve(byte[] b, int off, int len) throws IOException {
    DoubleArray[] fields = new DoubleArray[7];
    for (int i = 0; i < fields.length; i++) {
      fields[i] = new DoubleArray();
    }
    CodedInputStream in = CodedInputStream.newInstance(b, off, len);
    int t;
    while ((t = in.readTag()) != 0) {
      int field = WireFormat.getTagFieldNumber(t);
      int wire = WireFormat.getTagWireType(t);
      if (field < 1 || field > 6) {
        in.skipField(t);
        continue;
      }
      boolean isDouble = field >= 5;
      if (wire == WireFormat.WIRETYPE_LENGTH_DELIMITED) {
        int limit = in.pushLimit(VdlRecords.checkLength(in, in.readRawVarint32()));
        while (in.getBytesUntilLimit() > 0) {
          fields[field].add(isDouble ? in.readDouble() : in.readInt64());
        }
        in.popLimit(limit);
      } else if (isDouble && wire == WireFormat.WIRETYPE_FIXED64) {
        fields[field].add(in.readDouble());
      } else if (!isDouble && wire == WireFormat.WIRETYPE_VARINT) {
        fields[field].add(in.readInt64());
      } else {
        throw new IOException("curve field " + field + " has wire type " + wire);
      }
    }
    int n = fields[1].size;
    double[][] out = new double[7][];
    for (int i = 1; i <= 6; i++) {
      if (fields[i].size != n) {
        throw new IOException("curve arrays differ in length (" + n + " and " + fields[i].size
            + ")");
      }
      out[i] = fields[i].toArray();
    }
    return out;
  }

  /** n thresholds evenly spaced in [0, 1] (VisualDL stores none; its writer spaces them so). */
  private static double[] thresholds(double[][] f) {
    int n = f[1].length;
    double[] t = new double[n];
    for (int i = 0; i < n; i++) {
      t[i] = n == 1 ? 0 : (double) i / (n - 1);
    }
    return t;
  }

  static Hparams hparams(byte[] b, int off, int len) throws IOException {
    CodedInputStream in = CodedInputStream.newInstance(b, off, len);
    Hparams.Builder h = Hparams.newBuilder();
    int t;
    while ((t = in.readTag()) != 0) {
      if (t == 10 || t == 18) {
        int limit = in.pushLimit(VdlRecords.checkLength(in, in.readRawVarint32()));
        Hparam p = hparamInfo(in);
        in.popLimit(limit);
        if (t == 10) {
          h.addHparams(p);
        } else if (!p.getName().isEmpty()) {
          h.addMetricTags(p.getName());
        }
      } else {
        in.skipField(t);
      }
    }
    return h.build();
  }

  private static Hparam hparamInfo(CodedInputStream in) throws IOException {
    Hparam.Builder p = Hparam.newBuilder();
    int t;
    while ((t = in.readTag()) != 0) {
      switch (t) {
        case 8 -> p.setNumber(in.readInt64());
        case 17 -> p.setNumber(in.readDouble());
        case 26 -> p.setText(in.readStringRequireUtf8());
        case 34 -> p.setName(in.readStringRequireUtf8());
        default -> in.skipField(t);
      }
    }
    return p.build();
  }

  private static List<Double> list(double[] a) {
    List<Double> l = new ArrayList<>(a.length);
    for (double d : a) {
      l.add(d);
    }
    return l;
  }

  private static final class DoubleArray {
    double[] values = new double[16];
    int size;

    void add(double v) {
      if (size == values.length) {
        values = java.util.Arrays.copyOf(values, size * 2);
      }
      values[size++] = v;
    }

    double[] toArray() {
      return java.util.Arrays.copyOf(values, size);
    }
  }
}
