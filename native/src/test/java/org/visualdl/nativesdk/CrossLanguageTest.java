package org.visualdl.nativesdk;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.visualdl.proto.Embedding;
import org.visualdl.proto.Histogram;
import org.visualdl.proto.Image;
import org.visualdl.proto.BuiltinKind;
import org.visualdl.proto.Kind;
import org.visualdl.proto.PluginData;
import org.visualdl.proto.Record;
import org.visualdl.proto.ScalarBlock;
import org.visualdl.proto.Storage;
import org.visualdl.proto.Tablet;
import org.visualdl.sdk.LogWriter;
import org.visualdl.sdk.internal.AudioPayload;
import org.visualdl.sdk.internal.Curves;
import org.visualdl.sdk.internal.HparamsPayload;
import org.visualdl.sdk.internal.Histograms;
import org.visualdl.storage.FrameSink;
import org.visualdl.storage.ReadResult;
import org.visualdl.storage.RecordFileReader;
import org.visualdl.storage.RecordFiles;
import org.visualdl.storage.ScalarBlocks;

/**
 * Files written by the C library (tests/xlang_writer.c) and by the Python module
 * (src/test/python/xlang_writer.py) are read by the Java storage bundle with exactly the values
 * written.
 */
class CrossLanguageTest {
  private static final Path BUILD = Path.of(System.getProperty("vdl.build.dir", "target/build"));
  private static final Path DIST = Path.of(System.getProperty("vdl.dist.dir", "target/dist"));
  private static final String PYTHON = System.getProperty("vdl.python", "python3");
  private static final Path PY_TESTS =
      Path.of(System.getProperty("vdl.test.python.dir", "src/test/python"));

  /** A 1x1 RGB PNG, the image of the C fixture. */
  private static final byte[] PNG = {
    (byte) 0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0x00, 0x00, 0x00, 0x0d, 0x49, 0x48,
    0x44, 0x52, 0x00, 0x00, 0x00, 0x01, 0x00, 0x00, 0x00, 0x01, 0x08, 0x02, 0x00, 0x00, 0x00,
    (byte) 0x90, 0x77, 0x53, (byte) 0xde, 0x00, 0x00, 0x00, 0x0c, 0x49, 0x44, 0x41, 0x54, 0x08,
    (byte) 0xd7, 0x63, (byte) 0xf8, (byte) 0xcf, (byte) 0xc0, 0x00, 0x00, 0x03, 0x01, 0x01, 0x00,
    0x18, (byte) 0xdd, (byte) 0x8d, (byte) 0xb0, 0x00, 0x00, 0x00, 0x00, 0x49, 0x45, 0x4e, 0x44,
    (byte) 0xae, 0x42, 0x60, (byte) 0x82
  };

  record Point(long step, double value, long wallMs) {}

  record Rec(Kind kind, Record record, Tablet tablet) {}

  static final class Run implements FrameSink {
    final List<Storage> headers = new ArrayList<>();
    final Map<String, List<Point>> scalars = new HashMap<>();
    final Map<String, List<Rec>> records = new HashMap<>();

    @Override
    public void header(Storage header) {
      headers.add(header);
    }

    @Override
    public void scalars(Tablet tablet, ScalarBlock block) {
      assertEquals(Kind.KIND_SCALAR, tablet.getKind());
      List<Point> points = scalars.computeIfAbsent(tablet.getTag(), t -> new ArrayList<>());
      ScalarBlocks.decode(block, (s, v, w) -> points.add(new Point(s, v, w)));
    }

    @Override
    public void record(Tablet tablet, Record record, long frameOffset) {
      records.computeIfAbsent(tablet.getTag(), t -> new ArrayList<>())
          .add(new Rec(tablet.getKind(), record, tablet));
    }
  }

  @Test
  void filesWrittenByCAreReadByJava(@TempDir Path dir) throws Exception {
    Path runDir = dir.resolve("c-run");
    run(List.of(BUILD.resolve("xlang_writer").toString(), runDir.toString()), Map.of());
    Run run = read(runDir);
    assertFixture(run);
    Image image = single(run, "img", Kind.KIND_IMAGE, 8).getEntry().getImage();
    assertArrayEquals(PNG, image.getEncoded().toByteArray());
    assertEquals(1, image.getWidth());
    assertEquals(1, image.getHeight());
    assertEquals(3, image.getChannels());
  }

  @Test
  void filesWrittenByPythonAreReadByJava(@TempDir Path dir) throws Exception {
    Path runDir = dir.resolve("python-run");
    run(
        List.of(PYTHON, PY_TESTS.resolve("xlang_writer.py").toString(), runDir.toString()),
        // The installed layout: python/visualdl finds lib/libvisualdl.so by itself.
        Map.of("PYTHONPATH", DIST.resolve("python").toString(), "PYTHONDONTWRITEBYTECODE", "1"));
    Run run = read(runDir);
    assertFixture(run);
    Image image = single(run, "img", Kind.KIND_IMAGE, 8).getEntry().getImage();
    assertEquals("image/png", image.getMediaType());
    assertEquals(3, image.getWidth());
    assertEquals(2, image.getHeight());
    assertEquals(3, image.getChannels());
    Embedding cols = single(run, "emb_cols", Kind.KIND_EMBEDDING, 9).getEntry().getEmbedding();
    assertEquals(List.of(1f, 2f, 3f, 4f), cols.getValuesList());
    assertEquals(List.of("a", "b"), cols.getLabelsList());
    assertEquals(List.of("k", "v"), cols.getMetadataHeaderList());
    assertEquals(List.of("a", "x"), cols.getMetadataRows(0).getCellsList());
    assertEquals(List.of("b", "y"), cols.getMetadataRows(1).getCellsList());
    BufferedImage png = ImageIO.read(new ByteArrayInputStream(image.getEncoded().toByteArray()));
    assertEquals(3, png.getWidth());
    assertEquals(2, png.getHeight());
    int[] want = {0xff0000, 0x00ff00, 0x0000ff, 0x000000, 0x808080, 0xffffff};
    for (int y = 0; y < 2; y++) {
      for (int x = 0; x < 3; x++) {
        assertEquals(want[y * 3 + x], png.getRGB(x, y) & 0xffffff, "pixel " + x + "," + y);
      }
    }
  }

  /**
   * Graphs written by C (tests/xlang_graph.c) and by Python (src/test/python/xlang_graph.py):
   * each payload and header is byte for byte what the Java SDK's addGraph writes for the same
   * model, under a graph tablet at step 0.
   */
  @Test
  void graphsAreTheBytesTheJavaSdkWrites(@TempDir Path dir) throws Exception {
    Path cRun = dir.resolve("c-graph");
    run(List.of(BUILD.resolve("xlang_graph").toString(), cRun.toString()), Map.of());
    Path pyRun = dir.resolve("python-graph");
    run(List.of(PYTHON, PY_TESTS.resolve("xlang_graph.py").toString(), pyRun.toString(),
            dir.resolve("scratch").toString()),
        Map.of("PYTHONPATH", DIST.resolve("python").toString(), "PYTHONDONTWRITEBYTECODE", "1"));
    byte[] model = new byte[1000];
    for (int i = 0; i < model.length; i++) {
      model[i] = (byte) (i * 7);
    }
    byte[] keras = "{\"class_name\": \"Sequential\", \"config\": {\"name\": \"mod\u00e8le\"}}"
        .getBytes(StandardCharsets.UTF_8);
    // What the Java SDK writes for the same calls.
    Path javaRun = dir.resolve("java-graph");
    try (org.visualdl.sdk.LogWriter log = org.visualdl.sdk.LogWriter.open(javaRun)) {
      log.addGraph("net.onnx", model);
      log.addGraph("program", "paddle", java.util.Arrays.copyOf(model, 300));
      log.addGraph("graph_def", "tf-graphdef", java.util.Arrays.copyOfRange(model, 1, 18));
      log.addGraph("keras", "keras-json", keras);
    }
    Run java = read(javaRun);
    for (Run other : List.of(read(cRun), read(pyRun))) {
      for (String tag : List.of("net.onnx", "program", "graph_def", "keras")) {
        PluginData want = plugin(java, tag, BuiltinKind.GRAPH, 0);
        PluginData got = plugin(other, tag, BuiltinKind.GRAPH, 0);
        assertArrayEquals(want.getData().toByteArray(), got.getData().toByteArray(), tag);
        assertArrayEquals(want.getHeader().toByteArray(), got.getHeader().toByteArray(), tag);
      }
      assertEquals(4, other.records.size(), "only the four graphs: " + other.records.keySet());
    }
    org.visualdl.proto.GraphModel net = org.visualdl.proto.GraphModel.parseFrom(
        plugin(java, "net.onnx", BuiltinKind.GRAPH, 0).getData());
    assertEquals("onnx", net.getFormat());
    assertArrayEquals(model, net.getData().toByteArray());
  }

  /**
   * The third fixture: the Java SDK's public {@code LogWriter} writes the audio, curves and
   * hparams of the C and Python fixtures with the same inputs, and the tablets (but for their
   * per-file ids) and the entries are the same bytes in all three files.
   */
  @Test
  void javaLogWriterWritesTheTabletsAndEntriesOfCAndPython(@TempDir Path dir) throws Exception {
    Path javaDir = dir.resolve("java-run");
    try (LogWriter log = LogWriter.open(javaDir)) {
      log.addAudio("voice", 11, AUDIO_SAMPLES, 16000);
      log.addPrCurve("pr", 12, CURVE_LABELS, CURVE_PREDICTIONS, 7);
      log.addRocCurve("roc", 13, CURVE_LABELS, CURVE_PREDICTIONS, 10);
      log.addHparams(hparams(), List.of("loss", "acc"));
    }
    Run java = read(javaDir);
    assertPluginKinds(java);
    Path cDir = dir.resolve("c-run");
    run(List.of(BUILD.resolve("xlang_writer").toString(), cDir.toString()), Map.of());
    Path pyDir = dir.resolve("python-run");
    run(List.of(PYTHON, PY_TESTS.resolve("xlang_writer.py").toString(), pyDir.toString()),
        Map.of("PYTHONPATH", DIST.resolve("python").toString(), "PYTHONDONTWRITEBYTECODE", "1"));
    for (Run other : List.of(read(cDir), read(pyDir))) {
      for (String tag : List.of("voice", "pr", "roc", HparamsPayload.TAG)) {
        List<Rec> mine = java.records.get(tag);
        List<Rec> theirs = other.records.get(tag);
        assertEquals(1, mine.size(), tag);
        assertEquals(1, theirs.size(), tag);
        assertArrayEquals(mine.get(0).tablet().toBuilder().clearId().build().toByteArray(),
            theirs.get(0).tablet().toBuilder().clearId().build().toByteArray(), "tablet " + tag);
        assertEquals(mine.get(0).record().getStep(), theirs.get(0).record().getStep(), tag);
        assertArrayEquals(mine.get(0).record().getEntry().toByteArray(),
            theirs.get(0).record().getEntry().toByteArray(), "entry " + tag);
      }
    }
  }

  private static void assertFixture(Run run) {
    assertFalse(run.headers.isEmpty());
    for (Storage h : run.headers) {
      assertEquals(1, h.getFormatVersion());
      assertTrue(h.getWriter().startsWith("visualdl-c/"), h.getWriter());
      assertTrue(h.getPid() > 0);
      assertTrue(h.getStartTimeMs() > 1_600_000_000_000L);
    }

    List<Point> loss = run.scalars.get("loss");
    assertEquals(2000, loss.size());
    for (int i = 0; i < 2000; i++) {
      assertEquals(i, loss.get(i).step());
      assertEquals(Double.doubleToRawLongBits(i * 0.001), Double.doubleToRawLongBits(loss.get(i).value()),
          "loss at " + i);
    }
    long now = System.currentTimeMillis();
    assertTrue(Math.abs(now - loss.get(0).wallMs()) < 600_000, "wall time is now");

    assertSeries(run, "acc", new long[] {0, 3, 4, 10, 11}, new double[] {0.25, 0.5, 0.75, 1.0, -1.5});
    assertSeries(run, "special", new long[] {0, 1, 2, 3, 4, 5, 6},
        new double[] {Double.NaN, Double.POSITIVE_INFINITY, Double.NEGATIVE_INFINITY, -0.0,
            Double.MAX_VALUE, Double.MIN_VALUE, 1e-300});
    assertSeries(run, "extreme_steps", new long[] {Long.MIN_VALUE, 0, Long.MAX_VALUE},
        new double[] {1, 2, 3});
    assertSeries(run, "timed", new long[] {0, 1, 2, 3}, new double[] {0.5, 1.5, 2.5, 3.5});
    assertEquals(List.of(1000L, 1001L, 999L, 5000L),
        run.scalars.get("timed").stream().map(Point::wallMs).toList());

    Histogram h = single(run, "weights", Kind.KIND_HISTOGRAM, 7).getEntry().getHistogram();
    double[] values = {-2, -1, 0, 1, 2, 1e-13};
    // Exactly the buckets the Java SDK computes for the same values.
    assertEquals(Histograms.compute(Histograms.of(values), 0), h);
    assertEquals(Histograms.compute(Histograms.of(values), 10),
        single(run, "weights10", Kind.KIND_HISTOGRAM, 7).getEntry().getHistogram());
    assertEquals(6, h.getNum());
    assertEquals(-2, h.getMin());
    assertEquals(2, h.getMax());
    assertEquals(1e-13, h.getSum());
    assertEquals(10 + 1e-26, h.getSumSquares(), 1e-12);
    assertEquals(h.getEdgesCount(), h.getCountsCount() + 1);
    double[] counted = new double[h.getCountsCount()];
    for (double v : values) {
      int bucket = -1;
      for (int i = 0; i < h.getCountsCount(); i++) {
        boolean last = i == h.getCountsCount() - 1;
        if (v >= h.getEdges(i) && (v < h.getEdges(i + 1) || (last && v == h.getEdges(i + 1)))) {
          bucket = i;
        }
      }
      assertTrue(bucket >= 0, v + " lies in no bucket of " + h.getEdgesList());
      counted[bucket]++;
    }
    for (int i = 0; i < h.getCountsCount(); i++) {
      assertEquals(counted[i], h.getCounts(i), "bucket " + i + " of " + h);
      assertTrue(h.getEdges(i) <= h.getEdges(i + 1));
    }

    Embedding e = single(run, "emb", Kind.KIND_EMBEDDING, 9).getEntry().getEmbedding();
    assertEquals(3, e.getRows());
    assertEquals(2, e.getDims());
    assertEquals(List.of(1.5f, -2f, 3f, 4f, 5f, 6f), e.getValuesList());
    assertEquals(List.of("cat", "dog", "éléphant"), e.getLabelsList());

    Record text = single(run, "notes", Kind.KIND_TEXT, 10);
    assertEquals("héllo **world** ✓", text.getEntry().getText().getMarkdown());

    assertPluginKinds(run);
  }

  /**
   * Audio, PR and ROC curves and hparams: the payload (and audio's blob header) of the C and
   * Python records are byte for byte what the Java SDK's encoders produce for the same input,
   * under a KIND_PLUGIN tablet named after the kind, with the kind's shape and payload version.
   */
  private static void assertPluginKinds(Run run) {
    float[] samples = AUDIO_SAMPLES;
    PluginData audio = plugin(run, "voice", BuiltinKind.AUDIO, 11);
    assertArrayEquals(AudioPayload.payload(samples, 16000), audio.getData().toByteArray());
    assertArrayEquals(AudioPayload.header(samples, 16000), audio.getHeader().toByteArray());

    boolean[] labels = CURVE_LABELS;
    double[] predictions = CURVE_PREDICTIONS;
    PluginData pr = plugin(run, "pr", BuiltinKind.PR_CURVE, 12);
    assertArrayEquals(Curves.prCurve(labels, predictions, 7), pr.getData().toByteArray());
    assertTrue(pr.getHeader().isEmpty());
    PluginData roc = plugin(run, "roc", BuiltinKind.ROC_CURVE, 13);
    assertArrayEquals(Curves.rocCurve(labels, predictions, 10), roc.getData().toByteArray());

    Map<String, Object> hparams = hparams();
    PluginData hp = plugin(run, HparamsPayload.TAG, BuiltinKind.HPARAMS, HparamsPayload.STEP);
    assertArrayEquals(HparamsPayload.encode(hparams, List.of("loss", "acc")),
        hp.getData().toByteArray());
  }

  /** The inputs of the audio, curve and hparams calls in all three fixtures. */
  private static final float[] AUDIO_SAMPLES =
      {0.0f, 0.25f, -0.5f, 1.0f, -1.0f, 0.123456789f, 3.0f, -0.00001f};
  private static final boolean[] CURVE_LABELS = {true, false, true, true, false, false, true, false};
  private static final double[] CURVE_PREDICTIONS =
      {0.95, 0.1, 0.5, 0.3333333333333333, 0.7, 0.5, 1.0, -0.2};

  private static Map<String, Object> hparams() {
    Map<String, Object> hparams = new HashMap<>();
    hparams.put("lr", 0.001);
    hparams.put("layers", 12);
    hparams.put("optimizer", "adam");
    hparams.put("dropout", false);
    hparams.put("name", "résumé");
    hparams.put("zero", 0);
    return hparams;
  }

  private static PluginData plugin(Run run, String tag, BuiltinKind kind, long step) {
    Record r = single(run, tag, Kind.KIND_PLUGIN, step);
    Tablet t = run.records.get(tag).get(0).tablet();
    assertEquals(kind.kindName(), t.getPlugin().getName(), tag);
    assertEquals(kind.payloadVersion(), t.getPlugin().getDataVersion(), tag);
    assertEquals(kind.shape(), t.getShape(), tag);
    PluginData pd = r.getEntry().getPluginData();
    assertEquals(kind.kindName(), pd.getPluginName(), tag);
    assertEquals(kind.payloadVersion(), pd.getDataVersion(), tag);
    return pd;
  }

  private static void assertSeries(Run run, String tag, long[] steps, double[] values) {
    List<Point> points = run.scalars.get(tag);
    assertEquals(steps.length, points.size(), tag);
    for (int i = 0; i < steps.length; i++) {
      assertEquals(steps[i], points.get(i).step(), tag + " step " + i);
      assertEquals(Double.doubleToLongBits(values[i]), Double.doubleToLongBits(points.get(i).value()),
          tag + " value " + i + ": " + points.get(i).value());
    }
  }

  private static Record single(Run run, String tag, Kind kind, long step) {
    List<Rec> recs = run.records.get(tag);
    assertEquals(1, recs.size(), tag);
    assertEquals(kind, recs.get(0).kind());
    assertEquals(step, recs.get(0).record().getStep());
    return recs.get(0).record();
  }

  private static Run read(Path runDir) throws IOException {
    List<Path> files;
    try (Stream<Path> s = Files.list(runDir)) {
      files = s.filter(RecordFiles::isRecordFile).sorted(RecordFiles.READING_ORDER).toList();
    }
    assertEquals(1, files.size(), "one file per writer: " + files);
    String name = files.get(0).getFileName().toString();
    assertTrue(name.matches("\\d+\\.[A-Za-z0-9_-]{1,64}\\.\\d+\\.0\\.vdl"), name);
    Run run = new Run();
    for (Path f : files) {
      try (RecordFileReader reader = new RecordFileReader(f)) {
        ReadResult r = reader.readAvailable(run);
        assertEquals(0, r.corruptFrames(), r.problems().toString());
        assertFalse(r.incompleteTail());
        assertEquals(Files.size(f), r.bytesConsumed());
        assertTrue(reader.sawHeader());
      }
    }
    return run;
  }

  private static void run(List<String> command, Map<String, String> env) throws Exception {
    ProcessBuilder pb = new ProcessBuilder(command).redirectErrorStream(true);
    pb.environment().putAll(env);
    pb.environment().remove("VISUALDL_LIB");
    Process p = pb.start();
    byte[] out = p.getInputStream().readAllBytes();
    assertTrue(p.waitFor(120, TimeUnit.SECONDS), "timed out: " + command);
    assertEquals(0, p.exitValue(),
        command + " failed:\n" + new String(out, StandardCharsets.UTF_8));
  }
}
