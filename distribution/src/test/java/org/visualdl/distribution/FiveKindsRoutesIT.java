package org.visualdl.distribution;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.visualdl.sdk.LogWriter;

/**
 * Texts, audio, PR and ROC curves and hparams written with known content by the Java SDK (run
 * {@code java}) and by the distribution's Python module (run {@code py}, the same inputs) come
 * back exactly from the packaged server's routes: texts byte-identical, audio samples within
 * 16-bit rounding, curve counts equal to a computation of this test and consistent, hparams and
 * latest metric values exact.
 */
class FiveKindsRoutesIT {
  static final List<String> TEXTS = List.of(
      "**loss** fell to 0.12",
      "# Title\n\n| a | b |\n|---|---|\n| 1 | 2 |\n\n```java\nint x = 1;\n```\n",
      "Unicode: 你好, ünïcödé, emoji \uD83D\uDE80, tab\tand CRLF\r\nend  ",
      "<script>alert(1)</script><img src=x onerror=alert(2)>",
      "");
  static final int SAMPLE_RATE = 8000;
  static final int[] AUDIO_STEPS = {0, 10, 20};
  static final int LABELS = 257;
  static final int[] CURVE_STEPS = {0, 5};
  static final int THRESHOLDS = 11;
  static final Map<String, Object> HPARAMS = new LinkedHashMap<>();
  static final double[] LOSS = {2.5, 1.25, 0.3333333333333333, 0.1};

  static {
    HPARAMS.put("lr", 0.001);
    HPARAMS.put("optimizer", "adam");
    HPARAMS.put("augment", true);
    HPARAMS.put("layers", 12);
  }

  @TempDir static Path work;
  static VisualDLProcess server;
  static boolean python;

  static float[] audio(int step) {
    float[] s = new float[SAMPLE_RATE / 4 + step];
    Random rnd = new Random(step);
    for (int i = 0; i < s.length; i++) {
      s[i] = (float) (0.8 * Math.sin(2 * Math.PI * (300 + step) * i / SAMPLE_RATE) + 0.1 * rnd.nextGaussian());
    }
    s[0] = 1f;
    s[1] = -1f;
    s[2] = 1.5f; // clamped
    s[3] = 0.6f / 32767; // just over half a step: rounds up to 1
    s[4] = -0.6f / 32767; // and down to -1
    return s;
  }

  static boolean[] labels() {
    Random rnd = new Random(1);
    boolean[] l = new boolean[LABELS];
    for (int i = 0; i < l.length; i++) {
      l[i] = rnd.nextDouble() < 0.35;
    }
    return l;
  }

  static double[] predictions(int step) {
    boolean[] l = labels();
    Random rnd = new Random(100 + step);
    double[] p = new double[LABELS];
    for (int i = 0; i < p.length; i++) {
      p[i] = 1 / (1 + Math.exp(-(0.5 * step * ((l[i] ? 1 : 0) - 0.5) + rnd.nextGaussian())));
    }
    p[0] = 0.0;
    p[1] = 1.0;
    p[2] = 0.5; // exactly on a threshold: counted as at or above
    return p;
  }

  @BeforeAll
  static void writeAndServe() throws Exception {
    Path logs = Files.createDirectories(work.resolve("logs"));
    try (LogWriter log = LogWriter.open(logs.resolve("java"))) {
      for (int i = 0; i < TEXTS.size(); i++) {
        log.addText("notes/summary", i * 10L, TEXTS.get(i));
      }
      for (int step : AUDIO_STEPS) {
        log.addAudio("speech/tone", step, audio(step), SAMPLE_RATE);
      }
      for (int step : CURVE_STEPS) {
        log.addPrCurve("pr/cat", step, labels(), predictions(step), THRESHOLDS);
        log.addRocCurve("roc/cat", step, labels(), predictions(step), THRESHOLDS);
      }
      log.addHparams(HPARAMS, List.of("train/loss", "eval/missing"));
      for (int i = 0; i < LOSS.length; i++) {
        log.addScalar("train/loss", i, LOSS[i]);
      }
    }
    Path nativeDir = VisualDLProcess.home().resolve("native");
    python = Files.isRegularFile(nativeDir.resolve("lib/libvisualdl.so")) && onPath("python3");
    if (python) {
      writeWithPython(nativeDir, logs.resolve("py"));
    }
    server = VisualDLProcess.start("--logdir", logs.toString());
  }

  @AfterAll
  static void stop() throws InterruptedException {
    if (server != null) {
      server.close();
    }
  }

  /** The same inputs as the Java run, handed to the Python module as JSON. */
  private static void writeWithPython(Path nativeDir, Path run) throws Exception {
    ObjectNode in = VisualDLProcess.JSON.createObjectNode();
    ArrayNode texts = in.putArray("texts");
    TEXTS.forEach(texts::add);
    ArrayNode audio = in.putArray("audio");
    for (int step : AUDIO_STEPS) {
      ArrayNode samples = audio.addObject().put("step", step).putArray("samples");
      for (float f : audio(step)) {
        samples.add((double) f);
      }
    }
    ArrayNode labels = in.putArray("labels");
    for (boolean b : labels()) {
      labels.add(b);
    }
    ArrayNode curves = in.putArray("curves");
    for (int step : CURVE_STEPS) {
      ArrayNode p = curves.addObject().put("step", step).putArray("predictions");
      for (double d : predictions(step)) {
        p.add(d);
      }
    }
    ArrayNode loss = in.putArray("loss");
    for (double d : LOSS) {
      loss.add(d);
    }
    Files.writeString(work.resolve("input.json"), VisualDLProcess.JSON.writeValueAsString(in));
    Files.writeString(work.resolve("write.py"), """
        import json, sys
        from visualdl import LogWriter
        d = json.load(open(sys.argv[1], encoding="utf-8"))
        with LogWriter(logdir=sys.argv[2]) as w:
            for i, t in enumerate(d["texts"]):
                w.add_text(tag="notes/summary", text_string=t, step=i * 10)
            for a in d["audio"]:
                w.add_audio(tag="speech/tone", audio_array=a["samples"], step=a["step"], sample_rate=%d)
            for c in d["curves"]:
                w.add_pr_curve(tag="pr/cat", labels=d["labels"], predictions=c["predictions"], step=c["step"], num_thresholds=%d)
                w.add_roc_curve(tag="roc/cat", labels=d["labels"], predictions=c["predictions"], step=c["step"], num_thresholds=%d)
            w.add_hparams({"lr": 0.001, "optimizer": "adam", "augment": True, "layers": 12}, ["train/loss", "eval/missing"])
            for i, v in enumerate(d["loss"]):
                w.add_scalar(tag="train/loss", value=v, step=i)
        """.formatted(SAMPLE_RATE, THRESHOLDS, THRESHOLDS));
    ProcessBuilder pb = new ProcessBuilder("python3", "write.py", "input.json", run.toString())
        .directory(work.toFile()).redirectErrorStream(true);
    pb.environment().put("PYTHONPATH", nativeDir.resolve("python").toString());
    Process p = pb.start();
    String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertTrue(p.waitFor(120, TimeUnit.SECONDS), "python timed out");
    assertEquals(0, p.exitValue(), "python: " + out);
  }

  private static boolean onPath(String tool) {
    for (String dir : System.getenv("PATH").split(":")) {
      if (Files.isExecutable(Path.of(dir, tool))) {
        return true;
      }
    }
    return false;
  }

  private static String q(String s) {
    return URLEncoder.encode(s, StandardCharsets.UTF_8);
  }

  /** Polls a route until it answers 200 with an array of n entries (the server loads in passes). */
  private static JsonNode entries(String plugin, String run, String tag, int n) throws Exception {
    String path = "/api/plugins/" + plugin + "/entries?run=" + q(run) + "&tag=" + q(tag);
    long deadline = System.currentTimeMillis() + 15_000;
    while (true) {
      HttpResponse<String> r = server.get(path);
      if (r.statusCode() == 200) {
        JsonNode a = VisualDLProcess.JSON.readTree(r.body());
        if (a.size() == n) {
          return a;
        }
      }
      if (System.currentTimeMillis() > deadline) {
        throw new AssertionError(path + " -> " + r.statusCode() + " " + r.body());
      }
      Thread.sleep(100);
    }
  }

  private static void assumeRun(String run) {
    if (run.equals("py")) {
      assumeTrue(python, "no native library or python3 in the distribution");
    }
  }

  @ParameterizedTest
  @ValueSource(strings = {"java", "py"})
  void textsComeBackByteIdentical(String run) throws Exception {
    assumeRun(run);
    JsonNode a = entries("text", run, "notes/summary", TEXTS.size());
    for (int i = 0; i < TEXTS.size(); i++) {
      assertEquals(i * 10L, a.get(i).get("step").asLong());
      assertArrayEquals(TEXTS.get(i).getBytes(StandardCharsets.UTF_8),
          a.get(i).get("text").asText().getBytes(StandardCharsets.UTF_8), "text " + i);
      assertTrue(a.get(i).get("table").isNull());
    }
  }

  @ParameterizedTest
  @ValueSource(strings = {"java", "py"})
  void audioSamplesComeBackWithin16BitRounding(String run) throws Exception {
    assumeRun(run);
    JsonNode a = entries("audio", run, "speech/tone", AUDIO_STEPS.length);
    HttpClient http = HttpClient.newHttpClient();
    for (int i = 0; i < AUDIO_STEPS.length; i++) {
      JsonNode e = a.get(i);
      float[] written = audio(AUDIO_STEPS[i]);
      assertEquals(AUDIO_STEPS[i], e.get("step").asLong());
      assertEquals(SAMPLE_RATE, e.get("sampleRate").asInt());
      assertEquals(1, e.get("channels").asInt());
      assertEquals(written.length, e.get("frames").asLong());
      assertEquals("audio/wav", e.get("contentType").asText());
      HttpResponse<byte[]> wav = http.send(
          HttpRequest.newBuilder(URI.create(server.url(e.get("url").asText()))).build(),
          HttpResponse.BodyHandlers.ofByteArray());
      assertEquals(200, wav.statusCode());
      short[] pcm = decodeWav(wav.body(), SAMPLE_RATE);
      assertEquals(written.length, pcm.length);
      for (int k = 0; k < pcm.length; k++) {
        double expected = Math.max(-1, Math.min(1, written[k]));
        assertEquals(expected, pcm[k] / 32767.0, 0.5 / 32767 + 1e-9, "sample " + k);
      }
      assertEquals(1, pcm[3], "rounded to the nearest step");
      assertEquals(-1, pcm[4], "rounded to the nearest step");
      assertEquals(32767, pcm[2], "clamped");
      // A player's Range request for the tail gets exactly those bytes.
      HttpResponse<byte[]> tail = http.send(
          HttpRequest.newBuilder(URI.create(server.url(e.get("url").asText())))
              .header("Range", "bytes=-10").build(),
          HttpResponse.BodyHandlers.ofByteArray());
      assertEquals(206, tail.statusCode());
      byte[] all = wav.body();
      assertArrayEquals(java.util.Arrays.copyOfRange(all, all.length - 10, all.length), tail.body());
    }
  }

  /** The 16-bit mono samples of a RIFF/WAVE file, read chunk by chunk as any reader does. */
  static short[] decodeWav(byte[] bytes, int sampleRate) {
    ByteBuffer b = ByteBuffer.wrap(bytes).order(ByteOrder.LITTLE_ENDIAN);
    assertEquals("RIFF", new String(bytes, 0, 4, StandardCharsets.US_ASCII));
    assertEquals(bytes.length - 8, b.getInt(4));
    assertEquals("WAVE", new String(bytes, 8, 4, StandardCharsets.US_ASCII));
    int pos = 12;
    short[] pcm = null;
    boolean fmt = false;
    while (pos + 8 <= bytes.length) {
      String id = new String(bytes, pos, 4, StandardCharsets.US_ASCII);
      int size = b.getInt(pos + 4);
      if (id.equals("fmt ")) {
        assertEquals(1, b.getShort(pos + 8), "PCM");
        assertEquals(1, b.getShort(pos + 10), "mono");
        assertEquals(sampleRate, b.getInt(pos + 12));
        assertEquals(16, b.getShort(pos + 22), "bits per sample");
        fmt = true;
      } else if (id.equals("data")) {
        pcm = new short[size / 2];
        for (int i = 0; i < pcm.length; i++) {
          pcm[i] = b.getShort(pos + 8 + 2 * i);
        }
      }
      pos += 8 + size + (size & 1);
    }
    assertTrue(fmt && pcm != null, "a fmt and a data chunk");
    return pcm;
  }

  /** tp, fp, tn, fn per threshold, counted here: predictions at or above i / (n - 1). */
  static long[][] counts(boolean[] labels, double[] predictions, int n) {
    long[][] c = new long[4][n];
    for (int t = 0; t < n; t++) {
      double threshold = (double) t / (n - 1);
      for (int i = 0; i < labels.length; i++) {
        boolean above = predictions[i] >= threshold;
        c[labels[i] ? (above ? 0 : 3) : (above ? 1 : 2)][t]++;
      }
    }
    return c;
  }

  @ParameterizedTest
  @ValueSource(strings = {"java", "py"})
  void curveCountsAreConsistentAndEqualAnIndependentCount(String run) throws Exception {
    assumeRun(run);
    boolean[] labels = labels();
    long positives = 0;
    for (boolean b : labels) {
      positives += b ? 1 : 0;
    }
    long negatives = labels.length - positives;
    for (String plugin : List.of("pr-curve", "roc-curve")) {
      JsonNode a = entries(plugin, run, plugin.equals("pr-curve") ? "pr/cat" : "roc/cat", CURVE_STEPS.length);
      for (int s = 0; s < CURVE_STEPS.length; s++) {
        JsonNode e = a.get(s);
        assertEquals(CURVE_STEPS[s], e.get("step").asLong());
        long[][] c = counts(labels, predictions(CURVE_STEPS[s]), THRESHOLDS);
        String[] names = {"tp", "fp", "tn", "fn"};
        double previousRecall = Double.POSITIVE_INFINITY;
        for (int t = 0; t < THRESHOLDS; t++) {
          String at = plugin + " step " + CURVE_STEPS[s] + " threshold " + t;
          assertEquals((double) t / (THRESHOLDS - 1), e.get("thresholds").get(t).asDouble(), 1e-12, at);
          for (int k = 0; k < 4; k++) {
            assertEquals(c[k][t], e.get(names[k]).get(t).asDouble(), 0.0, at + " " + names[k]);
          }
          double tp = e.get("tp").get(t).asDouble();
          double fp = e.get("fp").get(t).asDouble();
          assertEquals(positives, tp + e.get("fn").get(t).asDouble(), 0.0, at + ": tp + fn");
          assertEquals(negatives, fp + e.get("tn").get(t).asDouble(), 0.0, at + ": fp + tn");
          double recall = tp / positives;
          double fpr = fp / negatives;
          if (plugin.equals("pr-curve")) {
            double precision = tp + fp == 0 ? 1 : tp / (tp + fp);
            assertEquals(precision, e.get("precision").get(t).asDouble(), 1e-12, at + " precision");
            assertEquals(recall, e.get("recall").get(t).asDouble(), 1e-12, at + " recall");
          } else {
            assertEquals(recall, e.get("tpr").get(t).asDouble(), 1e-12, at + " tpr");
            assertEquals(fpr, e.get("fpr").get(t).asDouble(), 1e-12, at + " fpr");
          }
          assertTrue(recall <= previousRecall, at + ": recall rose with the threshold");
          previousRecall = recall;
        }
      }
    }
  }

  @Test
  void hparamsAndLatestMetricValuesAreExact() throws Exception {
    List<String> runs = python ? List.of("java", "py") : List.of("java");
    JsonNode x = null;
    long deadline = System.currentTimeMillis() + 15_000;
    while (System.currentTimeMillis() < deadline) {
      x = server.json("/api/plugins/hparams/experiment");
      if (x.get("sessions").size() == runs.size()
          && !x.get("sessions").get(0).get("metrics").get("train/loss").isNull()) {
        break;
      }
      Thread.sleep(100);
    }
    List<String> names = new ArrayList<>();
    x.get("hparams").forEach(h -> names.add(h.get("name").asText()));
    assertEquals(Set.copyOf(HPARAMS.keySet()), Set.copyOf(names));
    for (JsonNode h : x.get("hparams")) {
      String type = switch (h.get("name").asText()) {
        case "optimizer" -> "string";
        case "augment" -> "bool";
        default -> "number";
      };
      assertEquals(type, h.get("type").asText(), h.toString());
    }
    assertEquals(Set.of("train/loss", "eval/missing"),
        Set.of(x.get("metrics").get(0).get("tag").asText(), x.get("metrics").get(1).get("tag").asText()));
    assertEquals(runs.size(), x.get("sessions").size());
    for (int i = 0; i < runs.size(); i++) {
      JsonNode s = x.get("sessions").get(i);
      assertEquals(runs.get(i), s.get("run").asText());
      assertEquals(0.001, s.get("hparams").get("lr").asDouble(), 0.0);
      assertEquals(12.0, s.get("hparams").get("layers").asDouble(), 0.0);
      assertEquals("adam", s.get("hparams").get("optimizer").asText());
      assertTrue(s.get("hparams").get("augment").isBoolean() && s.get("hparams").get("augment").asBoolean());
      assertEquals(LOSS[LOSS.length - 1], s.get("metrics").get("train/loss").asDouble(), 0.0);
      assertTrue(s.get("metrics").get("eval/missing").isNull());
    }
  }

  @Test
  void runPluginsSaysWhichTabsHaveEachRunsData() throws Exception {
    JsonNode byRun = server.json("/api/runs/plugins");
    List<String> java = new ArrayList<>();
    byRun.get("java").forEach(n -> java.add(n.asText()));
    assertTrue(java.containsAll(List.of("scalar", "text", "audio", "pr-curve", "roc-curve", "hparams")), java.toString());
    assertTrue(!java.contains("image") && !java.contains("histogram"), java.toString());
  }
}
