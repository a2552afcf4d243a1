package org.visualdl.format.tensorboard.internal;

import org.visualdl.format.testing.CollectingSink;
import org.visualdl.proto.Embedding;
import org.visualdl.storage.LocalLogFile;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.net.URI;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.visualdl.api.format.LogFile;
import org.visualdl.api.format.LogFileReader;
import org.visualdl.api.format.ReadStatus;
import org.visualdl.api.storage.FileStat;
import org.visualdl.api.storage.SeekableByteSource;

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
    byte[] sprite = png(56, 28);
    Files.write(run.resolve("00000/default/sprite.png"), sprite);
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
    assertTrue(format.recognizes(LocalLogFile.of(config)));
    CollectingSink sink = new CollectingSink();
    try (LogFileReader r = format.open(LocalLogFile.of(config))) {
      ReadStatus s = r.readAvailable(sink);
      assertEquals(1, s.problems().size(), s.problems().toString());
      assertTrue(s.problems().get(0).contains("missing"));
      assertEquals(0, r.readAvailable(sink).bytesRead(), "unchanged config is not read again");
    }
    assertEquals(2, sink.embeddings.size());
    assertEquals(new CollectingSink.Embedding("default:00000", 0,
        sink.embeddings.get(0).wallMs(), 2, 3, 0), sink.embeddings.get(0));
    Embedding tsv = Payloads.embedding(format, config, 0);
    assertArrayEquals(new float[] {1, 2, 3, 4, 5, 6}, Payloads.values(tsv));
    assertEquals(List.of("cat", "dog"), tsv.getLabelsList());
    assertTrue(tsv.hasSprite(), "sprite { image_path single_image_dim } fills the sprite");
    Embedding header = Embedding.parseFrom(sink.blobs.get(0).header());
    assertEquals(28, header.getSprite().getCellWidth(), "the header says there are thumbnails");
    assertTrue(header.getSprite().getEncoded().isEmpty(), "but holds no bytes");
    assertTrue(!Embedding.parseFrom(sink.blobs.get(1).header()).hasSprite());
    assertArrayEquals(sprite, tsv.getSprite().getEncoded().toByteArray());
    assertEquals("image/png", tsv.getSprite().getMediaType());
    assertEquals(28, tsv.getSprite().getCellWidth());
    assertEquals(28, tsv.getSprite().getCellHeight());
    Embedding m = Payloads.embedding(format, config, sink.embeddings.get(1).locator());
    assertEquals(2, m.getRows());
    assertEquals(2, m.getDims());
    assertArrayEquals(new float[] {1.5f, -2f, 3f, 0.25f}, Payloads.values(m));
    assertEquals(List.of("name", "color"), m.getMetadataHeaderList());
    assertEquals(List.of("x", "y"), m.getLabelsList());
    assertEquals(List.of(List.of("x", "red"), List.of("y", "blue")), m.getMetadataRowsList().stream().map(r -> r.getCellsList()).toList());
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
    try (LogFileReader r = format.open(LocalLogFile.of(config))) {
      ReadStatus s = r.readAvailable(sink);
      assertEquals(2, s.problems().size(), s.problems().toString());
    }
    assertEquals(1, sink.embeddings.size());
    assertEquals(3, sink.embeddings.get(0).rows());
    assertEquals(2, sink.embeddings.get(0).dims());
    assertEquals(6, Payloads.embedding(format, config, 0).getValuesCount());
  }

  private static byte[] png(int width, int height) throws IOException {
    java.io.ByteArrayOutputStream out = new java.io.ByteArrayOutputStream();
    javax.imageio.ImageIO.write(
        new java.awt.image.BufferedImage(width, height, java.awt.image.BufferedImage.TYPE_INT_RGB),
        "png", out);
    return out.toByteArray();
  }

  /**
   * Writes a run with a config whose embedding names {@code field: path}, and reads it as a file of
   * the log directory that holds the run.
   */
  private ReadStatus readConfigNaming(Path run, String field, String path, CollectingSink sink)
      throws IOException {
    Path config = writeConfigNaming(run, field, path);
    try (LogFileReader r = format.open(LocalLogFile.of(run.getParent(), config))) {
      return r.readAvailable(sink);
    }
  }

  private static Path writeConfigNaming(Path run, String field, String path) throws IOException {
    Files.createDirectories(run);
    Files.writeString(run.resolve("t.tsv"), "1\t2\n3\t4\n");
    String tensor = field.equals("tensor_path") ? path : "t.tsv";
    String extra = field.equals("metadata_path") ? "metadata_path: \"" + path + "\""
        : field.equals("sprite") ? "sprite { image_path: \"" + path
            + "\" single_image_dim: 1 single_image_dim: 1 }" : "";
    return Files.writeString(run.resolve("projector_config.pbtxt"),
        "embeddings { tensor_name: \"e\" tensor_path: \"" + tensor + "\" " + extra + " }\n");
  }

  /** A file of a log directory that notes every file opened through it or the files it finds. */
  private record Noting(LogFile file, Set<URI> opened) implements LogFile {
    @Override
    public FileStat stat() {
      return file.stat();
    }

    @Override
    public URI root() {
      return file.root();
    }

    @Override
    public SeekableByteSource open() throws IOException {
      opened.add(file.uri());
      return file.open();
    }

    @Override
    public Optional<LogFile> lookup(String relativePath) {
      return file.lookup(relativePath).map(f -> new Noting(f, opened));
    }
  }

  @Test
  void aFileOutsideTheLogDirectoryIsNeverReadEvenWhenItExists() throws IOException {
    Path logs = dir.resolve("logs");
    Path run = logs.resolve("run");
    Path outside = Files.writeString(dir.resolve("outside.tsv"), "5\t6\n7\t8\n");
    Path besideRun = Files.writeString(Files.createDirectories(logs).resolve("outside.tsv"),
        "5\t6\n7\t8\n");
    Files.writeString(Files.createDirectories(run).resolve("outside.tsv"), "5\t6\n7\t8\n");
    for (String field : List.of("tensor_path", "metadata_path", "sprite")) {
      for (String path : List.of("../outside.tsv", "../../outside.tsv", "sub/../../outside.tsv",
          outside.toString(), outside.toUri().toString(), besideRun.toString())) {
        Path configPath = writeConfigNaming(run, field, path);
        // The log directory above the run, and the run itself as the log directory.
        for (Path root : List.of(logs, run)) {
          Set<URI> opened = new HashSet<>();
          LogFile config = new Noting(LocalLogFile.of(root, configPath), opened);
          CollectingSink sink = new CollectingSink();
          ReadStatus s;
          try (LogFileReader r = format.open(config)) {
            s = r.readAvailable(sink);
          }
          String what = field + " " + path + " in log directory " + root;
          assertEquals(List.of(), sink.embeddings, what + " must not be read");
          assertEquals(1, s.problems().size(), what + ": " + s.problems());
          String problem = s.problems().get(0);
          assertTrue(problem.startsWith("projector_config.pbtxt: embedding 'e': "), problem);
          assertTrue(problem.contains("leads outside the run folder; refused"), problem);
          assertTrue(problem.contains(path), problem);
          IOException refused = org.junit.jupiter.api.Assertions.assertThrows(IOException.class,
              () -> format.readBlob(config, 0));
          assertTrue(refused.getMessage().contains("leads outside the run folder"),
              refused.getMessage());
          assertEquals(Set.of(configPath.toUri()), opened,
              what + ": only the config itself is read");
        }
      }
    }
    // The same config naming the tensor inside the run reads it, through the same noting file.
    Path configPath = writeConfigNaming(run, "tensor_path", "outside.tsv");
    Set<URI> opened = new HashSet<>();
    CollectingSink sink = new CollectingSink();
    try (LogFileReader r = format.open(new Noting(LocalLogFile.of(logs, configPath), opened))) {
      assertEquals(List.of(), r.readAvailable(sink).problems());
    }
    assertEquals(1, sink.embeddings.size());
    assertEquals(Set.of(configPath.toUri(), run.resolve("outside.tsv").toUri()), opened);
  }

  @Test
  void pathsOutsideTheRunFolderAreRefusedAndNothingIsRead() throws IOException {
    Files.writeString(dir.resolve("secret.txt"), "1\t2\n");
    Path run = dir.resolve("logs/run");
    for (String field : List.of("tensor_path", "metadata_path", "sprite")) {
      for (String path : List.of("/etc/passwd", "../../secret.txt", "../run/../../secret.txt",
          dir.resolve("secret.txt").toString())) {
        CollectingSink sink = new CollectingSink();
        ReadStatus s = readConfigNaming(run, field, path, sink);
        assertEquals(List.of(), sink.embeddings, field + " " + path + " must not be read");
        assertEquals(1, s.problems().size(), s.problems().toString());
        String problem = s.problems().get(0);
        assertTrue(problem.contains("leads outside the run folder; refused"), problem);
        assertTrue(problem.contains(path), problem);
      }
    }
  }

  @Test
  void aSymbolicLinkOutOfTheLogDirectoryIsNotRead() throws IOException {
    Path secret = Files.writeString(dir.resolve("secret.txt"), "1\t2\n");
    Path run = Files.createDirectories(dir.resolve("logs/run"));
    try {
      Files.createSymbolicLink(run.resolve("link.tsv"), secret);
    } catch (UnsupportedOperationException | IOException e) {
      org.junit.jupiter.api.Assumptions.abort("no symbolic links here: " + e);
    }
    CollectingSink sink = new CollectingSink();
    ReadStatus s = readConfigNaming(run, "tensor_path", "link.tsv", sink);
    assertEquals(List.of(), sink.embeddings);
    // A link out of the log directory is no file of it (a listing does not show it either).
    assertTrue(s.problems().get(0).contains("tensor file link.tsv not found"),
        s.problems().toString());
    // Reading the blob again refuses it too, should the link appear after listing.
    Files.delete(run.resolve("link.tsv"));
    Files.writeString(run.resolve("link.tsv"), "1\t2\n");
    CollectingSink ok = new CollectingSink();
    assertEquals(List.of(), readConfigNaming(run, "tensor_path", "link.tsv", ok).problems());
    Files.delete(run.resolve("link.tsv"));
    Files.createSymbolicLink(run.resolve("link.tsv"), secret);
    IOException refused = org.junit.jupiter.api.Assertions.assertThrows(IOException.class,
        () -> format.readBlob(LocalLogFile.of(run.getParent(),
            run.resolve("projector_config.pbtxt")), 0));
    assertTrue(refused.getMessage().contains("tensor file link.tsv not found"),
        refused.getMessage());
  }

  @Test
  void pathsInsideTheRunFolderStillResolveAbsoluteOrRelative() throws IOException {
    Path run = dir.resolve("logs/run");
    CollectingSink sink = new CollectingSink();
    Files.createDirectories(run.resolve("sub"));
    Files.writeString(run.resolve("sub/labels.tsv"), "a\nb\n");
    ReadStatus s = readConfigNaming(run, "metadata_path",
        run.resolve("sub/../sub/labels.tsv").toString(), sink);
    assertEquals(List.of(), s.problems());
    assertEquals(1, sink.embeddings.size());
    assertEquals(List.of("a", "b"), Payloads.embedding(format,
        LocalLogFile.of(run.getParent(), run.resolve("projector_config.pbtxt")), 0)
        .getLabelsList());
  }

  @Test
  void brokenConfigIsAProblemNotAnException() throws IOException {
    Path config = Files.writeString(dir.resolve("projector_config.pbtxt"), "embeddings { tensor");
    try (LogFileReader r = format.open(LocalLogFile.of(config))) {
      ReadStatus s = r.readAvailable(new CollectingSink());
      assertEquals(1, s.problems().size());
    }
  }
}
