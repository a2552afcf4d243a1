package org.visualdl.distribution;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Real TensorBoard and VisualDL 2.x logs of the shared corpus (PR curves, hparams, texts, graphs)
 * through the packaged server: each kind answers on its plugin's routes. Skipped, with the reason,
 * where the corpus ({@code ../shared/corpus}, or {@code -Dvisualdl.corpus=DIR}) is absent.
 */
class ForeignKindsIT {
  static final String TB = "tensorboard/";
  static final Map<String, String> FOLDERS = Map.of(
      "tb/pr", TB + "pytorch_study-tensorboard/runs/pr_curve_experiment",
      "tb/hp", TB + "pytorch_study-tensorboard/runs/hparams_search_exp_1",
      "tb/tf1", TB + "tf1_golbin-tutorials/05-TensorBoard-Saver/logs",
      "tb/tbx", TB + "tensorboardX-2018_miaoshuyu/runs/Aug29_15-34-06_DESKTOP-4D03LNHLinear",
      "vdl/hp", "visualdl2/hp",
      "vdl/pr", "visualdl2/pr_new",
      "vdl/text", "visualdl2/text");
  static final String TB_SESSION = "tb/hp/1771595857.3236299";

  @TempDir static Path logs;
  static VisualDLProcess server;

  @BeforeAll
  static void copyCorpusAndStart() throws Exception {
    Path corpus = Path.of(System.getProperty("visualdl.corpus", "../../shared/corpus"))
        .toAbsolutePath().normalize();
    assumeTrue(Files.isDirectory(corpus.resolve("tensorboard"))
        && Files.isDirectory(corpus.resolve("visualdl2")), "corpus of real logs not found at "
        + corpus + " (it lives outside the repository, in ../shared/corpus); test skipped");
    for (Map.Entry<String, String> e : FOLDERS.entrySet()) {
      copy(corpus.resolve(e.getValue()), logs.resolve(e.getKey()));
    }
    server = VisualDLProcess.start("--logdir", logs.toString());
    await();
  }

  static void copy(Path from, Path to) throws IOException {
    try (Stream<Path> s = Files.walk(from)) {
      for (Path p : s.toList()) {
        Path target = to.resolve(from.relativize(p).toString());
        if (Files.isDirectory(p)) {
          Files.createDirectories(target);
        } else {
          Files.copy(p, target);
        }
      }
    }
  }

  @AfterAll
  static void stop() throws InterruptedException {
    if (server != null) {
      server.close();
    }
  }

  /** Waits until every run's data of these kinds is listed. */
  static void await() throws Exception {
    long deadline = System.currentTimeMillis() + 30_000;
    JsonNode hp = null;
    while (System.currentTimeMillis() < deadline) {
      JsonNode pr = server.json("/api/plugins/pr-curve/tags");
      hp = server.json("/api/plugins/hparams/experiment");
      JsonNode graphs = server.json("/api/plugins/graph/tags");
      JsonNode text = server.json("/api/plugins/text/tags");
      if (pr.has("tb/pr") && pr.has("vdl/pr") && hp.path("sessions").size() == 6
          && graphs.has("tb/tf1") && graphs.has("tb/tbx") && text.has("vdl/text")
          && entries("pr-curve", "tb/pr", "Evaluations/PR_Curve").size() == 5) {
        return;
      }
      Thread.sleep(200);
    }
    fail("corpus not loaded within 30 s; hparams: " + hp + "; " + server.output());
  }

  static String enc(String s) {
    return URLEncoder.encode(s, StandardCharsets.UTF_8);
  }

  static JsonNode entries(String plugin, String run, String tag) throws Exception {
    var r = server.get("/api/plugins/" + plugin + "/entries?run=" + enc(run) + "&tag=" + enc(tag));
    return r.statusCode() == 200 ? VisualDLProcess.JSON.readTree(r.body())
        : VisualDLProcess.JSON.createArrayNode();
  }

  static List<String> texts(JsonNode array) {
    List<String> l = new ArrayList<>();
    array.forEach(n -> l.add(n.asText()));
    return l;
  }

  @Test
  void tensorBoardPrCurves() throws Exception {
    assertEquals(List.of("Evaluations/PR_Curve"),
        texts(server.json("/api/plugins/pr-curve/tags").get("tb/pr")));
    JsonNode curves = entries("pr-curve", "tb/pr", "Evaluations/PR_Curve");
    assertEquals(5, curves.size());
    for (int i = 0; i < 5; i++) {
      JsonNode c = curves.get(i);
      assertEquals(i, c.get("step").asLong());
      assertEquals(127, c.get("thresholds").size());
      assertEquals(127, c.get("precision").size());
      assertEquals(0.0, c.get("thresholds").get(0).asDouble());
      assertEquals(1.0, c.get("thresholds").get(126).asDouble());
      assertEquals(1.0, c.get("recall").get(0).asDouble(), 1e-6);
      double positives = c.get("tp").get(0).asDouble() + c.get("fn").get(0).asDouble();
      assertEquals(positives, c.get("tp").get(100).asDouble() + c.get("fn").get(100).asDouble(),
          1e-3);
    }
  }

  @Test
  void visualDl2PrCurves() throws Exception {
    JsonNode tags = server.json("/api/plugins/pr-curve/tags").get("vdl/pr");
    assertEquals(6, tags.size(), tags.toString());
    assertTrue(texts(tags).contains("vegetables_cls/bocai_pr_curve"));
    JsonNode c = entries("pr-curve", "vdl/pr", "vegetables_cls/bocai_pr_curve").get(0);
    assertEquals(0, c.get("step").asLong());
    assertEquals(1599819168000L, c.get("wallTime").asLong());
    assertEquals(100, c.get("tp").size());
    assertEquals(40.0, c.get("tp").get(0).asDouble(), "as stored");
    assertEquals(0.0, c.get("thresholds").get(0).asDouble());
    assertEquals(1.0, c.get("thresholds").get(99).asDouble());
  }

  @Test
  void hparamsSessionsOfBothFormats() throws Exception {
    JsonNode hp = server.json("/api/plugins/hparams/experiment");
    JsonNode sessions = hp.get("sessions");
    List<String> runs = new ArrayList<>();
    sessions.forEach(s -> runs.add(s.get("run").asText()));
    assertEquals(List.of(TB_SESSION, "vdl/hp/run2", "vdl/hp/run3", "vdl/hp/run4",
        "vdl/hp/run5", "vdl/hp/run7"), runs);
    List<String> metrics = new ArrayList<>();
    hp.get("metrics").forEach(m -> metrics.add(m.get("tag").asText()));
    assertTrue(metrics.containsAll(List.of("hparam/Final_Val_Accuracy", "hparam/Final_Val_Loss",
        "train/loss", "train/acc")), metrics.toString());

    JsonNode tb = sessions.get(0);
    assertEquals(0.1, tb.get("hparams").get("lr").asDouble());
    assertEquals(32, tb.get("hparams").get("batch_size").asDouble());
    assertEquals("SGD", tb.get("hparams").get("optimizer").asText());
    assertEquals(84.0356, tb.get("metrics").get("hparam/Final_Val_Accuracy").asDouble(), 1e-4);
    assertTrue(tb.get("metrics").get("train/loss").isNull(), "another run's metric: null");

    JsonNode run2 = sessions.get(1);
    assertEquals(0.0001, run2.get("hparams").get("learning rate").asDouble());
    assertEquals(64, run2.get("hparams").get("batch size").asDouble());
    assertEquals("Adam", run2.get("hparams").get("optimizer").asText());
    assertTrue(run2.get("metrics").get("train/loss").isNumber(), run2.toString());
    assertTrue(run2.get("metrics").get("train/acc").isNumber(), run2.toString());
  }

  @Test
  void visualDl2Texts() throws Exception {
    assertEquals(List.of("output1", "output2"),
        texts(server.json("/api/plugins/text/tags").get("vdl/text")));
    JsonNode e = entries("text", "vdl/text", "output1");
    assertEquals(11, e.size());
    assertEquals("上联: 众 佛 群 灵 光 圣 地\t下联: 众 生 一 念 证 菩 提",
        e.get(0).get("text").asText());
    assertEquals(12, entries("text", "vdl/text", "output2").size());
  }

  @Test
  void tensorBoardGraphs() throws Exception {
    JsonNode tags = server.json("/api/plugins/graph/tags");
    assertEquals(List.of("graph_def", "meta_graph_def"), texts(tags.get("tb/tf1")));
    assertEquals(List.of("graph_def"), texts(tags.get("tb/tbx")));
    for (String run : List.of("tb/tf1", "tb/tbx")) {
      JsonNode g = graph(run, "graph_def");
      assertEquals("tf-graphdef", g.get("format").asText());
      assertTrue(g.get("totalNodes").asInt() > 0, g.toString());
    }
    assertEquals(graph("tb/tf1", "graph_def").get("totalNodes").asInt(),
        graph("tb/tf1", "meta_graph_def").get("totalNodes").asInt());
  }

  static JsonNode graph(String run, String tag) throws Exception {
    long deadline = System.currentTimeMillis() + 20_000;
    while (true) {
      JsonNode g = server.json("/api/plugins/graph/graph?run=" + enc(run) + "&tag=" + enc(tag));
      if (g.get("status").asText().equals("done") || System.currentTimeMillis() > deadline) {
        return g;
      }
      Thread.sleep(200);
    }
  }
}
