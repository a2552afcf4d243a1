package org.visualdl.itests.remote;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpResponse;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import javax.imageio.ImageIO;
import org.visualdl.proto.models.Onnx;
import org.visualdl.sdk.LogWriter;

/**
 * Two runs of known content, every kind the SDK writes, and the checks that the server's routes
 * give that content back: run {@code all} (scalars, histogram, image, embedding, text, audio, PR
 * and ROC curves, hparams, graph) and run {@code second} (scalars only).
 */
final class KnownRuns {
  static final String ALL = "all";
  static final String SECOND = "second";
  static final int STEPS = 120;
  static final String LOSS = "train/loss";
  static final String ACCURACY = "eval/accuracy";
  static final List<String> TEXTS = List.of(
      "**loss** fell to 0.12", "Unicode: 你好, ünïcödé \uD83D\uDE80\ttab\r\nend  ", "");
  static final double[] HIST_EDGES = {-1.0, -0.25, 0.0, 0.5, 2.0};
  static final double[] HIST_COUNTS = {3, 17, 0, 42};
  static final int SAMPLE_RATE = 8000;
  static final boolean[] LABELS = {true, false, true, true, false, false, true, false, true, false,
      false, true, true, false, true, false, false, false, true, true};
  static final int THRESHOLDS = 6;
  static final Map<String, Object> HPARAMS = new LinkedHashMap<>();

  static {
    HPARAMS.put("lr", 0.0125);
    HPARAMS.put("optimizer", "sgd");
    HPARAMS.put("augment", false);
    HPARAMS.put("layers", 7);
  }

  private KnownRuns() {}

  static double loss(String run, long step) {
    return (run.equals(ALL) ? 2.0 : 3.0) * Math.exp(-step / 37.0) + step * 1e-3 / 3;
  }

  static double accuracy(long step) {
    return 1 - 1 / Math.sqrt(step + 2.0);
  }

  static float[][] vectors() {
    return new float[][] {
      {1f, 0f, 0f}, {0f, 1f, 0f}, {0f, 0f, 1f}, {0.9f, 0.1f, 0f}, {-1f, 0.2f, 0f}, {0f, -1f, 0.5f}};
  }

  static List<String> vectorLabels() {
    return List.of("p0", "p1", "p2", "p3", "p4", "p5");
  }

  static byte[] png() {
    BufferedImage img = new BufferedImage(7, 5, BufferedImage.TYPE_INT_RGB);
    for (int y = 0; y < 5; y++) {
      for (int x = 0; x < 7; x++) {
        img.setRGB(x, y, (x * 36) << 16 | (y * 50) << 8 | ((x + y) * 20));
      }
    }
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    try {
      ImageIO.write(img, "png", out);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return out.toByteArray();
  }

  static float[] audio() {
    float[] s = new float[SAMPLE_RATE / 8];
    for (int i = 0; i < s.length; i++) {
      s[i] = (float) (0.7 * Math.sin(2 * Math.PI * 440 * i / SAMPLE_RATE));
    }
    return s;
  }

  static double[] predictions(int step) {
    double[] p = new double[LABELS.length];
    for (int i = 0; i < p.length; i++) {
      p[i] = ((i * 37 + step * 11) % 100) / 100.0 * 0.6 + (LABELS[i] ? 0.35 : 0.0);
    }
    return p;
  }

  static Onnx.ModelProto onnx() {
    Onnx.GraphProto.Builder g = Onnx.GraphProto.newBuilder().setName("remote-small");
    g.addInput(Onnx.ValueInfoProto.newBuilder().setName("x"));
    g.addInitializer(Onnx.TensorProto.newBuilder().setName("block/w").setDataType(1)
        .addDims(4).addDims(3).addDims(3).addDims(3));
    g.addNode(Onnx.NodeProto.newBuilder().setName("block/conv").setOpType("Conv").addInput("x")
        .addInput("block/w").addOutput("c"));
    g.addNode(Onnx.NodeProto.newBuilder().setName("block/relu").setOpType("Relu").addInput("c")
        .addOutput("r"));
    g.addNode(Onnx.NodeProto.newBuilder().setName("pool").setOpType("MaxPool").addInput("r")
        .addOutput("y"));
    g.addOutput(Onnx.ValueInfoProto.newBuilder().setName("y"));
    return Onnx.ModelProto.newBuilder().setIrVersion(8).setGraph(g).build();
  }

  /** Writes both runs below the log directory through {@code LogWriter.open(URI)}. */
  static void write(URI logdir) throws IOException {
    try (LogWriter log = LogWriter.open(URI.create(logdir + "/" + ALL))) {
      for (int step = 0; step < STEPS; step++) {
        log.addScalar(LOSS, step, loss(ALL, step));
        if (step % 10 == 0) {
          log.addScalar(ACCURACY, step, accuracy(step));
        }
      }
      log.addHistogram("weights/fc", 5, HIST_EDGES, HIST_COUNTS);
      log.addImage("samples/input", 3, png());
      log.addEmbedding("features", 9, vectors(), vectorLabels());
      for (int i = 0; i < TEXTS.size(); i++) {
        log.addText("notes", i * 10L, TEXTS.get(i));
      }
      log.addAudio("speech/tone", 4, audio(), SAMPLE_RATE);
      log.addPrCurve("pr/cat", 2, LABELS, predictions(2), THRESHOLDS);
      log.addRocCurve("roc/cat", 2, LABELS, predictions(2), THRESHOLDS);
      log.addHparams(HPARAMS, List.of(LOSS, ACCURACY));
      log.addGraph("model.onnx", onnx().toByteArray());
    }
    try (LogWriter log = LogWriter.open(URI.create(logdir + "/" + SECOND))) {
      for (int step = 0; step < STEPS; step++) {
        log.addScalar(LOSS, step, loss(SECOND, step));
      }
    }
  }

  // ---------------------------------------------------------------------------------------------
  // Checks

  /** Waits until the scalar series of a run has n points, then returns it. */
  static JsonNode series(VisualDLServer s, String run, String tag, int n, long timeoutMs)
      throws Exception {
    String path = "/api/plugins/scalar/series?run=" + VisualDLServer.q(run) + "&tag="
        + VisualDLServer.q(tag) + "&points=1000000";
    long deadline = System.currentTimeMillis() + timeoutMs;
    String last = "";
    while (true) {
      HttpResponse<String> r = s.get(path);
      last = r.statusCode() + " " + r.body();
      if (r.statusCode() == 200) {
        JsonNode j = VisualDLServer.JSON.readTree(r.body());
        if (j.get("steps").size() >= n) {
          return j;
        }
      }
      if (System.currentTimeMillis() > deadline) {
        throw new AssertionError("within " + timeoutMs + " ms " + path
            + " did not reach " + n + " points; last answer: " + abbreviate(last));
      }
      Thread.sleep(100);
    }
  }

  static String abbreviate(String s) {
    return s.length() > 400 ? s.substring(0, 400) + "..." : s;
  }

  static void assertScalarsExact(VisualDLServer s, long timeoutMs) throws Exception {
    for (String run : List.of(ALL, SECOND)) {
      JsonNode j = series(s, run, LOSS, STEPS, timeoutMs);
      assertEquals(STEPS, j.get("total").asInt(), run);
      assertEquals(false, j.get("downsampled").asBoolean(), run);
      for (int step = 0; step < STEPS; step++) {
        assertEquals(step, j.get("steps").get(step).asLong(), run + " step index " + step);
        assertEquals(loss(run, step), j.get("values").get(step).asDouble(), 0.0,
            run + " " + LOSS + " at step " + step);
      }
    }
    JsonNode acc = series(s, ALL, ACCURACY, STEPS / 10, timeoutMs);
    assertEquals(STEPS / 10, acc.get("steps").size());
    for (int i = 0; i < STEPS / 10; i++) {
      assertEquals(i * 10L, acc.get("steps").get(i).asLong());
      assertEquals(accuracy(i * 10L), acc.get("values").get(i).asDouble(), 0.0, "accuracy " + i);
    }
  }

  private static String runTag(String tag) {
    return "run=" + VisualDLServer.q(ALL) + "&tag=" + VisualDLServer.q(tag);
  }

  static void assertHistogramExact(VisualDLServer s) throws Exception {
    JsonNode j = s.jsonWhen200("/api/plugins/histogram/series?" + runTag("weights/fc"), 15_000);
    assertNotNull(j, "histogram series of weights/fc never answered 200");
    assertEquals("done", j.get("status").asText(), j.toString());
    assertEquals(1, j.get("entries").size(), j.toString());
    JsonNode e = j.get("entries").get(0);
    assertEquals(5, e.get("step").asLong());
    JsonNode buckets = e.get("buckets");
    assertEquals(HIST_COUNTS.length, buckets.size(), buckets.toString());
    for (int i = 0; i < HIST_COUNTS.length; i++) {
      assertEquals(HIST_EDGES[i], buckets.get(i).get(0).asDouble(), 0.0, "left edge " + i);
      assertEquals(HIST_EDGES[i + 1], buckets.get(i).get(1).asDouble(), 0.0, "right edge " + i);
      assertEquals(HIST_COUNTS[i], buckets.get(i).get(2).asDouble(), 0.0, "count " + i);
    }
  }

  static void assertImageExact(VisualDLServer s) throws Exception {
    JsonNode j = s.jsonWhen200("/api/plugins/image/entries?" + runTag("samples/input"), 15_000);
    assertNotNull(j, "image entries never answered 200");
    assertEquals(1, j.get("entries").size(), j.toString());
    JsonNode e = j.get("entries").get(0);
    assertEquals(3, e.get("step").asLong());
    assertEquals(7, e.get("width").asInt());
    assertEquals(5, e.get("height").asInt());
    assertEquals("image/png", e.get("mediaType").asText());
    HttpResponse<byte[]> blob = s.bytes(e.get("url").asText());
    assertEquals(200, blob.statusCode());
    assertArrayEquals(png(), blob.body(), "the PNG served is the PNG written");
  }

  static void assertEmbeddingExact(VisualDLServer s) throws Exception {
    JsonNode j = s.jsonWhen200("/api/plugins/embedding/entries?" + runTag("features"), 15_000);
    assertNotNull(j, "embedding entries never answered 200");
    assertEquals(1, j.get("entries").size(), j.toString());
    JsonNode e = j.get("entries").get(0);
    assertEquals(9, e.get("step").asLong());
    assertEquals(vectors().length, e.get("rows").asInt());
    assertEquals(vectors()[0].length, e.get("dims").asInt());
    // the vectors themselves: row 3 is row 0's nearest neighbour, then row 1 (cosine)
    JsonNode n = s.json("/api/plugins/embedding/neighbors?" + runTag("features") + "&index=0&k=2");
    assertEquals("p0", n.get("label").asText(), n.toString());
    assertEquals(3, n.get("neighbors").get(0).get("index").asInt(), n.toString());
    assertEquals("p3", n.get("neighbors").get(0).get("label").asText(), n.toString());
    float[] a = vectors()[0];
    float[] b = vectors()[3];
    double cos = (a[0] * b[0] + a[1] * b[1] + a[2] * b[2])
        / Math.sqrt(a[0] * a[0] + a[1] * a[1] + a[2] * a[2])
        / Math.sqrt(b[0] * b[0] + b[1] * b[1] + b[2] * b[2]);
    assertEquals(1 - cos, n.get("neighbors").get(0).get("distance").asDouble(), 1e-6, n.toString());
  }

  static void assertTextsExact(VisualDLServer s) throws Exception {
    JsonNode j = s.jsonWhen200("/api/plugins/text/entries?" + runTag("notes"), 15_000);
    assertNotNull(j, "text entries never answered 200");
    assertEquals(TEXTS.size(), j.size(), j.toString());
    for (int i = 0; i < TEXTS.size(); i++) {
      assertEquals(i * 10L, j.get(i).get("step").asLong());
      assertArrayEquals(TEXTS.get(i).getBytes(StandardCharsets.UTF_8),
          j.get(i).get("text").asText().getBytes(StandardCharsets.UTF_8), "text " + i);
    }
  }

  static void assertAudioExact(VisualDLServer s) throws Exception {
    JsonNode j = s.jsonWhen200("/api/plugins/audio/entries?" + runTag("speech/tone"), 15_000);
    assertNotNull(j, "audio entries never answered 200");
    assertEquals(1, j.size(), j.toString());
    JsonNode e = j.get(0);
    float[] written = audio();
    assertEquals(4, e.get("step").asLong());
    assertEquals(SAMPLE_RATE, e.get("sampleRate").asInt());
    assertEquals(written.length, e.get("frames").asLong());
    assertEquals("audio/wav", e.get("contentType").asText());
    HttpResponse<byte[]> wav = s.bytes(e.get("url").asText());
    assertEquals(200, wav.statusCode());
    short[] pcm = pcm(wav.body());
    assertEquals(written.length, pcm.length);
    for (int i = 0; i < pcm.length; i++) {
      assertEquals(written[i], pcm[i] / 32767.0, 0.5 / 32767 + 1e-9, "sample " + i);
    }
  }

  /** The 16-bit samples of the data chunk of a RIFF/WAVE file. */
  private static short[] pcm(byte[] bytes) {
    ByteBuffer b = ByteBuffer.wrap(bytes).order(ByteOrder.LITTLE_ENDIAN);
    assertEquals("RIFF", new String(bytes, 0, 4, StandardCharsets.US_ASCII));
    assertEquals("WAVE", new String(bytes, 8, 4, StandardCharsets.US_ASCII));
    int pos = 12;
    while (pos + 8 <= bytes.length) {
      String id = new String(bytes, pos, 4, StandardCharsets.US_ASCII);
      int size = b.getInt(pos + 4);
      if (id.equals("data")) {
        short[] pcm = new short[size / 2];
        for (int i = 0; i < pcm.length; i++) {
          pcm[i] = b.getShort(pos + 8 + 2 * i);
        }
        return pcm;
      }
      pos += 8 + size + (size & 1);
    }
    throw new AssertionError("no data chunk in the WAV served");
  }

  /** tp, fp, tn, fn per threshold, counted here: predictions at or above i / (n - 1). */
  private static long[][] counts(double[] predictions) {
    long[][] c = new long[4][THRESHOLDS];
    for (int t = 0; t < THRESHOLDS; t++) {
      double threshold = (double) t / (THRESHOLDS - 1);
      for (int i = 0; i < LABELS.length; i++) {
        boolean above = predictions[i] >= threshold;
        c[LABELS[i] ? (above ? 0 : 3) : (above ? 1 : 2)][t]++;
      }
    }
    return c;
  }

  static void assertCurvesExact(VisualDLServer s) throws Exception {
    long[][] c = counts(predictions(2));
    String[] names = {"tp", "fp", "tn", "fn"};
    for (String plugin : List.of("pr-curve", "roc-curve")) {
      String tag = plugin.equals("pr-curve") ? "pr/cat" : "roc/cat";
      JsonNode j = s.jsonWhen200("/api/plugins/" + plugin + "/entries?" + runTag(tag), 15_000);
      assertNotNull(j, plugin + " entries never answered 200");
      assertEquals(1, j.size(), j.toString());
      JsonNode e = j.get(0);
      assertEquals(2, e.get("step").asLong());
      assertEquals(THRESHOLDS, e.get("thresholds").size(), e.toString());
      for (int t = 0; t < THRESHOLDS; t++) {
        assertEquals((double) t / (THRESHOLDS - 1), e.get("thresholds").get(t).asDouble(), 1e-12);
        for (int k = 0; k < 4; k++) {
          assertEquals(c[k][t], e.get(names[k]).get(t).asDouble(), 0.0,
              plugin + " " + names[k] + " at threshold " + t);
        }
        double tp = c[0][t];
        double fp = c[1][t];
        if (plugin.equals("pr-curve")) {
          assertEquals(tp + fp == 0 ? 1 : tp / (tp + fp), e.get("precision").get(t).asDouble(),
              1e-12, "precision at threshold " + t);
          assertEquals(tp / (tp + c[3][t]), e.get("recall").get(t).asDouble(), 1e-12);
        } else {
          assertEquals(tp / (tp + c[3][t]), e.get("tpr").get(t).asDouble(), 1e-12);
          assertEquals(fp / (fp + c[2][t]), e.get("fpr").get(t).asDouble(), 1e-12);
        }
      }
    }
  }

  static void assertHparamsExact(VisualDLServer s) throws Exception {
    JsonNode session = null;
    long deadline = System.currentTimeMillis() + 15_000;
    while (session == null || session.get("metrics").get(LOSS).isNull()) {
      if (System.currentTimeMillis() > deadline) {
        throw new AssertionError("no hparams session of run all with its metric: " + session);
      }
      for (JsonNode x : s.json("/api/plugins/hparams/experiment").get("sessions")) {
        if (x.get("run").asText().equals(ALL)) {
          session = x;
        }
      }
      Thread.sleep(100);
    }
    JsonNode h = session.get("hparams");
    assertEquals(0.0125, h.get("lr").asDouble(), 0.0, session.toString());
    assertEquals("sgd", h.get("optimizer").asText(), session.toString());
    assertTrue(h.get("augment").isBoolean() && !h.get("augment").asBoolean(), session.toString());
    assertEquals(7.0, h.get("layers").asDouble(), 0.0, session.toString());
    assertEquals(loss(ALL, STEPS - 1), session.get("metrics").get(LOSS).asDouble(), 0.0);
    assertEquals(accuracy(STEPS - 10), session.get("metrics").get(ACCURACY).asDouble(), 0.0);
  }

  static void assertGraphPresent(VisualDLServer s) throws Exception {
    JsonNode g = null;
    long deadline = System.currentTimeMillis() + 15_000;
    while (g == null || !g.get("status").asText().equals("done")) {
      if (System.currentTimeMillis() > deadline) {
        throw new AssertionError("the graph model.onnx of run all was not parsed: " + g);
      }
      g = s.jsonWhen200("/api/plugins/graph/graph?" + runTag("model.onnx") + "&expand=*", 15_000);
      Thread.sleep(100);
    }
    assertEquals("onnx", g.get("format").asText(), g.toString());
    assertEquals("remote-small", g.get("info").get("graph").asText(), g.toString());
    Map<String, String> ops = new LinkedHashMap<>();
    for (JsonNode n : g.get("nodes")) {
      ops.put(n.get("name").asText(), n.get("op").asText());
    }
    assertEquals("Conv", ops.get("block/conv"), ops.toString());
    assertEquals("Relu", ops.get("block/relu"), ops.toString());
    assertEquals("MaxPool", ops.get("pool"), ops.toString());
  }
}
