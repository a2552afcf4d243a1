package org.visualdl.storage;

import com.google.protobuf.ByteString;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.visualdl.proto.Entry;
import org.visualdl.proto.Frame;
import org.visualdl.proto.Kind;
import org.visualdl.proto.Tablet;
import org.visualdl.proto.Text;
import org.visualdl.storage.internal.Frames;

/** Writes small record files for the tests, and splits files into frames independently of the reader. */
final class TestFiles {
  private TestFiles() {}

  static Tablet scalarTablet(String tag) {
    return Tablet.newBuilder().setTag(tag).setKind(Kind.KIND_SCALAR).build();
  }

  /** A file of a header, two scalar tablets with several blocks, and some text records. */
  static Path writeSample(Path dir, int blocks) throws IOException {
    try (RecordWriter w = RecordWriter.open(dir, RecordWriter.Options.defaults())) {
      long step = 0;
      for (int b = 0; b < blocks; b++) {
        for (String tag : List.of("loss", "acc")) {
          ScalarBlockBuilder p = new ScalarBlockBuilder(16);
          for (int i = 0; i < 5; i++) {
            p.add(step + i, tag.length() * 0.5 + b + i * 0.25, 1_700_000_000_000L + step + i);
          }
          w.writeScalars(scalarTablet(tag), p);
        }
        w.writeRecord(
            Tablet.newBuilder().setTag("notes").setKind(Kind.KIND_TEXT).build(),
            step,
            1_700_000_000_000L + step,
            Entry.newBuilder().setText(Text.newBuilder().setMarkdown("block " + b)).build());
        step += 5;
      }
      return w.currentFile();
    }
  }

  /** One frame as found by walking the file with trusted lengths. */
  record RawFrame(long offset, int length, Frame frame) {
    long end() {
      return offset + Frames.HEADER_BYTES + length + Frames.FOOTER_BYTES;
    }
  }

  static List<RawFrame> frames(byte[] file) throws IOException {
    List<RawFrame> out = new ArrayList<>();
    int p = 0;
    while (p < file.length) {
      int len = (int) Frames.getLongLE(file, p);
      Frame f = Frame.parseFrom(ByteString.copyFrom(file, p + Frames.HEADER_BYTES, len));
      out.add(new RawFrame(p, len, f));
      p += Frames.HEADER_BYTES + len + Frames.FOOTER_BYTES;
    }
    return out;
  }

  static void write(Path file, byte[] bytes, int length) throws IOException {
    Files.write(file, java.util.Arrays.copyOf(bytes, length));
  }
}
