package org.visualdl.format.tensorboard.internal;

import org.visualdl.format.testing.CollectingSink;
import org.visualdl.proto.GraphModel;
import org.visualdl.proto.PrCurve;
import org.visualdl.storage.LocalLogFile;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.visualdl.api.Kind;
import org.visualdl.api.format.LogFileReader;
import org.visualdl.api.format.ReadStatus;

/** Event files written by the test itself: every kind, tailing, and damage of every sort. */
class EventFileReaderTest {
  @TempDir Path dir;
  private final TensorBoardFormat format = new TensorBoardFormat();

  private static EventWriter.Msg msg() {
    return EventWriter.msg();
  }

  @Test
  void everyKindFromHandWrittenEvents() throws IOException {
    byte[] png = EventWriter.png(7, 5, 6, 10);
    byte[] content = new byte[2 * 3 * 8];
    double[] tf2 = {0, 1, 3, 1, 2, 4};
    for (int i = 0; i < tf2.length; i++) {
      long bits = Double.doubleToLongBits(tf2[i]);
      for (int j = 0; j < 8; j++) {
        content[i * 8 + j] = (byte) (bits >>> (8 * j));
      }
    }
    EventWriter w = new EventWriter().fileVersion(1000.5)
        .scalar("loss", 1, 0.5f, 1000.25)
        .tensorScalar("acc", 1, 0.75f, 1001, true)
        .tensorScalar("acc", 2, 0.8f, 1002, false)
        .value(3, 1003, msg().str(1, "w").msg(5, msg().f64(1, -1).f64(2, 2).f64(3, 4)
            .packedDoubles(6, 0, 1, Double.MAX_VALUE).packedDoubles(7, 1, 2, 1)))
        .value(4, 1004, msg().str(1, "h2").msg(9, EventWriter.metadata("histograms"))
            .msg(8, msg().varint(1, 2).msg(2, EventWriter.shape(2, 3)).bytes(4, content)))
        .value(5, 1005, msg().str(1, "img").msg(4, msg().varint(1, 5).varint(2, 7).varint(3, 4)
            .bytes(4, png)))
        .value(6, 1006, msg().str(1, "img2").msg(9, EventWriter.metadata("images"))
            .msg(8, msg().varint(1, 7).msg(2, EventWriter.shape(4)).str(8, "7").str(8, "5")
                .bytes(8, png).bytes(8, png)))
        .value(7, 1007, msg().str(1, "notes").msg(9, EventWriter.metadata("text").str(2, "Notes"))
            .msg(8, msg().varint(1, 7).msg(2, EventWriter.shape()).str(8, "**hello**")))
        .value(8, 1008, msg().str(1, "pr").msg(9, EventWriter.metadata("pr_curves"))
            .msg(8, EventWriter.floatTensor(new long[] {6, 1}, 3, 1, 0, 0, 0.75f, 1)))
        .value(9, 1009, msg().str(1, "pr").msg(8, // TF1: no metadata after the first value
            EventWriter.floatTensor(new long[] {6, 1}, 2, 0, 1, 1, 1, 0.5f)))
        .value(10, 1010, msg().str(1, "g").msg(9, EventWriter.metadata("graph_keras_model"))
            .msg(8, msg().varint(1, 7).str(8, "{}")))
        .value(11, 1011, msg().str(1, "Custom Thing").msg(9, EventWriter.metadata("My.Plugin"))
            .msg(8, msg().varint(1, 7).str(8, "x")))
        .event(msg().f64(1, 1012).varint(2, 12).bytes(4, new byte[] {1, 2, 3})); // graph_def
    Path file = w.writeTo(dir.resolve("run 1/events.out.tfevents.1.host"));
    CollectingSink sink = new CollectingSink();
    ReadStatus s;
    try (LogFileReader r = format.open(LocalLogFile.of(file))) {
      s = r.readAvailable(sink);
    }
    assertEquals(List.of(), s.problems());
    assertEquals(Files.size(file), s.bytesRead());
    assertFalse(s.incompleteTail());
    assertEquals(List.of(new CollectingSink.Point(1, 0.5, 1000250)), sink.scalars.get("loss"));
    assertEquals(List.of(new CollectingSink.Point(1, 0.75, 1001000),
        new CollectingSink.Point(2, (double) 0.8f, 1002000)), sink.scalars.get("acc"));

    CollectingSink.Histogram h = sink.histograms.get("w").get(0);
    assertArrayEquals(new double[] {-1, 0, 1, 2}, h.edges(), "DBL_MAX clamps to max");
    assertArrayEquals(new double[] {1, 2, 1}, h.counts());
    assertEquals(4, h.num());
    CollectingSink.Histogram h2 = sink.histograms.get("h2").get(0);
    assertArrayEquals(new double[] {0, 1, 2}, h2.edges());
    assertArrayEquals(new double[] {3, 4}, h2.counts());
    assertEquals(7, h2.num());

    assertEquals(3, sink.images.size());
    CollectingSink.Image legacy = sink.images.get(0);
    assertEquals(new CollectingSink.Image("img", 5, 1005000, "image/png", 7, 5, 4, png.length,
        legacy.locator(), 0), legacy);
    assertArrayEquals(png, Payloads.imageBytes(format, file, legacy.locator()));
    assertEquals("img2", sink.images.get(1).tag());
    assertEquals("img2", sink.images.get(2).tag(), "the images of a step share their tag");
    assertEquals(List.of(0, 1), List.of(sink.images.get(1).index(), sink.images.get(2).index()));
    assertEquals(4, sink.images.get(1).channels(), "from the PNG header");
    assertArrayEquals(png, Payloads.imageBytes(format, file, sink.images.get(2).locator()));

    assertEquals(List.of(new CollectingSink.Text("notes", 7, 1007000, "**hello**")), sink.texts);
    assertEquals("Notes", sink.tablets.get("notes").displayName());
    assertEquals(new Kind("text"), sink.tablets.get("notes").kind());

    List<CollectingSink.Sample> pr = sink.samples.stream()
        .filter(x -> x.kind().equals(new Kind("pr-curve"))).toList();
    assertEquals(List.of(8L, 9L), pr.stream().map(CollectingSink.Sample::step).toList(),
        "plugin remembered per tag");
    assertEquals(PrCurve.newBuilder().addThresholds(0).addTp(2).addFp(0).addTn(1).addFn(1)
        .addPrecision(1).addRecall(0.5).build(), PrCurve.parseFrom(pr.get(1).payload()));

    assertEquals(1, sink.pluginData.stream().filter(d -> d.plugin().equals("my_plugin")).count());
    CollectingSink.PluginData custom = sink.pluginData.stream()
        .filter(d -> d.plugin().equals("my_plugin")).findFirst().orElseThrow();
    assertEquals(new Kind("my_plugin"), sink.tablets.get("Custom Thing").kind());
    byte[] value = format.readBlob(LocalLogFile.of(file), custom.locator());
    assertEquals(custom.size(), value.length, "other plugins: the serialized Summary.Value");

    assertEquals(List.of("g", "graph_def"), sink.blobs.stream()
        .filter(b -> b.kind().equals(new Kind("graph"))).map(CollectingSink.Blob::tag).toList());
    CollectingSink.Blob keras = sink.blobs.stream().filter(b -> b.tag().equals("g")).findFirst()
        .orElseThrow();
    GraphModel k = GraphModel.parseFrom(format.readBlob(LocalLogFile.of(file), keras.locator()));
    assertEquals("keras-json", k.getFormat());
    assertEquals("{}", k.getData().toStringUtf8());
    assertEquals(k.toByteArray().length, keras.byteSize());
    CollectingSink.Blob def = sink.blobs.stream().filter(b -> b.tag().equals("graph_def"))
        .findFirst().orElseThrow();
    assertEquals(12, def.step());
    GraphModel d = GraphModel.parseFrom(format.readBlob(LocalLogFile.of(file), def.locator()));
    assertEquals("tf-graphdef", d.getFormat());
    assertArrayEquals(new byte[] {1, 2, 3}, d.getData().toByteArray(), "the GraphDef, wrapped");
  }

  @Test
  void scalarTensorsOfEveryNumberType() throws IOException {
    EventWriter.Msg meta = EventWriter.metadata("scalars");
    Path file = new EventWriter()
        // float_val instead of tensor_content (PyTorch's new-style scalars)
        .value(1, 1, msg().str(1, "f").msg(9, meta).msg(8, msg().varint(1, 1).f32(5, 1.5f)))
        // double_val
        .value(1, 1, msg().str(1, "d").msg(9, meta).msg(8, msg().varint(1, 2).f64(6, 0.1)))
        // int64_val
        .value(1, 1, msg().str(1, "i").msg(9, meta).msg(8, msg().varint(1, 9).varint(10, -7)))
        // half in tensor_content: 0x3c00 = 1.0; half_val: 0xc000 = -2.0
        .value(1, 1, msg().str(1, "h").msg(9, meta).msg(8, msg().varint(1, 19)
            .bytes(4, new byte[] {0x00, 0x3c})))
        .value(2, 2, msg().str(1, "h").msg(8, msg().varint(1, 19).varint(13, 0xc000)))
        // bfloat16 0x3fc0 = 1.5
        .value(1, 1, msg().str(1, "b").msg(9, meta).msg(8, msg().varint(1, 14)
            .bytes(4, new byte[] {(byte) 0xc0, 0x3f})))
        .writeTo(dir.resolve("types/events.out.tfevents.2"));
    CollectingSink sink = new CollectingSink();
    try (LogFileReader r = format.open(LocalLogFile.of(file))) {
      assertEquals(List.of(), r.readAvailable(sink).problems());
    }
    assertEquals(1.5, sink.scalars.get("f").get(0).value());
    assertEquals(0.1, sink.scalars.get("d").get(0).value());
    assertEquals(-7, sink.scalars.get("i").get(0).value());
    assertEquals(1.0, sink.scalars.get("h").get(0).value());
    assertEquals(-2.0, sink.scalars.get("h").get(1).value());
    assertEquals(1.5, sink.scalars.get("b").get(0).value());
    assertEquals(65504f, TensorView.half(0x7bff));
    assertEquals(0x1p-24f, TensorView.half(0x0001));
    assertTrue(Float.isNaN(TensorView.half(0x7e00)));
  }

  @Test
  void pluginNameRememberedAcrossFilesOfARun() throws IOException {
    Path a = new EventWriter().value(1, 1, msg().str(1, "pr").msg(9, EventWriter.metadata(
        "my_plugin")).msg(8, msg().varint(1, 1).f32(5, 1))).writeTo(dir.resolve("r/a.tfevents.1"));
    Path b = new EventWriter().value(2, 2, msg().str(1, "pr").msg(8, msg().varint(1, 1)
        .f32(5, 1))).writeTo(dir.resolve("r/a.tfevents.2"));
    CollectingSink sink = new CollectingSink();
    try (LogFileReader ra = format.open(LocalLogFile.of(a));
        LogFileReader rb = format.open(LocalLogFile.of(b))) {
      ra.readAvailable(sink);
      rb.readAvailable(sink);
    }
    assertEquals(2, sink.pluginData.size());
  }

  @Test
  void tailsAGrowingFileAndBatchesScalars() throws IOException {
    Path file = dir.resolve("events.out.tfevents.tail");
    EventWriter w = new EventWriter().fileVersion(1);
    for (int i = 0; i < 20_000; i++) {
      w.scalar("t", i, i, 2);
    }
    w.appendTo(file);
    CollectingSink sink = new CollectingSink();
    try (LogFileReader r = format.open(LocalLogFile.of(file))) {
      assertFalse(r.readAvailable(sink).incompleteTail());
      assertEquals(20_000, sink.scalars.get("t").size());
      assertTrue(sink.scalarCalls < 10, "batched: " + sink.scalarCalls + " calls");
      byte[] next = new EventWriter().scalar("t", 20_000, 1, 3).bytes();
      Files.write(file, Arrays.copyOf(next, 10), java.nio.file.StandardOpenOption.APPEND);
      assertTrue(r.readAvailable(sink).incompleteTail());
      Files.write(file, Arrays.copyOfRange(next, 10, next.length),
          java.nio.file.StandardOpenOption.APPEND);
      ReadStatus s = r.readAvailable(sink);
      assertFalse(s.incompleteTail());
      assertEquals(next.length, s.bytesRead());
      assertEquals(20_001, sink.scalars.get("t").size());
    }
  }

  private byte[] smallFile() {
    return new EventWriter().fileVersion(1).scalar("a", 1, 1, 1).scalar("b", 2, 2, 2)
        .value(3, 3, msg().str(1, "h").msg(5, msg().f64(1, 0).f64(2, 1).packedDoubles(6, 1)
            .packedDoubles(7, 5)))
        .scalar("a", 4, 4, 4).bytes();
  }

  /** Offsets where each record of {@link #smallFile} ends, and the records each end brings. */
  private static int[] recordEnds(byte[] file) {
    int[] ends = new int[0];
    int p = 0;
    while (p < file.length) {
      int len = (int) TfRecords.getLongLE(file, p);
      p += 16 + len;
      ends = Arrays.copyOf(ends, ends.length + 1);
      ends[ends.length - 1] = p;
    }
    return ends;
  }

  @Test
  void truncationAtEveryOffset() throws IOException {
    byte[] full = smallFile();
    int[] ends = recordEnds(full);
    int[] recordsAfter = {0, 1, 2, 3, 4}; // file version brings nothing, then 4 records
    for (int cut = 0; cut <= full.length; cut++) {
      Path file = dir.resolve("cut" + cut + ".tfevents");
      Files.write(file, Arrays.copyOf(full, cut));
      CollectingSink sink = new CollectingSink();
      ReadStatus s;
      try (LogFileReader r = format.open(LocalLogFile.of(file))) {
        s = r.readAvailable(sink);
      }
      int complete = 0;
      int lastEnd = 0;
      for (int i = 0; i < ends.length; i++) {
        if (ends[i] <= cut) {
          complete = recordsAfter[i];
          lastEnd = ends[i];
        }
      }
      assertEquals(complete, sink.records(), "cut at " + cut);
      assertEquals(List.of(), s.problems(), "cut at " + cut);
      assertEquals(cut != lastEnd, s.incompleteTail(), "cut at " + cut);
      assertEquals(lastEnd, s.bytesRead(), "cut at " + cut);
      Files.delete(file);
    }
  }

  @Test
  void randomBitFlipsNeverThrowAndKeepGoodRecords() throws IOException {
    byte[] full = smallFile();
    Random random = new Random(42);
    for (int trial = 0; trial < 2000; trial++) {
      byte[] b = full.clone();
      int flips = 1 + random.nextInt(3);
      for (int f = 0; f < flips; f++) {
        int i = random.nextInt(b.length);
        b[i] ^= (byte) (1 << random.nextInt(8));
      }
      Path file = dir.resolve("flip.tfevents");
      Files.write(file, b);
      CollectingSink sink = new CollectingSink();
      try (LogFileReader r = format.open(LocalLogFile.of(file))) {
        ReadStatus s = r.readAvailable(sink);
        assertTrue(sink.records() <= 4);
        assertTrue(s.bytesRead() <= b.length);
        // A flipped bit is found by a CRC: at most the damaged records are lost.
        assertTrue(sink.records() >= 4 - flips - 1 || !s.problems().isEmpty() || s.incompleteTail(),
            "trial " + trial);
      }
    }
  }

  @Test
  void singleFlipLosesOnlyItsRecord() throws IOException {
    byte[] full = smallFile();
    int[] ends = recordEnds(full);
    // Flip one byte inside the payload of the 3rd record ("b"): that record alone is lost.
    int start = ends[1];
    byte[] b = full.clone();
    b[start + 14] ^= 0x40;
    Path file = Files.write(dir.resolve("one.tfevents"), b);
    CollectingSink sink = new CollectingSink();
    try (LogFileReader r = format.open(LocalLogFile.of(file))) {
      ReadStatus s = r.readAvailable(sink);
      assertEquals(1, s.problems().size(), s.problems().toString());
    }
    assertEquals(3, sink.records());
    assertFalse(sink.scalars.containsKey("b"));
    // A flipped length byte is caught by the length CRC; the reader resyncs at the next record.
    byte[] c = full.clone();
    c[ends[1] + 2] ^= 0x01;
    file = Files.write(dir.resolve("two.tfevents"), c);
    sink = new CollectingSink();
    try (LogFileReader r = format.open(LocalLogFile.of(file))) {
      ReadStatus s = r.readAvailable(sink);
      assertEquals(1, s.problems().size(), s.problems().toString());
      assertFalse(s.notThisFormat());
    }
    assertEquals(3, sink.records());
  }

  @Test
  void absurdLengthsAreNeverTrusted() throws IOException {
    byte[] good = new EventWriter().scalar("a", 1, 1, 1).bytes();
    for (long length : new long[] {Long.MAX_VALUE, -1, 1L << 40, 300L * 1024 * 1024,
        Integer.MAX_VALUE}) {
      byte[] header = new byte[12];
      for (int i = 0; i < 8; i++) {
        header[i] = (byte) (length >>> (8 * i));
      }
      // Even with a valid length CRC the length is not believed beyond the sane bound.
      int crc = TfRecords.maskedCrc(header, 0, 8);
      for (int i = 0; i < 4; i++) {
        header[8 + i] = (byte) (crc >>> (8 * i));
      }
      byte[] file = new byte[header.length + good.length];
      System.arraycopy(header, 0, file, 0, 12);
      System.arraycopy(good, 0, file, 12, good.length);
      Path p = Files.write(dir.resolve("absurd.tfevents"), file);
      CollectingSink sink = new CollectingSink();
      try (LogFileReader r = format.open(LocalLogFile.of(p))) {
        ReadStatus s = r.readAvailable(sink);
        assertEquals(1, s.problems().size(), length + ": " + s.problems());
        assertFalse(s.incompleteTail());
      }
      assertEquals(1, sink.records(), "the record after the bad header is found: " + length);
    }
  }

  @Test
  void garbageIsNotThisFormatOnce() throws IOException {
    byte[] garbage = new byte[100_000];
    new Random(7).nextBytes(garbage);
    Path p = Files.write(dir.resolve("garbage.tfevents"), garbage);
    try (LogFileReader r = format.open(LocalLogFile.of(p))) {
      ReadStatus s = r.readAvailable(new CollectingSink());
      assertTrue(s.notThisFormat());
      assertFalse(s.problems().isEmpty());
      ReadStatus again = r.readAvailable(new CollectingSink());
      assertFalse(again.notThisFormat(), "reported once");
    }
    Path text = Files.writeString(dir.resolve("notes.tfevents.txt"), "hello, this is text\n".repeat(50));
    try (LogFileReader r = format.open(LocalLogFile.of(text))) {
      assertTrue(r.readAvailable(new CollectingSink()).notThisFormat());
    }
    Path empty = Files.write(dir.resolve("empty.tfevents"), new byte[0]);
    try (LogFileReader r = format.open(LocalLogFile.of(empty))) {
      ReadStatus s = r.readAvailable(new CollectingSink());
      assertFalse(s.notThisFormat());
      assertFalse(s.incompleteTail());
    }
  }

  @Test
  void corruptEventPayloadWithGoodCrcIsReportedNotThrown() throws IOException {
    byte[] bad = {(byte) 0x2a, (byte) 0xff, (byte) 0xff, (byte) 0xff, (byte) 0xff, 0x0f, 1};
    Path p = new EventWriter().raw(bad).scalar("a", 1, 1, 1).writeTo(dir.resolve("x.tfevents"));
    CollectingSink sink = new CollectingSink();
    try (LogFileReader r = format.open(LocalLogFile.of(p))) {
      ReadStatus s = r.readAvailable(sink);
      assertEquals(1, s.problems().size(), s.problems().toString());
    }
    assertEquals(1, sink.records());
  }

  @Test
  void aMatrixOfTextsIsATableAsWellAsMarkdown() throws IOException {
    EventWriter w = new EventWriter();
    w.value(1, 1001, msg().str(1, "table").msg(9, EventWriter.metadata("text"))
        .msg(8, msg().varint(1, 7).msg(2, EventWriter.shape(2, 2))
            .str(8, "a").str(8, "b|").str(8, "c").str(8, "d")));
    Path file = w.writeTo(dir.resolve("table/events.out.tfevents.1.host"));
    CollectingSink sink = new CollectingSink();
    try (LogFileReader r = format.open(LocalLogFile.of(file))) {
      assertEquals(List.of(), r.readAvailable(sink).problems());
    }
    org.visualdl.proto.Text t = sink.textPayloads.get("table").get(0);
    assertEquals(List.of(2L, 2L), t.getTableShapeList());
    assertEquals(List.of("a", "b|", "c", "d"), t.getTableCellsList(), "cells as written");
    assertEquals("| a | b\\| |\n|---|---|\n| c | d |\n", t.getMarkdown());
  }
}
