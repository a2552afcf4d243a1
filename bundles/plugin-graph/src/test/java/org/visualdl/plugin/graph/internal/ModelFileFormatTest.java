package org.visualdl.plugin.graph.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.visualdl.api.Kind;
import org.visualdl.api.format.ReadStatus;
import org.visualdl.api.format.RecordSink;
import org.visualdl.proto.GraphModel;
import org.visualdl.proto.models.Onnx;
import org.visualdl.storage.LocalLogFile;

/** Model files in a run folder: recognised by name, one blob each, bad files as problems. */
class ModelFileFormatTest {
  @TempDir Path dir;

  record Blob(String tag, Kind kind, long step, long wallTimeMs, byte[] header, long locator) {}

  static final class Sink implements RecordSink {
    final List<Blob> blobs = new ArrayList<>();

    public void tablet(String tag, Kind kind, String displayName, String description, String plugin) {}

    public void scalars(String tag, long[] steps, double[] values, long[] wall, int count) {}

    public void sample(String tag, Kind kind, long step, long wall, int version, byte[] payload) {}

    public void blob(String tag, Kind kind, long step, long wall, int index, int version,
        byte[] header, long byteSize, long locator) {
      blobs.add(new Blob(tag, kind, step, wall, header, locator));
    }
  }

  static byte[] tinyOnnx() {
    return Onnx.ModelProto.newBuilder().setIrVersion(7).setGraph(Onnx.GraphProto.newBuilder()
        .addNode(Onnx.NodeProto.newBuilder().setOpType("Relu").addInput("x").addOutput("y"))
        .addInput(Onnx.ValueInfoProto.newBuilder().setName("x"))
        .addOutput(Onnx.ValueInfoProto.newBuilder().setName("y"))).build().toByteArray();
  }

  @Test
  void recognisesModelFilesByName() {
    ModelFileFormat f = new ModelFileFormat();
    assertTrue(f.recognizes(LocalLogFile.of(Path.of("run/model.onnx"))));
    assertTrue(f.recognizes(LocalLogFile.of(Path.of("run/Model.ONNX"))));
    assertTrue(f.recognizes(LocalLogFile.of(Path.of("run/__model__"))));
    assertTrue(f.recognizes(LocalLogFile.of(Path.of("run/inference.pdmodel"))));
    assertFalse(f.recognizes(LocalLogFile.of(Path.of("run/events.out.tfevents.1"))));
    assertFalse(f.recognizes(LocalLogFile.of(Path.of("run/model.onnx.data"))));
    assertFalse(f.recognizes(LocalLogFile.of(Path.of("run/__model__.bak"))));
  }

  @Test
  void oneBlobPerVersionOfTheFileReadAgainOnDemand() throws Exception {
    Path file = dir.resolve("net.onnx");
    Files.write(file, tinyOnnx());
    Files.setLastModifiedTime(file, FileTime.fromMillis(1_700_000_000_000L));
    ModelFileFormat f = new ModelFileFormat();
    Sink sink = new Sink();
    try (var reader = f.open(LocalLogFile.of(file))) {
      ReadStatus s = reader.readAvailable(sink);
      assertEquals(List.of(), s.problems());
      assertEquals(1, sink.blobs.size());
      Blob b = sink.blobs.get(0);
      assertEquals("net.onnx", b.tag());
      assertEquals("graph", b.kind().id());
      assertEquals(0, b.step());
      assertEquals(1_700_000_000_000L, b.wallTimeMs());
      GraphModel header = GraphModel.parseFrom(b.header());
      assertEquals("onnx", header.getFormat());
      assertTrue(header.getData().isEmpty(), "the header leaves the bytes on disk");

      reader.readAvailable(sink);
      assertEquals(1, sink.blobs.size(), "unchanged file: nothing new");

      Files.write(file, tinyOnnx());
      Files.setLastModifiedTime(file, FileTime.fromMillis(1_700_000_100_000L));
      reader.readAvailable(sink);
      assertEquals(2, sink.blobs.size(), "exported again: a newer blob at the same step");
      assertEquals(1_700_000_100_000L, sink.blobs.get(1).wallTimeMs());

      GraphModel payload = GraphModel.parseFrom(f.readBlob(LocalLogFile.of(file), b.locator()));
      assertEquals("onnx", payload.getFormat());
      assertEquals("net.onnx", payload.getName());
      assertEquals(1, ModelGraphs.parse(payload).nodes.stream()
          .filter(n -> n.op().equals("Relu")).count());
    }
  }

  @Test
  void badFilesAreOneProblemEachNeverACrash() throws Exception {
    Path junk = dir.resolve("junk.onnx");
    Files.writeString(junk, "not a model at all, just some text");
    Path paddle = dir.resolve("__model__");
    Files.write(paddle, new byte[] {(byte) 0xff, (byte) 0xff, (byte) 0xff});
    Path empty = dir.resolve("empty.pdmodel");
    Files.write(empty, new byte[0]);
    ModelFileFormat f = new ModelFileFormat();
    for (Path p : List.of(junk, paddle)) {
      Sink sink = new Sink();
      try (var reader = f.open(LocalLogFile.of(p))) {
        ReadStatus s = reader.readAvailable(sink);
        assertEquals(1, s.problems().size(), s.toString());
        assertTrue(s.problems().get(0).contains(p.getFileName().toString()), s.problems().get(0));
        assertTrue(sink.blobs.isEmpty());
        assertEquals(List.of(), reader.readAvailable(sink).problems(), "reported once");
      }
    }
    Sink sink = new Sink();
    try (var reader = f.open(LocalLogFile.of(empty))) {
      ReadStatus s = reader.readAvailable(sink);
      assertTrue(s.incompleteTail(), "an empty file may be being written");
      assertEquals(List.of(), s.problems());
      Files.write(empty, SyntheticGraphsTest.var("x", false).toByteArray());
      // a VarDesc is no ProgramDesc with blocks
      assertEquals(1, reader.readAvailable(sink).problems().size());
    }
  }

  @Test
  void tooLargeFilesAreReportedNotRead() throws Exception {
    Path big = dir.resolve("big.onnx");
    Files.write(big, tinyOnnx());
    Sink sink = new Sink();
    try (var reader = new ModelFileFormat.Reader(LocalLogFile.of(big), 8)) {
      ReadStatus s = reader.readAvailable(sink);
      assertEquals(1, s.problems().size());
      assertTrue(s.problems().get(0).contains("more than the 8 bytes"), s.problems().get(0));
      assertTrue(sink.blobs.isEmpty());
    }
  }
}
