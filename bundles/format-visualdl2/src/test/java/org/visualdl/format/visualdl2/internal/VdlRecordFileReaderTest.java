package org.visualdl.format.visualdl2.internal;

import org.visualdl.format.testing.CollectingSink;
import org.visualdl.proto.Audio;
import org.visualdl.proto.Embedding;
import org.visualdl.proto.Hparam;
import org.visualdl.proto.Hparams;
import org.visualdl.proto.PrCurve;
import org.visualdl.proto.RocCurve;
import org.visualdl.storage.LocalLogFile;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.visualdl.api.Kind;
import org.visualdl.api.format.LogFileReader;
import org.visualdl.api.format.ReadStatus;

/** VisualDL 2.x files written by the test: every kind, tailing, and damage. */
class VdlRecordFileReaderTest {
  @TempDir Path dir;
  private final VisualDl2Format format = new VisualDl2Format();

  private static VdlWriter.Msg msg() {
    return VdlWriter.msg();
  }

  private static byte[] png() {
    byte[] b = new byte[40];
    byte[] head = {(byte) 0x89, 'P', 'N', 'G', '\r', '\n', 0x1a, '\n', 0, 0, 0, 13, 'I', 'H', 'D',
        'R', 0, 0, 0, 9, 0, 0, 0, 4, 8, 2};
    System.arraycopy(head, 0, b, 0, head.length);
    return b;
  }

  private static final byte[] WAV = {'R', 'I', 'F', 'F', 1, 2, 3, 4};

  /** A three-threshold curve as VisualDL writes it: packed int64 counts, unpacked doubles. */
  private static VdlWriter.Msg curve() {
    VdlWriter.Msg m = msg();
    long[][] counts = {{3, 2, 0}, {2, 1, 0}, {0, 1, 2}, {0, 1, 3}};
    for (int f = 0; f < 4; f++) {
      VdlWriter.Msg packed = msg();
      for (long c : counts[f]) {
        packed.rawVarint(c);
      }
      m.msg(f + 1, packed);
    }
    for (double d : new double[] {0.6, 0.6, 1.0}) {
      m.f64(5, d);
    }
    for (double d : new double[] {1.0, 0.5, 0.0}) {
      m.f64(6, d);
    }
    return m;
  }

  private static CollectingSink.Sample sample(CollectingSink s, String tag) {
    return s.samples.stream().filter(x -> x.tag().equals(tag)).findFirst().orElseThrow();
  }

  @Test
  void badCurvesAndHparamsAreProblemsNotCrashes() throws IOException {
    Path file = new VdlWriter().meta("", 1_700_000_000_000L)
        .record(VdlWriter.value(1, "pr", 1_700_000_000_100L).msg(9, msg()
            .msg(1, msg().rawVarint(1).rawVarint(2)).f64(5, 0.5))) // arrays of 2 and 1
        .record(VdlWriter.value(2, "pr", 1_700_000_000_150L).msg(9, msg() // the same again
            .msg(1, msg().rawVarint(1).rawVarint(2)).f64(5, 0.5)))
        .record(VdlWriter.value(2, "roc", 1_700_000_000_200L).msg(11, msg().varint(5, 7)))
        .record(VdlWriter.value(3, "hparam", 1_700_000_000_300L).msg(13, msg()
            .msg(1, msg().bytes(4, new byte[] {(byte) 0xff, (byte) 0xfe}))))
        .scalar("loss", 4, 1f, 1_700_000_000_400L)
        .writeTo(dir.resolve("run/vdlrecords.9.log"));
    CollectingSink s = new CollectingSink();
    try (LogFileReader r = format.open(LocalLogFile.of(file))) {
      ReadStatus st = r.readAvailable(s);
      assertEquals(3, st.problems().size(), st.problems().toString());
      assertTrue(st.problems().get(0).contains(
          "pr_curve value of tag 'pr' does not decode: curve arrays differ in length"),
          st.problems().get(0));
      assertTrue(st.problems().get(1).contains("roc_curve value of tag 'roc' does not decode"),
          st.problems().get(1));
      assertTrue(st.problems().get(2).contains("hparam value of tag 'hparam' does not decode"),
          st.problems().get(2));
      assertFalse(st.notThisFormat());
      assertEquals(Files.size(file), st.bytesRead());
    }
    assertEquals(List.of(), s.samples);
    assertEquals(1, s.scalars.get("loss").size(), "the records after the bad ones are read");
  }

  @Test
  void everyKind() throws IOException {
    byte[] png = png();
    Path file = new VdlWriter().meta("my run", 1_700_000_000_000L)
        .scalar("loss", 0, 0f, 1_600_000_000L) // seconds
        .scalar("loss", 1, 0.5f, 1_700_000_000_123L)
        .record(VdlWriter.value(2, "lr", 1_700_000_000_200L).msg(14,
            msg().str(1, "train").f32(2, 0.1f)))
        .record(VdlWriter.value(2, "lr", 1_700_000_000_200L).msg(14,
            msg().str(1, "test").f32(2, 0.2f)))
        .record(VdlWriter.value(3, "img", 1_700_000_000_300L).msg(5, msg().bytes(4, png)))
        .record(VdlWriter.value(4, "hist", 1_700_000_000_400L).msg(8,
            msg().packedDoubles(1, 1, 2).packedDoubles(2, 0, 0.5, 1)))
        .record(VdlWriter.value(5, "txt", 1_700_000_000_500L).msg(12, msg().str(1, "hi *there*")))
        .record(VdlWriter.value(6, "emb", 1_700_000_000_600L).msg(7, msg()
            .msg(1, msg().str(1, "a").str(1, "x").packedFloats(2, 1, 2, 3))
            .msg(1, msg().str(1, "b").str(1, "y").packedFloats(2, 4, 5, 6))
            .str(2, "label").str(2, "extra")))
        .record(VdlWriter.value(7, "pr", 1_700_000_000_700L).msg(9, curve()))
        .record(VdlWriter.value(8, "roc", 1_700_000_000_800L).msg(11, curve()))
        .record(VdlWriter.value(9, "hparam", 1_700_000_000_900L).msg(13, msg()
            .msg(1, msg().f64(2, 0.01).str(4, "lr"))
            .msg(1, msg().varint(1, 32).str(4, "batch"))
            .msg(1, msg().str(3, "sgd").str(4, "opt"))
            .msg(2, msg().f64(2, 0).str(4, "loss"))
            .str(3, "session")))
        .record(VdlWriter.value(10, "speech", 1_700_000_001_000L).msg(6, msg()
            .f32(1, 16000f).varint(2, 1).varint(3, 4).bytes(4, WAV).str(5, "audio/wav")))
        .writeTo(dir.resolve("run/vdlrecords.1.log"));
    CollectingSink s = new CollectingSink();
    try (LogFileReader r = format.open(LocalLogFile.of(file))) {
      ReadStatus st = r.readAvailable(s);
      assertEquals(List.of(), st.problems());
      assertEquals(Files.size(file), st.bytesRead());
    }
    assertEquals(List.of(new CollectingSink.Point(0, 0, 1_600_000_000_000L),
        new CollectingSink.Point(1, 0.5, 1_700_000_000_123L)), s.scalars.get("loss"));
    assertEquals(List.of(new CollectingSink.Point(2, (double) 0.1f, 1_700_000_000_200L)),
        s.scalars.get("lr/train"));
    assertEquals(List.of(new CollectingSink.Point(2, (double) 0.2f, 1_700_000_000_200L)),
        s.scalars.get("lr/test"));
    CollectingSink.Image im = s.images.get(0);
    assertEquals(9, im.width());
    assertEquals(4, im.height());
    assertEquals(3, im.channels());
    assertEquals("image/png", im.mediaType());
    assertArrayEquals(png, Payloads.imageBytes(format, file, im.locator()));
    CollectingSink.Histogram h = s.histograms.get("hist").get(0);
    assertArrayEquals(new double[] {0, 0.5, 1}, h.edges());
    assertArrayEquals(new double[] {1, 2}, h.counts());
    assertEquals(3, h.num());
    assertEquals(List.of(new CollectingSink.Text("txt", 5, 1_700_000_000_500L, "hi *there*")),
        s.texts);
    CollectingSink.Embedding e = s.embeddings.get(0);
    assertEquals(2, e.rows());
    assertEquals(3, e.dims());
    Embedding m = Payloads.embedding(format, file, e.locator());
    assertArrayEquals(new float[] {1, 2, 3, 4, 5, 6}, Payloads.values(m));
    assertEquals(List.of("a", "b"), m.getLabelsList());
    assertEquals(List.of("label", "extra"), m.getMetadataHeaderList());
    assertEquals(List.of(List.of("a", "x"), List.of("b", "y")), m.getMetadataRowsList().stream().map(r -> r.getCellsList()).toList());
    assertEquals(6, e.step());
    assertEquals(List.of("audio"), s.pluginData.stream().map(CollectingSink.PluginData::plugin)
        .toList(), "no kind left as opaque plugin data");
    PrCurve pr = PrCurve.parseFrom(sample(s, "pr").payload());
    assertEquals(List.of(0.0, 0.5, 1.0), pr.getThresholdsList(), "spread evenly over [0, 1]");
    assertEquals(List.of(3.0, 2.0, 0.0), pr.getTpList());
    assertEquals(List.of(2.0, 1.0, 0.0), pr.getFpList());
    assertEquals(List.of(0.0, 1.0, 2.0), pr.getTnList());
    assertEquals(List.of(0.0, 1.0, 3.0), pr.getFnList());
    assertEquals(List.of(0.6, 0.6, 1.0), pr.getPrecisionList());
    assertEquals(List.of(1.0, 0.5, 0.0), pr.getRecallList());
    assertEquals(new Kind("pr-curve"), s.tablets.get("pr").kind());
    RocCurve roc = RocCurve.parseFrom(sample(s, "roc").payload());
    assertEquals(List.of(0.6, 0.6, 1.0), roc.getTprList(), "kept as stored");
    assertEquals(List.of(1.0, 0.5, 0.0), roc.getFprList());
    assertEquals(new Kind("roc-curve"), s.tablets.get("roc").kind());
    Hparams hp = Hparams.parseFrom(sample(s, "hparam").payload());
    assertEquals(List.of(Hparam.newBuilder().setName("lr").setNumber(0.01).build(),
        Hparam.newBuilder().setName("batch").setNumber(32).build(),
        Hparam.newBuilder().setName("opt").setText("sgd").build()), hp.getHparamsList());
    assertEquals(List.of("loss"), hp.getMetricTagsList());
    assertEquals(new Kind("hparams"), s.tablets.get("hparam").kind());
    CollectingSink.Blob audio = s.blobs.stream().filter(b -> b.tag().equals("speech")).findFirst()
        .orElseThrow();
    assertEquals(new Kind("audio"), audio.kind());
    assertEquals(10, audio.step());
    assertEquals(WAV.length, audio.byteSize());
    assertEquals(Audio.newBuilder().setSampleRate(16000).setChannels(1).setFrames(4)
        .setContentType("audio/wav").build(), Audio.parseFrom(audio.header()));
    assertArrayEquals(WAV, Audio.parseFrom(format.readBlob(LocalLogFile.of(file), audio.locator()))
        .getEncoded().toByteArray());
    assertFalse(s.tablets.containsKey("meta_data_tag"));
  }

  @Test
  void tailsAGrowingFile() throws IOException {
    Path file = dir.resolve("vdlrecords.2.log");
    VdlWriter w = new VdlWriter().meta("", 1);
    for (int i = 0; i < 10_000; i++) {
      w.scalar("t", i, i, 1_700_000_000_000L + i);
    }
    w.writeTo(file);
    CollectingSink s = new CollectingSink();
    try (LogFileReader r = format.open(LocalLogFile.of(file))) {
      r.readAvailable(s);
      assertEquals(10_000, s.scalars.get("t").size());
      byte[] next = new VdlWriter().scalar("t", 10_000, 1, 1).bytes();
      Files.write(file, Arrays.copyOf(next, 11), StandardOpenOption.APPEND);
      ReadStatus part = r.readAvailable(s);
      assertTrue(part.incompleteTail());
      assertEquals(List.of(), part.problems());
      Files.write(file, Arrays.copyOfRange(next, 11, next.length), StandardOpenOption.APPEND);
      ReadStatus rest = r.readAvailable(s);
      assertFalse(rest.incompleteTail());
      assertEquals(next.length, rest.bytesRead());
      assertEquals(10_001, s.scalars.get("t").size());
    }
  }

  private static byte[] smallFile() {
    return new VdlWriter().meta("", 5).scalar("a", 0, 0f, 1).scalar("b", 2, 2, 2)
        .record(VdlWriter.value(3, "h", 3).msg(8, msg().packedDoubles(1, 5)
            .packedDoubles(2, 0, 1)))
        .scalar("a", 4, 4, 4).bytes();
  }

  private static int[] ends(byte[] file) {
    int[] ends = new int[0];
    int p = 0;
    while (p < file.length) {
      p += 8 + (int) VdlRecords.getLongLE(file, p);
      ends = Arrays.copyOf(ends, ends.length + 1);
      ends[ends.length - 1] = p;
    }
    return ends;
  }

  @Test
  void truncationAtEveryOffset() throws IOException {
    byte[] full = smallFile();
    int[] ends = ends(full);
    int[] recordsAfter = {0, 1, 2, 3, 4};
    for (int cut = 0; cut <= full.length; cut++) {
      Path file = Files.write(dir.resolve("vdlrecords.cut"), Arrays.copyOf(full, cut));
      CollectingSink s = new CollectingSink();
      ReadStatus st;
      try (LogFileReader r = format.open(LocalLogFile.of(file))) {
        st = r.readAvailable(s);
      }
      int complete = 0;
      int lastEnd = 0;
      for (int i = 0; i < ends.length; i++) {
        if (ends[i] <= cut) {
          complete = recordsAfter[i];
          lastEnd = ends[i];
        }
      }
      assertEquals(complete, s.records(), "cut at " + cut);
      assertEquals(List.of(), st.problems(), "cut at " + cut);
      assertEquals(cut != lastEnd, st.incompleteTail(), "cut at " + cut);
      assertEquals(lastEnd, st.bytesRead(), "cut at " + cut);
    }
  }

  @Test
  void randomBitFlipsNeverThrow() throws IOException {
    byte[] full = smallFile();
    Random random = new Random(11);
    for (int trial = 0; trial < 3000; trial++) {
      byte[] b = full.clone();
      int flips = 1 + random.nextInt(3);
      for (int f = 0; f < flips; f++) {
        b[random.nextInt(b.length)] ^= (byte) (1 << random.nextInt(8));
      }
      Path file = Files.write(dir.resolve("vdlrecords.flip"), b);
      CollectingSink s = new CollectingSink();
      try (LogFileReader r = format.open(LocalLogFile.of(file))) {
        ReadStatus st = r.readAvailable(s);
        assertTrue(st.bytesRead() <= b.length);
        assertTrue(s.records() <= 5, "trial " + trial);
      }
    }
  }

  @Test
  void damagedLengthResyncsToTheNextRecord() throws IOException {
    byte[] full = smallFile();
    int[] ends = ends(full);
    // The length of the 3rd record ("b") made huge, then made to run past the end of the file.
    for (long bad : new long[] {Long.MAX_VALUE, 1L << 40, 300L * 1024 * 1024, 100_000, 0, 1}) {
      byte[] b = full.clone();
      for (int i = 0; i < 8; i++) {
        b[ends[1] + i] = (byte) (bad >>> (8 * i));
      }
      Path file = Files.write(dir.resolve("vdlrecords.len"), b);
      CollectingSink s = new CollectingSink();
      try (LogFileReader r = format.open(LocalLogFile.of(file))) {
        ReadStatus st = r.readAvailable(s);
        assertEquals(1, st.problems().size(), bad + ": " + st.problems());
        assertFalse(st.incompleteTail(), "valid records follow: damage, not a tail: " + bad);
        assertFalse(st.notThisFormat());
      }
      assertEquals(3, s.records(), "only the damaged record is lost: " + bad);
      assertFalse(s.scalars.containsKey("b"));
    }
  }

  @Test
  void payloadThatDoesNotDecodeIsSkipped() throws IOException {
    Path file = new VdlWriter().scalar("a", 1, 1, 1)
        .raw(new byte[] {(byte) 0x0a, (byte) 0xff, (byte) 0xff, (byte) 0xff, 0x7f, 1, 2})
        .raw(new byte[] {0x10, 0x01, 0x10, 0x01}) // a Record without values
        .scalar("a", 2, 2, 2).writeTo(dir.resolve("vdlrecords.bad"));
    CollectingSink s = new CollectingSink();
    try (LogFileReader r = format.open(LocalLogFile.of(file))) {
      ReadStatus st = r.readAvailable(s);
      // Two bad records in a row are one damaged region: skipped together, reported once.
      assertEquals(1, st.problems().size(), st.problems().toString());
      assertTrue(st.problems().get(0).contains("skipped 27 bytes"), st.problems().toString());
    }
    assertEquals(2, s.scalars.get("a").size());
  }

  @Test
  void garbageIsNotThisFormat() throws IOException {
    byte[] garbage = new byte[50_000];
    new Random(3).nextBytes(garbage);
    Path p = Files.write(dir.resolve("vdlrecords.garbage"), garbage);
    try (LogFileReader r = format.open(LocalLogFile.of(p))) {
      ReadStatus st = r.readAvailable(new CollectingSink());
      assertTrue(st.notThisFormat(), st.toString());
      assertFalse(r.readAvailable(new CollectingSink()).notThisFormat(), "reported once");
    }
    Path text = Files.writeString(dir.resolve("vdlrecords.txt"), "not a log\n".repeat(100));
    try (LogFileReader r = format.open(LocalLogFile.of(text))) {
      assertTrue(r.readAvailable(new CollectingSink()).notThisFormat());
    }
  }

  @Test
  void everyFileOfARunIsItsOwnReader() throws IOException {
    Path a = new VdlWriter().scalar("x", 1, 1, 1).writeTo(dir.resolve("r/vdlrecords.1.log"));
    Path b = new VdlWriter().scalar("x", 2, 2, 2).writeTo(dir.resolve("r/vdlrecords.2.log"));
    CollectingSink s = new CollectingSink();
    for (Path p : List.of(a, b)) {
      assertTrue(format.recognizes(LocalLogFile.of(p)));
      try (LogFileReader r = format.open(LocalLogFile.of(p))) {
        r.readAvailable(s);
      }
    }
    assertEquals(2, s.scalars.get("x").size());
    assertFalse(format.recognizes(LocalLogFile.of(dir.resolve("r/events.out.tfevents.1"))));
  }
}
