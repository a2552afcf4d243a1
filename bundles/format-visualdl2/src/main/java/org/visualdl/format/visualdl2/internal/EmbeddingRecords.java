package org.visualdl.format.visualdl2.internal;

import com.google.protobuf.CodedInputStream;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import org.visualdl.proto.Embedding;
import org.visualdl.proto.MetadataRow;

/**
 * VisualDL 2.x embeddings: {@code Embeddings {embeddings 1: repeated Embedding {label 1
 * (repeated string; a single string in early 2.x, the same bytes on the wire), vectors 2 (packed
 * floats)}, label_meta 2: repeated string (the metadata header)}}.
 */
final class EmbeddingRecords {
  private EmbeddingRecords() {}

  /** {rows, dims of the first row}. */
  static int[] shape(byte[] b, int off, int len) throws IOException {
    CodedInputStream in = CodedInputStream.newInstance(b, off, len);
    int rows = 0;
    int dims = 0;
    int t;
    while ((t = in.readTag()) != 0) {
      if (t == 10) {
        int n = VdlRecords.checkLength(in, in.readRawVarint32());
        if (rows == 0) {
          dims = vectorCount(b, off + in.getTotalBytesRead(), n);
        }
        in.skipRawBytes(n);
        rows++;
      } else {
        in.skipField(t);
      }
    }
    return new int[] {rows, dims};
  }

  private static int vectorCount(byte[] b, int off, int len) throws IOException {
    CodedInputStream in = CodedInputStream.newInstance(b, off, len);
    int dims = 0;
    int t;
    while ((t = in.readTag()) != 0) {
      if (t == 18) {
        int n = VdlRecords.checkLength(in, in.readRawVarint32());
        dims += n / 4;
        in.skipRawBytes(n);
      } else if (t == 21) {
        in.readFloat();
        dims++;
      } else {
        in.skipField(t);
      }
    }
    return dims;
  }

  static Embedding load(byte[] b, int off, int len) throws IOException {
    int[] shape = shape(b, off, len);
    int rows = shape[0];
    int dims = shape[1];
    // Bounded by the bytes present: every value takes 4 bytes of this message.
    if ((long) rows * dims * 4 > len) {
      throw new IOException("embedding shape " + rows + "x" + dims + " does not fit its bytes");
    }
    float[] values = new float[rows * dims];
    List<String> labels = new ArrayList<>(rows);
    List<List<String>> metaRows = new ArrayList<>();
    List<String> header = new ArrayList<>();
    CodedInputStream in = CodedInputStream.newInstance(b, off, len);
    int row = 0;
    int t;
    while ((t = in.readTag()) != 0) {
      if (t == 10) {
        int n = VdlRecords.checkLength(in, in.readRawVarint32());
        int limit = in.pushLimit(n);
        List<String> cells = new ArrayList<>();
        int col = 0;
        int u;
        while ((u = in.readTag()) != 0) {
          if (u == 10) {
            cells.add(in.readStringRequireUtf8());
          } else if (u == 18) {
            int m = VdlRecords.checkLength(in, in.readRawVarint32());
            int l2 = in.pushLimit(m);
            while (in.getBytesUntilLimit() >= 4) {
              float v = in.readFloat();
              if (col < dims) {
                values[row * dims + col] = v;
              }
              col++;
            }
            in.skipRawBytes(in.getBytesUntilLimit());
            in.popLimit(l2);
          } else if (u == 21) {
            float v = in.readFloat();
            if (col < dims) {
              values[row * dims + col] = v;
            }
            col++;
          } else {
            in.skipField(u);
          }
        }
        in.popLimit(limit);
        if (col != dims) {
          throw new IOException("embedding row " + row + " has " + col + " values, the first "
              + dims);
        }
        labels.add(cells.isEmpty() ? Integer.toString(row) : cells.get(0));
        metaRows.add(List.copyOf(cells));
        row++;
      } else if (t == 18) {
        header.add(in.readStringRequireUtf8());
      } else {
        in.skipField(t);
      }
    }
    boolean multiColumn = !header.isEmpty() || metaRows.stream().anyMatch(r -> r.size() > 1);
    Embedding.Builder out = Embedding.newBuilder().setRows(rows).setDims(dims)
        .addAllLabels(labels).addAllMetadataHeader(header);
    for (float v : values) {
      out.addValues(v);
    }
    if (multiColumn) {
      for (List<String> r : metaRows) {
        out.addMetadataRows(MetadataRow.newBuilder().addAllCells(r));
      }
    }
    return out.build();
  }
}
