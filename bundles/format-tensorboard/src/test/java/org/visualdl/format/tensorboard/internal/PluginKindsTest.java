package org.visualdl.format.tensorboard.internal;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import org.visualdl.storage.LocalLogFile;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.visualdl.api.Kind;
import org.visualdl.api.format.LogFileReader;
import org.visualdl.api.format.ReadStatus;
import org.visualdl.format.testing.CollectingSink;
import org.visualdl.proto.Audio;
import org.visualdl.proto.Hparam;
import org.visualdl.proto.Hparams;
import org.visualdl.proto.Text;

/**
 * The forms of audio, text and hparams the corpus lacks (TF2 tensors, legacy Summary.Audio,
 * TensorBoard's own hparams summaries), and bad payloads of every plugin kind, in event files the
 * test writes.
 */
class PluginKindsTest {
  @TempDir Path dir;
  private final TensorBoardFormat format = new TensorBoardFormat();

  private static EventWriter.Msg msg() {
    return EventWriter.msg();
  }

  /** A 16-bit PCM WAV file: {@code frames} frames of {@code channels} channels at 8 kHz. */
  static byte[] wav(int channels, int frames) {
    int data = frames * channels * 2;
    byte[] b = new byte[44 + data];
    put(b, 0, "RIFF");
    le(b, 4, 36 + data, 4);
    put(b, 8, "WAVE");
    put(b, 12, "fmt ");
    le(b, 16, 16, 4);
    le(b, 20, 1, 2);
    le(b, 22, channels, 2);
    le(b, 24, 8000, 4);
    le(b, 28, 8000 * channels * 2, 4);
    le(b, 32, channels * 2, 2);
    le(b, 34, 16, 2);
    put(b, 36, "data");
    le(b, 40, data, 4);
    for (int i = 44; i < b.length; i++) {
      b[i] = (byte) i;
    }
    return b;
  }

  private static void put(byte[] b, int off, String s) {
    for (int i = 0; i < s.length(); i++) {
      b[off + i] = (byte) s.charAt(i);
    }
  }

  private static void le(byte[] b, int off, int v, int n) {
    for (int i = 0; i < n; i++) {
      b[off + i] = (byte) (v >>> (8 * i));
    }
  }

  private CollectingSink read(Path file, List<String> problems) throws IOException {
    CollectingSink sink = new CollectingSink();
    try (LogFileReader r = format.open(LocalLogFile.of(file))) {
      ReadStatus s = r.readAvailable(sink);
      assertEquals(problems.size(), s.problems().size(), s.problems().toString());
      for (int i = 0; i < problems.size(); i++) {
        assertTrue(s.problems().get(i).contains(problems.get(i)), s.problems().get(i));
      }
      assertEquals(Files.size(file), s.bytesRead());
      assertFalse(s.notThisFormat());
    }
    return sink;
  }

  @Test
  void tf2AudioTensorsAndLegacyAudio() throws IOException {
    byte[] mono = wav(1, 100);
    byte[] stereo = wav(2, 50);
    Path file = new EventWriter().fileVersion(1)
        .value(3, 1003, msg().str(1, "speech").msg(9, EventWriter.metadata("audio"))
            .msg(8, msg().varint(1, 7).msg(2, EventWriter.shape(2, 2))
                .bytes(8, mono).str(8, "first").bytes(8, stereo).str(8, "second")))
        .value(4, 1004, msg().str(1, "speech") // TF1: metadata on the first value only
            .msg(8, msg().varint(1, 7).msg(2, EventWriter.shape(1, 2))
                .bytes(8, stereo).str(8, "")))
        .value(5, 1005, msg().str(1, "old").msg(6, msg().f32(1, 22050f).varint(2, 2)
            .varint(3, 50).bytes(4, stereo).str(5, "audio/wav")))
        .writeTo(dir.resolve("run/events.out.tfevents.audio"));
    CollectingSink s = read(file, List.of());
    List<CollectingSink.Blob> clips = s.blobs.stream()
        .filter(b -> b.kind().equals(new Kind("audio"))).toList();
    assertEquals(4, clips.size());
    assertEquals(new Kind("audio"), s.tablets.get("speech").kind());
    assertEquals(new Kind("audio"), s.tablets.get("old").kind());

    CollectingSink.Blob first = clips.get(0);
    assertEquals(List.of(0, 1, 0, 0), clips.stream().map(CollectingSink.Blob::index).toList());
    assertEquals(List.of(3L, 3L, 4L, 5L), clips.stream().map(CollectingSink.Blob::step).toList());
    assertEquals(Audio.newBuilder().setContentType("audio/wav").setSampleRate(8000)
        .setChannels(1).setFrames(100).build(), Audio.parseFrom(first.header()));
    assertEquals(mono.length, first.byteSize());
    assertEquals(Audio.newBuilder().setContentType("audio/wav").setSampleRate(8000)
        .setChannels(2).setFrames(50).build(), Audio.parseFrom(clips.get(1).header()));
    assertArrayEquals(mono, encoded(file, first.locator()));
    assertArrayEquals(stereo, encoded(file, clips.get(1).locator()));
    assertArrayEquals(stereo, encoded(file, clips.get(2).locator()),
        "the plugin remembered for a value without metadata");

    CollectingSink.Blob old = clips.get(3);
    assertEquals(Audio.newBuilder().setContentType("audio/wav").setSampleRate(22050)
        .setChannels(2).setFrames(50).build(), Audio.parseFrom(old.header()));
    Audio full = Audio.parseFrom(format.readBlob(LocalLogFile.of(file), old.locator()));
    assertArrayEquals(stereo, full.getEncoded().toByteArray());
    assertEquals(22050, full.getSampleRate());
  }

  private byte[] encoded(Path file, long locator) throws IOException {
    return Audio.parseFrom(format.readBlob(LocalLogFile.of(file), locator)).getEncoded().toByteArray();
  }

  @Test
  void tf2TextScalarAndTable() throws IOException {
    Path file = new EventWriter()
        .value(1, 1, msg().str(1, "note").msg(9, EventWriter.metadata("text"))
            .msg(8, msg().varint(1, 7).msg(2, EventWriter.shape()).str(8, "*one* string")))
        .value(2, 2, msg().str(1, "table").msg(9, EventWriter.metadata("text"))
            .msg(8, msg().varint(1, 7).msg(2, EventWriter.shape(2, 3))
                .str(8, "a").str(8, "b").str(8, "c").str(8, "1").str(8, "2").str(8, "3")))
        .writeTo(dir.resolve("run/events.out.tfevents.text"));
    CollectingSink s = read(file, List.of());
    Text note = s.textPayloads.get("note").get(0);
    assertEquals("*one* string", note.getMarkdown());
    assertEquals(0, note.getTableShapeCount());
    Text table = s.textPayloads.get("table").get(0);
    assertEquals(List.of(2L, 3L), table.getTableShapeList());
    assertEquals(List.of("a", "b", "c", "1", "2", "3"), table.getTableCellsList());
    assertTrue(table.getMarkdown().contains("|"), table.getMarkdown());
    assertEquals(new Kind("text"), s.tablets.get("table").kind());
  }

  /** TensorBoard's own hparams summaries: an experiment then a session start, with a bool. */
  @Test
  void hparamsExperimentAndSession() throws IOException {
    EventWriter.Msg experiment = msg().varint(1, 0).msg(2, msg()
        .msg(4, msg().str(1, "dropout")).msg(4, msg().str(1, "units"))
        .msg(5, msg().msg(1, msg().str(2, "accuracy")))
        .msg(5, msg().msg(1, msg().str(1, "validation").str(2, "loss")))); // another run
    EventWriter.Msg session = msg().msg(3, msg()
        .msg(1, msg().str(1, "units").msg(2, msg().f64(2, 64)))
        .msg(1, msg().str(1, "augment").msg(2, msg().varint(4, 1)))
        .msg(1, msg().str(1, "dropout").msg(2, msg().f64(2, 0.25)))
        .msg(1, msg().str(1, "optimizer").msg(2, msg().str(3, "adam")))
        .msg(1, msg().str(1, "ignored").msg(2, msg().varint(1, 0)))); // null_value
    Path file = new EventWriter()
        .value(0, 10, msg().str(1, "_hparams_/experiment").msg(9, hparamsMeta(experiment)))
        .value(0, 11, msg().str(1, "_hparams_/session_start_info").msg(9, hparamsMeta(session)))
        .value(0, 12, msg().str(1, "_hparams_/session_end_info")
            .msg(9, hparamsMeta(msg().msg(4, msg().varint(1, 1)))))
        .scalar("accuracy", 5, 0.9f, 13)
        .writeTo(dir.resolve("session/events.out.tfevents.hp"));
    CollectingSink s = read(file, List.of());
    assertEquals(List.of(), s.pluginData);
    List<CollectingSink.Sample> hp = s.samples.stream()
        .filter(x -> x.kind().equals(new Kind("hparams"))).toList();
    assertEquals(2, hp.size());
    assertEquals(Hparams.newBuilder().addMetricTags("accuracy").build(),
        Hparams.parseFrom(hp.get(0).payload()), "the experiment: metric tags only");
    assertEquals(11_000, hp.get(1).wallMs());
    Hparams h = Hparams.parseFrom(hp.get(1).payload());
    assertEquals(List.of(Hparam.newBuilder().setName("dropout").setNumber(0.25).build(),
        Hparam.newBuilder().setName("units").setNumber(64).build(),
        Hparam.newBuilder().setName("augment").setFlag(true).build(),
        Hparam.newBuilder().setName("optimizer").setText("adam").build()),
        h.getHparamsList(), "the experiment's order first; null values left out");
    assertEquals(List.of("accuracy"), h.getMetricTagsList(), "metrics of this run only");
    assertEquals(List.of("_hparams_/experiment", "_hparams_/session_start_info", "accuracy"),
        List.copyOf(s.tablets.keySet()));
  }

  private static EventWriter.Msg hparamsMeta(EventWriter.Msg content) {
    return msg().msg(1, msg().str(1, "hparams").bytes(2, content.toBytes()));
  }

  /** Each kind of bad value is one problem line per file; the events around it are read. */
  @Test
  void badPayloadsAreProblemsNotCrashes() throws IOException {
    Path file = new EventWriter()
        .scalar("before", 1, 1f, 1)
        .value(2, 2, msg().str(1, "pr").msg(9, EventWriter.metadata("pr_curves"))
            .msg(8, EventWriter.floatTensor(new long[] {5, 1}, 1, 2, 3, 4, 5)))
        .value(3, 3, msg().str(1, "pr").msg(8, // the same mistake again: not listed again
            EventWriter.floatTensor(new long[] {5, 1}, 1, 2, 3, 4, 5)))
        .value(3, 3, msg().str(1, "pr2").msg(9, EventWriter.metadata("pr_curves"))
            .msg(8, msg().varint(1, 1).msg(2, EventWriter.shape(6, 2)).f32(5, 1)))
        .value(4, 4, msg().str(1, "_hparams_/session_start_info").msg(9, msg().msg(1, msg()
            .str(1, "hparams").bytes(2, new byte[] {0x1a, 0x05, 0x0a}))))
        .event(msg().f64(1, 5).bytes(9, new byte[] {0x12, 0x09, 0x01})) // a cut MetaGraphDef
        .value(6, 6, msg().str(1, "clip").msg(9, EventWriter.metadata("audio"))
            .msg(8, msg().varint(1, 7).msg(2, EventWriter.shape(1, 2))
                .bytes(8, new byte[] {'R', 'I', 'F', 'F', 1}).str(8, "short")))
        .value(7, 7, msg().str(1, "old").msg(6, msg().f32(1, Float.NaN).varint(2, -1)
            .bytes(4, new byte[] {1, 2})))
        .scalar("after", 8, 2f, 8)
        .writeTo(dir.resolve("bad/events.out.tfevents.bad"));
    CollectingSink s = read(file, List.of("pr_curves tensor of tag 'pr' is not a numeric [6, N]",
        "pr_curves tensor of tag 'pr2' holds 1 values instead of 12",
        "hparams plugin data of tag '_hparams_/session_start_info' does not decode",
        "meta_graph_def is not a MetaGraphDef"));
    assertEquals(1, s.scalars.get("before").size());
    assertEquals(1, s.scalars.get("after").size());
    List<CollectingSink.Blob> clips = s.blobs.stream()
        .filter(b -> b.kind().equals(new Kind("audio"))).toList();
    assertEquals(2, clips.size(), "a clip that is not a whole WAV file is still a clip");
    assertEquals(Audio.newBuilder().setContentType("audio/wav").build(),
        Audio.parseFrom(clips.get(0).header()));
    assertEquals(Audio.newBuilder().setContentType("audio/wav").build(),
        Audio.parseFrom(clips.get(1).header()), "NaN rate and negative channels become 0");
  }

  /** Cut at every offset: never an exception, never a problem, only an incomplete tail. */
  @Test
  void truncationAtEveryOffset() throws IOException {
    byte[] whole = new EventWriter()
        .value(1, 1, msg().str(1, "speech").msg(9, EventWriter.metadata("audio"))
            .msg(8, msg().varint(1, 7).msg(2, EventWriter.shape(1, 2))
                .bytes(8, wav(1, 4)).str(8, "x")))
        .value(2, 2, msg().str(1, "pr").msg(9, EventWriter.metadata("pr_curves"))
            .msg(8, EventWriter.floatTensor(new long[] {6, 1}, 1, 0, 0, 0, 1, 1)))
        .event(msg().f64(1, 3).bytes(4, new byte[] {1, 2, 3}))
        .bytes();
    Path file = dir.resolve("cut/events.out.tfevents.cut");
    Files.createDirectories(file.getParent());
    for (int n = 0; n < whole.length; n++) {
      Files.write(file, Arrays.copyOf(whole, n));
      CollectingSink sink = new CollectingSink();
      try (LogFileReader r = format.open(LocalLogFile.of(file))) {
        ReadStatus s = r.readAvailable(sink);
        assertEquals(List.of(), s.problems(), "cut at " + n);
        Files.write(file, whole);
        r.readAvailable(sink);
      }
      assertEquals(3, sink.blobs.size() + sink.samples.size(), "cut at " + n);
    }
  }
}
