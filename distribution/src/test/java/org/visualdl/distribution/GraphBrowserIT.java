package org.visualdl.distribution;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.net.URLEncoder;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.io.TempDir;
import org.openqa.selenium.By;
import org.openqa.selenium.Keys;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.interactions.Actions;
import org.openqa.selenium.support.ui.WebDriverWait;
import org.visualdl.proto.models.Onnx;
import org.visualdl.proto.models.Paddle;
import org.visualdl.sdk.LogWriter;

/**
 * The Graph tab in headless Chromium against the packaged server, one test per source kind:
 * an ONNX model served with {@code --model} (the corpus SqueezeNet, or a model written here when
 * the corpus is absent), a TensorFlow GraphDef (the corpus TF1 event file's graph_def), a Keras
 * model config and a PaddlePaddle ProgramDesc (both built here), the last three logged with
 * {@link LogWriter#addGraph(String, String, byte[])}. Each: the collapsed view drawn with the
 * route's node and edge counts, a scope opened by a double click, a node inside a collapsed scope
 * found by search, a node's attributes in the side panel after a click.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class GraphBrowserIT {
  static final String KERAS = """
      {"class_name": "Functional", "config": {"name": "model", "layers": [
        {"class_name": "InputLayer", "config": {"batch_input_shape": [null, 28, 28], "name": "in"}, "name": "in", "inbound_nodes": []},
        {"class_name": "Flatten", "config": {"name": "flat"}, "name": "flat", "inbound_nodes": [[["in", 0, 0, {}]]]},
        {"class_name": "Sequential", "config": {"name": "head", "layers": [
           {"class_name": "Dense", "config": {"name": "d1", "units": 64, "activation": "relu"}},
           {"class_name": "Dropout", "config": {"name": "drop", "rate": 0.5}},
           {"class_name": "Dense", "config": {"name": "d2", "units": 10, "activation": "softmax"}}]},
         "name": "head", "inbound_nodes": [[["flat", 0, 0, {}]]]}],
        "input_layers": [["in", 0, 0]], "output_layers": [["head", 0, 0]]},
       "keras_version": "2.4.0", "backend": "tensorflow"}
      """;

  @TempDir static Path logs;
  @TempDir static Path models;
  @TempDir static Path profile;
  static VisualDLProcess server;
  static ChromeDriver browser;
  static Path corpus;
  static boolean tfGraph;

  @BeforeAll
  static void start() throws Exception {
    corpus = corpus();
    Path onnx;
    if (corpus != null) {
      onnx = corpus.resolve("models/onnx_squeezenet/model.onnx");
    } else {
      onnx = Files.write(models.resolve("model.onnx"), smallOnnx().toByteArray());
    }
    try (LogWriter log = LogWriter.open(logs.resolve("keras"))) {
      log.addGraph("model.json", "keras-json", KERAS.getBytes(StandardCharsets.UTF_8));
    }
    try (LogWriter log = LogWriter.open(logs.resolve("paddle"))) {
      log.addGraph("inference.pdmodel", "paddle", paddleProgramDesc().toByteArray());
    }
    if (corpus != null) {
      byte[] graphDef = graphDef(corpus.resolve("tensorboard/tf1_golbin-tutorials/05-TensorBoard-Saver"));
      if (graphDef != null) {
        try (LogWriter log = LogWriter.open(logs.resolve("tensorflow"))) {
          log.addGraph("graph_def", "tf-graphdef", graphDef);
        }
        tfGraph = true;
      }
    }
    // A stray model beside the served one: --model serves only the named file.
    if (corpus == null) {
      Files.write(models.resolve("other.onnx"), smallOnnx().toByteArray());
    }
    browser = HeadlessChromium.start(profile);
    server = VisualDLProcess.start("--logdir", logs.toString(), "--model", onnx.toString());
  }

  @AfterAll
  static void stop() throws InterruptedException {
    if (browser != null) {
      browser.quit();
    }
    if (server != null) {
      server.close();
    }
  }

  static Path corpus() {
    String p = System.getProperty("visualdl.corpus");
    for (String c : p != null ? new String[] {p}
        : new String[] {"../../shared/corpus", "../../../shared/corpus", "/work/shared/corpus"}) {
      Path d = Path.of(c).toAbsolutePath().normalize();
      if (Files.isRegularFile(d.resolve("models/onnx_squeezenet/model.onnx"))) {
        return d;
      }
    }
    System.err.println("GraphBrowserIT: corpus not found (set -Dvisualdl.corpus=DIR); the ONNX"
        + " test uses a model written here and the TensorFlow test is skipped");
    return null;
  }

  private static WebDriverWait waiting() {
    return new WebDriverWait(browser, Duration.ofSeconds(30));
  }

  @Test
  @Order(1)
  void onnxModelGivenWithDashDashModel() throws Exception {
    JsonNode tags = server.json("/api/plugins/graph/tags");
    assertEquals("[\"model.onnx\"]", tags.get("model").toString(), tags.toString());
    exercise("model", "model.onnx", "graph-onnx");
  }

  @Test
  @Order(2)
  void tensorFlowGraphDef() throws Exception {
    assumeTrue(tfGraph, "corpus TF1 event file absent: TensorFlow graph test skipped");
    exercise("tensorflow", "graph_def", "graph-tf-graphdef");
  }

  @Test
  @Order(3)
  void kerasModelConfig() throws Exception {
    exercise("keras", "model.json", "graph-keras");
  }

  @Test
  @Order(4)
  void paddleProgram() throws Exception {
    exercise("paddle", "inference.pdmodel", "graph-paddle");
  }

  @Test
  @Order(5)
  void theDemoHasAGraph(@TempDir Path demoLogs) throws Exception {
    try (VisualDLProcess demo = VisualDLProcess.start("demo", "--logdir", demoLogs.toString())) {
      JsonNode tags = demo.json("/api/plugins/graph/tags");
      assertEquals("[\"resnet-mini.onnx\"]", tags.get("resnet50/lr-0.1").toString(), tags.toString());
      JsonNode g = null;
      for (int i = 0; i < 100 && (g == null || !g.get("status").asText().equals("done")); i++) {
        Thread.sleep(g == null ? 0 : 200);
        g = demo.json("/api/plugins/graph/graph?run=resnet50%2Flr-0.1&tag=resnet-mini.onnx");
      }
      List<String> top = new ArrayList<>();
      g.get("nodes").forEach(n -> top.add(n.get("id").asText()));
      assertEquals(List.of("head", "input", "probabilities", "stage1", "stage2", "stem"),
          top.stream().sorted().toList());
      browser.get(demo.url("/?plugin=graph&graph.expand=stem%2Cstage1%2Cstage1%2Fblock1"));
      waiting().until(d -> d.findElements(By.cssSelector(".vdl-graph-node")).size() > 10);
      HeadlessChromium.screenshot(browser, "graph-demo");
    }
  }

  /** Draw, expand a scope, search, click: what a user does with one graph. */
  private static void exercise(String run, String tag, String shot) throws Exception {
    String q = "run=" + enc(run) + "&tag=" + enc(tag);
    JsonNode collapsed = graph(q);
    browser.get(server.url("/?plugin=graph&graph.run=" + enc(run) + "&graph.tag=" + enc(tag)));
    int nodes = collapsed.get("nodes").size();
    int edges = collapsed.get("edges").size();
    try {
      waiting().until(d -> shown().size() == nodes
          && d.findElements(By.cssSelector(".vdl-graph-edge")).size() == edges);
    } finally {
      HeadlessChromium.screenshot(browser, shot + "-collapsed");
    }
    assertEquals(ids(collapsed), shownIds());

    // Double click a collapsed top-level scope: its nodes are drawn.
    String scope = null;
    String scopeId = null;
    for (JsonNode n : collapsed.get("nodes")) {
      if (n.get("kind").asText().equals("scope") && n.get("nodeCount").asInt() >= 2
          && !n.get("name").asText().contains("/")) {
        scope = n.get("name").asText();
        scopeId = n.get("id").asText();
        break;
      }
    }
    assertTrue(scope != null, "a collapsed scope in " + ids(collapsed));
    JsonNode opened = graph(q + "&expand=" + enc(scope));
    List<String> inner = new ArrayList<>();
    for (JsonNode n : opened.get("nodes")) {
      if (n.get("scope").asText().equals(scope) && !n.get("kind").asText().equals("scope")) {
        inner.add(n.get("id").asText());
      }
    }
    assertFalse(inner.isEmpty(), scope + " holds nodes");
    new Actions(browser).doubleClick(node(scopeId)).perform();
    waiting().until(d -> shownIds().equals(ids(opened)));
    HeadlessChromium.screenshot(browser, shot + "-expanded");

    // Collapse all, then search a node inside the scope: the result opens the scope around it.
    browser.findElement(By.cssSelector(".vdl-graph-toolbar button[data-action='graph.collapseAll']"))
        .click();
    waiting().until(d -> shownIds().equals(ids(collapsed)));
    String target = inner.get(inner.size() - 1);
    JsonNode targetNode = server.json("/api/plugins/graph/node?" + q + "&id=" + enc(target));
    String name = targetNode.get("name").asText().isEmpty() ? target : targetNode.get("name").asText();
    String last = name.substring(name.lastIndexOf('/') + 1);
    WebElement search = browser.findElement(By.cssSelector(".vdl-graph-toolbar input[type=search]"));
    search.clear();
    search.sendKeys(last, Keys.ENTER);
    WebElement hit = waiting().until(d -> d.findElements(By.cssSelector(".vdl-graph-side li .vdl-graph-link"))
        .stream().filter(e -> e.getText().equals(name)).findFirst().orElse(null));
    String scopeOfTarget = scopeId;
    assertTrue(node(scopeOfTarget).getAttribute("class").contains("match"),
        "the collapsed scope holding the result is outlined");
    HeadlessChromium.screenshot(browser, shot + "-search");
    hit.click();
    waiting().until(d -> !d.findElements(By.cssSelector(
        ".vdl-graph-node.selected[data-id=\"" + target + "\"]")).isEmpty());
    assertTrue(shownIds().containsAll(inner), "the scope around the found node is open");
    // Emptying the search field gives the graph's status back.
    search.sendKeys(Keys.chord(Keys.CONTROL, "a"), Keys.BACK_SPACE);
    WebElement status = browser.findElement(By.cssSelector(".vdl-graph-toolbar .vdl-graph-status"));
    waiting().until(d -> status.getText().contains(" shown of "));

    // Click a node with attributes: the side panel lists them.
    String withAttrs = null;
    String attr = null;
    for (String id : shownIds()) {
      JsonNode d = server.json("/api/plugins/graph/node?" + q + "&id=" + enc(id));
      if (!d.get("kind").asText().equals("scope") && d.get("attributes").size() > 0) {
        withAttrs = id;
        attr = d.get("attributes").fieldNames().next();
        if (inner.contains(id)) {
          break;
        }
      }
    }
    assertTrue(withAttrs != null, "a shown node has attributes");
    String clicked = withAttrs;
    String key = attr;
    // Fit the whole graph into the canvas first: the search centred another node.
    browser.findElement(By.cssSelector(".vdl-graph-toolbar button[data-action='graph.fit']")).click();
    node(clicked).click();
    waiting().until(d -> d.findElements(By.cssSelector(".vdl-graph-side td")).stream()
        .anyMatch(td -> td.getText().equals(key)));
    assertFalse(browser.findElements(By.cssSelector(
        ".vdl-graph-node.selected[data-id=\"" + clicked + "\"]")).isEmpty());
    HeadlessChromium.screenshot(browser, shot + "-node");
    assertEquals(List.of(), HeadlessChromium.severeConsoleMessages(browser));
  }

  private static JsonNode graph(String query) throws Exception {
    for (int i = 0; i < 100; i++) {
      JsonNode g = server.json("/api/plugins/graph/graph?" + query);
      if (g.get("status").asText().equals("done")) {
        return g;
      }
      Thread.sleep(200);
    }
    throw new AssertionError("graph " + query + " still loading");
  }

  private static List<WebElement> shown() {
    return browser.findElements(By.cssSelector(".vdl-graph-node"));
  }

  /** The ids of the drawn nodes, read in one go (the view is redrawn while we look). */
  @SuppressWarnings("unchecked")
  private static List<String> shownIds() {
    List<Object> ids = (List<Object>) browser.executeScript(
        "return [...document.querySelectorAll('.vdl-graph-node')].map(g => g.dataset.id);");
    return ids.stream().map(String::valueOf).sorted().toList();
  }

  private static List<String> ids(JsonNode view) {
    List<String> ids = new ArrayList<>();
    view.get("nodes").forEach(n -> ids.add(n.get("id").asText()));
    return ids.stream().sorted().toList();
  }

  private static WebElement node(String id) {
    return browser.findElement(By.cssSelector(".vdl-graph-node[data-id=\"" + id + "\"]"));
  }

  private static String enc(String s) {
    return URLEncoder.encode(s, StandardCharsets.UTF_8);
  }

  /** The graph_def (Event field 4) of the first event of the folder's event file that has one. */
  static byte[] graphDef(Path folder) throws Exception {
    Path file;
    try (Stream<Path> s = Files.walk(folder)) {
      file = s.filter(p -> p.getFileName().toString().contains("tfevents")).findFirst().orElse(null);
    }
    if (file == null) {
      return null;
    }
    ByteBuffer b = ByteBuffer.wrap(Files.readAllBytes(file)).order(ByteOrder.LITTLE_ENDIAN);
    while (b.remaining() >= 12) {
      int len = (int) b.getLong();
      b.getInt();
      byte[] event = new byte[len];
      b.get(event);
      b.getInt();
      com.google.protobuf.CodedInputStream in = com.google.protobuf.CodedInputStream.newInstance(event);
      for (int t = in.readTag(); t != 0; t = in.readTag()) {
        if (t == (4 << 3 | 2)) {
          return in.readByteArray();
        }
        in.skipField(t);
      }
    }
    return null;
  }

  /** Two blocks: the main block's ops, and block 1 (a scope of its own). */
  static Paddle.ProgramDesc paddleProgramDesc() {
    return Paddle.ProgramDesc.newBuilder()
        .addBlocks(Paddle.BlockDesc.newBuilder().setIdx(0).setParentIdx(-1)
            .addVars(var("image", false, -1, 3, 32, 32)).addVars(var("fc_0.w_0", true, 3072, 10))
            .addVars(var("fc_0.tmp_0", false, -1, 10)).addVars(var("relu_0.tmp_0", false, -1, 10))
            .addOps(op("mul", "image,fc_0.w_0", "fc_0.tmp_0"))
            .addOps(op("relu", "fc_0.tmp_0", "relu_0.tmp_0"))
            .addOps(op("while", "relu_0.tmp_0", "out")))
        .addBlocks(Paddle.BlockDesc.newBuilder().setIdx(1).setParentIdx(0)
            .addOps(op("scale", "relu_0.tmp_0", "s"))
            .addOps(op("softmax", "s", "t")))
        .build();
  }

  private static Paddle.VarDesc var(String name, boolean persistable, long... dims) {
    Paddle.TensorDesc.Builder t = Paddle.TensorDesc.newBuilder().setDataType(5);
    for (long d : dims) {
      t.addDims(d);
    }
    return Paddle.VarDesc.newBuilder().setName(name).setPersistable(persistable)
        .setType(Paddle.VarType.newBuilder().setType(7)
            .setLodTensor(Paddle.LoDTensorDesc.newBuilder().setTensor(t)))
        .build();
  }

  private static Paddle.OpDesc op(String type, String in, String out) {
    return Paddle.OpDesc.newBuilder().setType(type)
        .addInputs(Paddle.OpDesc.Var.newBuilder().setParameter("X").addAllArguments(List.of(in.split(","))))
        .addOutputs(Paddle.OpDesc.Var.newBuilder().setParameter("Out").addArguments(out))
        .addAttrs(Paddle.OpDesc.Attr.newBuilder().setName("axis").setType(0).setI(1))
        .build();
  }

  /** input -> block/conv -> block/relu -> pool -> output, for when the corpus is absent. */
  static Onnx.ModelProto smallOnnx() {
    Onnx.GraphProto.Builder g = Onnx.GraphProto.newBuilder().setName("small");
    g.addInput(Onnx.ValueInfoProto.newBuilder().setName("x"));
    g.addInitializer(Onnx.TensorProto.newBuilder().setName("block/w").setDataType(1)
        .addDims(4).addDims(3).addDims(3).addDims(3));
    g.addNode(Onnx.NodeProto.newBuilder().setName("block/conv").setOpType("Conv").addInput("x")
        .addInput("block/w").addOutput("c").addAttribute(Onnx.AttributeProto.newBuilder()
            .setName("kernel_shape").setType(7).addInts(3).addInts(3)));
    g.addNode(Onnx.NodeProto.newBuilder().setName("block/relu").setOpType("Relu").addInput("c")
        .addOutput("r"));
    g.addNode(Onnx.NodeProto.newBuilder().setName("pool").setOpType("MaxPool").addInput("r")
        .addOutput("y").addAttribute(Onnx.AttributeProto.newBuilder()
            .setName("kernel_shape").setType(7).addInts(2).addInts(2)));
    g.addOutput(Onnx.ValueInfoProto.newBuilder().setName("y"));
    return Onnx.ModelProto.newBuilder().setIrVersion(8).setGraph(g).build();
  }
}
