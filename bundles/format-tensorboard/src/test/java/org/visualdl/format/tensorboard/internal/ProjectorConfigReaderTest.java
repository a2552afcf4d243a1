package org.visualdl.format.tensorboard.internal;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.visualdl.api.EmbeddingMatrix;
import org.visualdl.api.format.LogFileReader;
import org.visualdl.api.format.ReadStatus;

/** Projector configs written by the test: text proto and JSON, TSV and raw tensors. */
class ProjectorConfigReaderTest {
  @TempDir Path dir;
  private final TensorBoardFormat format = new TensorBoardFormat();

  @Test
  void textProtoWithTsvAndRawTensors() throws IOException {
    Path run = Files.createDirectories(dir.resolve("run a"));
    Files.createDirectories(run.resolve("00000/default"));
    Files.writeString(run.resolve("00000/default/tensors.tsv"), "1\t2\t3\n4\t5\t6\n");
    Files.writeString(run.resolve("00000/default/metadata.tsv"), "cat\ndog\n");
    ByteBuffer raw = ByteBuffer.allocate(4 * 4).order(ByteOrder.LITTLE_ENDIAN);
    raw.putFloat(1.5f).putFloat(-2f).putFloat(3f).putFloat(0.25f);
    Files.write(run.resolve("raw.bytes"), raw.array());
    Files.writeString(run.resolve("raw_meta.tsv"), "name\tcolor\nx\tred\ny\tblue\n");
    Path config = Files.writeString(run.resolve("projector_config.pbtxt"), """
        # written by hand
        embeddings {
          tensor_name: "default:00000"
          tensor_path: "00000/default/tensors.tsv"
          metadata_path: "00000/default/metadata.tsv"
          sprite { image_path: "00000/default/sprite.png" single_image_dim: 28 single_image_dim: 28 }
        }
        embeddings <
          tensor_name: 'raw'
          tensor_path: "raw.bytes"
          metadata_path: "raw_meta.tsv"
          tensor_shape: 2
          tensor_shape: 2
        >
        embeddings { tensor_name: "missing" tensor_path: "nope.tsv" }
        """);
    assertTrue(format.recognizes(config));
    CollectingSink sink = new CollectingSink();
    try (LogFileReader r = format.open(config)) {
      ReadStatus s = r.readAvailable(sink);
      assertEquals(1, s.problems().size(), s.problems().toString());
      assertTrue(s.problems().get(0).contains("missing"));
      assertEquals(0, r.readAvailable(sink).bytesRead(), "unchanged config is not read again");
    }
    assertEquals(2, sink.embeddings.size());
    assertEquals(new CollectingSink.Embedding("default:00000", 0,
        sink.embeddings.get(0).wallMs(), 2, 3, 0), sink.embeddings.get(0));
    EmbeddingMatrix tsv = format.readEmbedding(config, 0);
    assertArrayEquals(new float[] {1, 2, 3, 4, 5, 6}, tsv.values());
    assertEquals(List.of("cat", "dog"), tsv.labels());
    EmbeddingMatrix m = format.readEmbedding(config, sink.embeddings.get(1).locator());
    assertEquals(2, m.rows());
    assertEquals(2, m.dims());
    assertArrayEquals(new float[] {1.5f, -2f, 3f, 0.25f}, m.values());
    assertEquals(List.of("name", "color"), m.metadataHeader());
    assertEquals(List.of("x", "y"), m.labels());
    assertEquals(List.of(List.of("x", "red"), List.of("y", "blue")), m.metadataRows());
  }

  @Test
  void jsonConfigAndWrongSizesReported() throws IOException {
    Path data = Files.createDirectories(dir.resolve("demo/oss_data"));
    Files.write(data.resolve("t.bytes"), new byte[3 * 2 * 4]);
    Files.write(data.resolve("bad.bytes"), new byte[7]);
    Path config = Files.writeString(data.resolve("my_projector_config.json"), """
        {"embeddings": [
          {"tensorName": "T", "tensorShape": [3, 2], "tensorPath": "oss_data/t.bytes"},
          {"tensorName": "Bad", "tensorShape": [3, 2], "tensorPath": "oss_data/bad.bytes"},
          {"tensorName": "NoShape", "tensorPath": "oss_data/t.bytes"}
        ], "modelCheckpointPath": "x"}
        """);
    CollectingSink sink = new CollectingSink();
    try (LogFileReader r = format.open(config)) {
      ReadStatus s = r.readAvailable(sink);
      assertEquals(2, s.problems().size(), s.problems().toString());
    }
    assertEquals(1, sink.embeddings.size());
    assertEquals(3, sink.embeddings.get(0).rows());
    assertEquals(2, sink.embeddings.get(0).dims());
    assertEquals(6, format.readEmbedding(config, 0).values().length);
  }

  @Test
  void brokenConfigIsAProblemNotAnException() throws IOException {
    Path config = Files.writeString(dir.resolve("projector_config.pbtxt"), "embeddings { tensor");
    try (LogFileReader r = format.open(config)) {
      ReadStatus s = r.readAvailable(new CollectingSink());
      assertEquals(1, s.problems().size());
    }
  }
}
