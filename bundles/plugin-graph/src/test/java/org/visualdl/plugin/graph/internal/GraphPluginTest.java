package org.visualdl.plugin.graph.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.lang.reflect.InvocationHandler;
import java.lang.reflect.Proxy;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.visualdl.api.BlobRef;
import org.visualdl.api.Kind;
import org.visualdl.api.LogStore;
import org.visualdl.api.RunInfo;
import org.visualdl.api.TabletInfo;
import org.visualdl.api.frontend.Route;
import org.visualdl.api.frontend.RouteException;
import org.visualdl.proto.models.GraphDefs;
import org.visualdl.proto.models.TensorFlow;
import org.visualdl.plugin.testing.Requests;

/** The routes with a stand-in store: answers, 404s, bad graphs, caching by data version. */
class GraphPluginTest {
  static byte[] payload = GraphDefs.fromEventGraphDef(TensorFlow.GraphDef.newBuilder()
      .addNode(TensorFlow.NodeDef.newBuilder().setName("x").setOp("Placeholder"))
      .addNode(TensorFlow.NodeDef.newBuilder().setName("layer/w").setOp("Const")
          .putAttr("value", TensorFlow.AttrValue.newBuilder().setTensor(TensorFlow.TensorProto
              .newBuilder().setDtype(1).addFloatVal(0.5f).addFloatVal(1.5f)
              .setTensorShape(TensorFlow.TensorShapeProto.newBuilder()
                  .addDim(TensorFlow.TensorShapeProto.Dim.newBuilder().setSize(2)))).build()))
      .addNode(TensorFlow.NodeDef.newBuilder().setName("layer/mul").setOp("Mul")
          .addInput("x").addInput("layer/w"))
      .build().toByteArray());
  final AtomicInteger reads = new AtomicInteger();
  long version = 1;
  final Map<String, byte[]> blobs = new HashMap<>(Map.of("graph_def", payload,
      "bad", GraphDefs.of("onnx", "bad", new byte[] {1, 2, 3})));

  LogStore store() {
    InvocationHandler h = (proxy, method, args) -> switch (method.getName()) {
      case "runs" -> List.of(new RunInfo("r", 0, 1));
      case "tablets" -> List.of(new TabletInfo("r", "graph_def", GraphPlugin.GRAPH, "", "", ""));
      case "blobs" -> args[0].equals("r") && blobs.containsKey(args[1])
          ? Optional.of(List.of(new BlobRef(0, 1000, 0, 1, new byte[0], 100)))
          : Optional.empty();
      case "blob" -> {
        reads.incrementAndGet();
        yield Optional.ofNullable(blobs.get(args[1]));
      }
      case "dataVersion" -> version;
      default -> {
        if (method.isDefault()) {
          yield InvocationHandler.invokeDefault(proxy, method, args);
        }
        throw new UnsupportedOperationException(method.getName());
      }
    };
    return (LogStore) Proxy.newProxyInstance(LogStore.class.getClassLoader(),
        new Class<?>[] {LogStore.class}, h);
  }

  static Object call(GraphPlugin p, String route, Map<String, String> params) {
    Route r = p.routes().stream().filter(x -> x.path().equals(route)).findFirst().orElseThrow();
    return r.handler().handle(Requests.request(params));
  }

  @Test
  void graphCollapsedExpandedAndNode() {
    GraphPlugin p = GraphPlugin.over(store(), 5000);
    assertEquals(Map.of("r", List.of("graph_def")), p.tags());
    GraphView.View v = (GraphView.View) call(p, "graph", Map.of("run", "r", "tag", "graph_def"));
    assertEquals("done", v.status());
    assertEquals("tf-graphdef", v.format());
    assertEquals(List.of("x", "layer"), v.nodes().stream().map(GraphView.ViewNode::id).toList());
    assertEquals(1, v.edges().size());
    assertEquals(List.of(new GraphView.ViewScope("layer", 2, true)), v.scopes());

    GraphView.View e = (GraphView.View) call(p, "graph", Map.of("run", "r", "tag", "graph_def", "expand", "layer"));
    assertEquals(3, e.nodes().size());
    assertEquals("float32[2]", e.nodes().get(1).attributes().get("value"));

    NodeDetails.Details d = (NodeDetails.Details) call(p, "node",
        Map.of("run", "r", "tag", "graph_def", "id", "layer/w"));
    TensorSummary t = (TensorSummary) d.attributes().get("value");
    assertEquals(List.of(0.5f, 1.5f), t.values());
    assertEquals(List.of(2L), t.shape());
    assertEquals(1, reads.get(), "parsed once, then cached");

    GraphPlugin.SearchResult found = (GraphPlugin.SearchResult) call(p, "search",
        Map.of("run", "r", "tag", "graph_def", "q", "MUL"));
    assertEquals(List.of(new GraphPlugin.Match("layer/mul", "layer/mul", "Mul", "layer")), found.matches());
    assertEquals(1, found.total());

    version = 2;
    call(p, "graph", Map.of("run", "r", "tag", "graph_def"));
    assertEquals(2, reads.get(), "new data version: read again");
  }

  @Test
  void errors() {
    GraphPlugin p = GraphPlugin.over(store(), 5000);
    RouteException run = assertThrows(RouteException.class,
        () -> call(p, "graph", Map.of("run", "nope", "tag", "graph_def")));
    assertEquals(RouteException.Status.NOT_FOUND, run.status());
    RouteException tag = assertThrows(RouteException.class,
        () -> call(p, "graph", Map.of("run", "r", "tag", "nope")));
    assertEquals(RouteException.Status.NOT_FOUND, tag.status());
    RouteException node = assertThrows(RouteException.class,
        () -> call(p, "node", Map.of("run", "r", "tag", "graph_def", "id", "nope")));
    assertEquals(RouteException.Status.NOT_FOUND, node.status());
    RouteException bad = assertThrows(RouteException.class,
        () -> call(p, "graph", Map.of("run", "r", "tag", "bad")));
    assertEquals(RouteException.Status.UNAVAILABLE, bad.status());
    assertTrue(bad.getMessage().contains("could not be read"), bad.getMessage());
  }

  @Test
  void aSlowParseAnswersLoadingAndFinishesInTheBackground() throws Exception {
    GraphPlugin p = GraphPlugin.over(store(), 0);
    Object first = call(p, "graph", Map.of("run", "r", "tag", "graph_def"));
    GraphView.View v = (GraphView.View) first;
    assertTrue(v.status().equals("loading") || v.status().equals("done"), v.status());
    for (int i = 0; i < 100 && !"done".equals(v.status()); i++) {
      Thread.sleep(20);
      v = (GraphView.View) call(p, "graph", Map.of("run", "r", "tag", "graph_def"));
    }
    assertEquals("done", v.status());
    assertEquals(1, reads.get());
  }
}
