package org.visualdl.format.tensorboard.internal;

import com.google.protobuf.ByteString;
import com.google.protobuf.CodedInputStream;
import java.io.IOException;
import org.visualdl.api.format.ImageHeader;
import org.visualdl.proto.Histogram;
import org.visualdl.proto.Image;
import org.visualdl.proto.Text;

/** Decoding of the parts of a {@code Summary.Value}: histograms, TF2 text tensors, images again. */
final class SummaryValues {
  private static final double HUGE = Double.MAX_VALUE / 2;

  private SummaryValues() {}

  /** HistogramProto: bucket i spans (bucket_limit[i-1], bucket_limit[i]]; ±DBL_MAX edges clamp to min/max. */
  static Histogram legacyHistogram(byte[] b, int off, int len) throws IOException {
    CodedInputStream in = CodedInputStream.newInstance(b, off, len);
    double min = 0;
    double max = 0;
    double num = 0;
    double sum = 0;
    double sumSquares = 0;
    TensorView.DoubleList limits = new TensorView.DoubleList();
    TensorView.DoubleList counts = new TensorView.DoubleList();
    int t;
    while ((t = in.readTag()) != 0) {
      switch (t) {
        case 9 -> min = in.readDouble();
        case 17 -> max = in.readDouble();
        case 25 -> num = in.readDouble();
        case 33 -> sum = in.readDouble();
        case 41 -> sumSquares = in.readDouble();
        case 49 -> limits.add(in.readDouble());
        case 57 -> counts.add(in.readDouble());
        case 50, 58 -> {
          int limit = in.pushLimit(TensorView.checkLength(in, in.readRawVarint32()));
          TensorView.DoubleList into = t == 50 ? limits : counts;
          while (in.getBytesUntilLimit() >= 8) {
            into.add(in.readDouble());
          }
          in.skipRawBytes(in.getBytesUntilLimit());
          in.popLimit(limit);
        }
        default -> in.skipField(t);
      }
    }
    int k = Math.min(limits.size(), counts.size());
    if (k == 0) {
      return histogram(new double[] {min, Math.max(min, max)}, new double[] {0}, min, max, num,
          sum, sumSquares);
    }
    double[] edges = new double[k + 1];
    double[] c = new double[k];
    edges[0] = min;
    for (int i = 0; i < k; i++) {
      double e = limits.get(i);
      if (e >= HUGE) {
        e = max;
      } else if (e <= -HUGE) {
        e = min;
      }
      edges[i + 1] = e;
      c[i] = counts.get(i);
    }
    if (edges[0] > edges[1]) {
      edges[0] = edges[1];
    }
    for (int i = 1; i <= k; i++) {
      if (edges[i] < edges[i - 1]) {
        edges[i] = edges[i - 1];
      }
    }
    return histogram(edges, c, min, max, num, sum, sumSquares);
  }

  private static Histogram histogram(double[] edges, double[] counts, double min, double max,
      double num, double sum, double sumSquares) {
    Histogram.Builder h = Histogram.newBuilder().setMin(min).setMax(max).setNum(num).setSum(sum)
        .setSumSquares(sumSquares);
    for (double e : edges) {
      h.addEdges(e);
    }
    for (double c : counts) {
      h.addCounts(c);
    }
    return h.build();
  }

  /** TF2 histograms: a {@code [k, 3]} tensor of (left, right, count). */
  static Histogram tensorHistogram(TensorView tensor) {
    if (!tensor.numeric() || (tensor.rank == 2 && tensor.dims[1] != 3)) {
      throw new IllegalArgumentException("histogram tensor is not [k, 3] numbers");
    }
    double[] n = tensor.numbers();
    int k = n.length / 3;
    if (k == 0) {
      return null;
    }
    double[] edges = new double[k + 1];
    double[] counts = new double[k];
    edges[0] = n[0];
    double num = 0;
    double sum = 0;
    double sumSquares = 0;
    for (int i = 0; i < k; i++) {
      double left = n[3 * i];
      double right = Math.max(left, n[3 * i + 1]);
      double count = n[3 * i + 2];
      edges[i + 1] = Math.max(right, edges[i]);
      counts[i] = count;
      double mid = (left + right) / 2;
      num += count;
      sum += count * mid;
      sumSquares += count * mid * mid;
    }
    return histogram(edges, counts, edges[0], edges[k], num, sum, sumSquares);
  }

  /**
   * The text plugin's string tensor as a {@code Text} payload: the markdown (one string as is, a
   * matrix as a markdown table), and for a 2-D tensor also its cells as a table.
   */
  static Text text(TensorView tensor) {
    Text.Builder t = Text.newBuilder().setMarkdown(markdown(tensor));
    int n = tensor.stringCount();
    if (tensor.rank == 2 && tensor.dims[0] * tensor.dims[1] == n && n > 0) {
      t.addTableShape(tensor.dims[0]).addTableShape(tensor.dims[1]);
      for (int i = 0; i < n; i++) {
        t.addTableCells(tensor.string(i));
      }
    }
    return t.build();
  }

  /** The text plugin's string tensor as markdown: one string as is, a matrix as a table. */
  static String markdown(TensorView tensor) {
    int n = tensor.stringCount();
    if (n == 1) {
      return tensor.string(0);
    }
    int columns = tensor.rank == 2 && tensor.dims[1] > 0 && tensor.dims[1] <= n
        ? (int) tensor.dims[1] : 1;
    StringBuilder s = new StringBuilder();
    for (int i = 0; i < n; i++) {
      if (i % columns == 0) {
        s.append('|');
      }
      s.append(' ').append(tensor.string(i).replace("|", "\\|").replace('\n', ' ')).append(" |");
      if (i % columns == columns - 1) {
        s.append('\n');
        if (i == columns - 1) {
          s.append("|---".repeat(columns)).append("|\n");
        }
      }
    }
    return s.toString();
  }

  /** The bytes of the i-th Summary.Value of an Event, or null when there is none. */
  static int[] valueRange(byte[] event, int valueIndex) throws IOException {
    CodedInputStream in = CodedInputStream.newInstance(event);
    int t;
    while ((t = in.readTag()) != 0) {
      if (t == 42) {
        int n = TensorView.checkLength(in, in.readRawVarint32());
        int summaryOff = in.getTotalBytesRead();
        CodedInputStream s = CodedInputStream.newInstance(event, summaryOff, n);
        int index = 0;
        int u;
        while ((u = s.readTag()) != 0) {
          if (u == 10) {
            int m = TensorView.checkLength(s, s.readRawVarint32());
            if (index++ == valueIndex) {
              return new int[] {summaryOff + s.getTotalBytesRead(), m};
            }
            s.skipRawBytes(m);
          } else {
            s.skipField(u);
          }
        }
        in.skipRawBytes(n);
      } else {
        in.skipField(t);
      }
    }
    return null;
  }

  /** The size of the encoded image of a Summary.Image. */
  static int legacyImageSize(byte[] b, int off, int len) throws IOException {
    CodedInputStream in = CodedInputStream.newInstance(b, off, len);
    int t;
    while ((t = in.readTag()) != 0) {
      if (t == 34) {
        return TensorView.checkLength(in, in.readRawVarint32());
      }
      in.skipField(t);
    }
    return 0;
  }

  /**
   * A Summary.Image as an {@code Image} payload, with its bytes or without them (a header); null
   * when it holds no bytes.
   */
  static Image legacyImage(byte[] b, int off, int len, boolean withBytes) throws IOException {
    CodedInputStream in = CodedInputStream.newInstance(b, off, len);
    int height = 0;
    int width = 0;
    int colorspace = 0;
    int dataOff = -1;
    int dataLen = 0;
    int t;
    while ((t = in.readTag()) != 0) {
      switch (t) {
        case 8 -> height = in.readInt32();
        case 16 -> width = in.readInt32();
        case 24 -> colorspace = in.readInt32();
        case 34 -> {
          dataLen = TensorView.checkLength(in, in.readRawVarint32());
          dataOff = off + in.getTotalBytesRead();
          in.skipRawBytes(dataLen);
        }
        default -> in.skipField(t);
      }
    }
    if (dataOff < 0) {
      return null;
    }
    ImageHeader h = ImageHeader.sniff(b, dataOff, dataLen);
    Image.Builder image = Image.newBuilder().setMediaType(h.mediaType())
        .setWidth(width > 0 ? width : h.width()).setHeight(height > 0 ? height : h.height())
        .setChannels(colorspace > 0 ? colorspace : h.channels());
    if (withBytes) {
      image.setEncoded(ByteString.copyFrom(b, dataOff, dataLen));
    }
    return image.build();
  }

  /**
   * The {@code sub}-th image of a TF2 image tensor {@code [width, height, image, image, ...]}, with
   * its bytes or without them; null when there is none.
   */
  static Image tensorImage(TensorView tensor, int sub, boolean withBytes) {
    int i = sub + 2;
    if (sub < 0 || i >= tensor.stringCount()) {
      return null;
    }
    int width = parseInt(tensor.string(0));
    int height = parseInt(tensor.string(1));
    int off = tensor.stringOffs.get(i);
    int len = tensor.stringLens.get(i);
    ImageHeader h = ImageHeader.sniff(tensor.buf, off, len);
    Image.Builder image = Image.newBuilder().setMediaType(h.mediaType())
        .setWidth(width > 0 ? width : h.width()).setHeight(height > 0 ? height : h.height())
        .setChannels(h.channels());
    if (withBytes) {
      image.setEncoded(ByteString.copyFrom(tensor.buf, off, len));
    }
    return image.build();
  }

  private static int parseInt(String s) {
    try {
      return Integer.parseInt(s.trim());
    } catch (NumberFormatException e) {
      return 0;
    }
  }
}
