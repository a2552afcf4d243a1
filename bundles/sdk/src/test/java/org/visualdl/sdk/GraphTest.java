package org.visualdl.sdk;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.visualdl.proto.BuiltinKind;
import org.visualdl.proto.GraphModel;
import org.visualdl.proto.Kind;
import org.visualdl.proto.PluginData;
import org.visualdl.proto.Record;
import org.visualdl.proto.Tablet;
import org.visualdl.proto.models.GraphDefs;

/** addGraph: one blob of kind graph at step 0, its format from the call or the file name. */
class GraphTest {
  @TempDir Path dir;

  @Test
  void anOnnxModelIsOneGraphBlobAtStepZero() throws Exception {
    byte[] model = {8, 7, 0x3a, 0};
    Path run = dir.resolve("run");
    try (LogWriter log = LogWriter.open(run)) {
      log.addGraph("net", model);
    }
    RunContents c = RunContents.read(run);
    Tablet t = c.tablets.get("net/" + Kind.KIND_PLUGIN);
    assertEquals("graph", t.getPlugin().getName());
    assertEquals(BuiltinKind.GRAPH.shape(), t.getShape());
    assertEquals(BuiltinKind.GRAPH.payloadVersion(), t.getPlugin().getDataVersion());
    Record r = c.records.get("net").get(0);
    assertEquals(0, r.getStep());
    PluginData pd = r.getEntry().getPluginData();
    byte[] payload = GraphDefs.of(GraphDefs.ONNX, "net", model);
    assertArrayEquals(payload, pd.getData().toByteArray());
    assertArrayEquals(GraphDefs.header(payload), pd.getHeader().toByteArray());
    GraphModel m = GraphModel.parseFrom(pd.getData());
    assertEquals("onnx", m.getFormat());
    assertEquals("net", m.getName());
  }

  @Test
  void aModelFileGetsTheFormatItsNameSays() throws Exception {
    Path run = dir.resolve("run");
    List<String[]> cases = List.of(
        new String[] {"a.onnx", "onnx"}, new String[] {"b.pdmodel", "paddle"},
        new String[] {"__model__", "paddle"}, new String[] {"c.pb", "tf-graphdef"},
        new String[] {"d.json", "keras-json"});
    try (LogWriter log = LogWriter.open(run)) {
      for (String[] c : cases) {
        Path f = Files.write(dir.resolve(c[0]), new byte[] {1, 2, 3});
        log.addGraph(c[0], f);
      }
    }
    RunContents contents = RunContents.read(run);
    for (String[] c : cases) {
      GraphModel m = GraphModel.parseFrom(
          contents.records.get(c[0]).get(0).getEntry().getPluginData().getData());
      assertEquals(c[1], m.getFormat(), c[0]);
      assertArrayEquals(new byte[] {1, 2, 3}, m.getData().toByteArray());
    }
  }

  @Test
  void unknownNamesEmptyModelsAndBadFormatsAreRefused() throws Exception {
    try (LogWriter log = LogWriter.open(dir.resolve("run"))) {
      Path txt = Files.write(dir.resolve("model.txt"), new byte[] {1});
      IllegalArgumentException e =
          assertThrows(IllegalArgumentException.class, () -> log.addGraph("g", txt));
      assertTrue(e.getMessage().contains("*.onnx"), e.getMessage());
      assertThrows(IllegalArgumentException.class, () -> log.addGraph("g", new byte[0]));
      assertThrows(IllegalArgumentException.class,
          () -> log.addGraph("g", "caffe", new byte[] {1}));
      assertThrows(java.io.UncheckedIOException.class,
          () -> log.addGraph("g", dir.resolve("missing.onnx")));
    }
  }
}
