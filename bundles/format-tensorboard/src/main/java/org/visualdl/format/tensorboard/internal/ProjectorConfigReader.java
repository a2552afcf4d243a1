package org.visualdl.format.tensorboard.internal;

import org.visualdl.proto.BuiltinKind;
import org.visualdl.proto.Embedding;
import org.visualdl.proto.Sprite;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.nio.file.attribute.FileTime;
import java.util.ArrayList;
import java.util.List;
import org.visualdl.api.Kind;
import org.visualdl.api.format.LogFileReader;
import org.visualdl.api.format.ReadStatus;
import org.visualdl.api.format.RecordSink;

/**
 * Reads a projector config ({@code projector_config.pbtxt} or {@code *projector_config.json}):
 * each embedding it lists becomes an {@code embedding} blob at step 0 of a tag named by its tensor
 * name, on the run that holds the config. The config is rewritten rather than appended, so it is
 * read again whenever its size or modification time changes.
 */
final class ProjectorConfigReader implements LogFileReader {
  private static final Kind EMBEDDING = new Kind(BuiltinKind.EMBEDDING.kindName());
  private final Path file;
  private long lastSize = -1;
  private FileTime lastModified;

  ProjectorConfigReader(Path file) {
    this.file = file;
  }

  @Override
  public ReadStatus readAvailable(RecordSink sink) throws IOException {
    BasicFileAttributes a = Files.readAttributes(file, BasicFileAttributes.class);
    if (a.size() == lastSize && a.lastModifiedTime().equals(lastModified)) {
      return new ReadStatus(0, false, false, List.of());
    }
    lastSize = a.size();
    lastModified = a.lastModifiedTime();
    List<String> problems = new ArrayList<>();
    ProjectorConfig config;
    try {
      config = ProjectorConfig.parse(file.getFileName().toString(),
          ProjectorEmbeddings.readConfigText(file));
    } catch (IOException e) {
      problems.add(file.getFileName() + ": not a readable projector config: " + e.getMessage());
      return new ReadStatus(a.size(), false, false, problems);
    }
    Path dir = file.toAbsolutePath().getParent();
    List<ProjectorConfig.Entry> entries = config.embeddings();
    for (int i = 0; i < entries.size(); i++) {
      ProjectorConfig.Entry e = entries.get(i);
      String tag = ProjectorEmbeddings.tag(e, i);
      try {
        Path tensor = ProjectorEmbeddings.resolve(dir, "tensor_path", e.tensorPath());
        // Refuses paths out of the run before anything is read.
        ProjectorEmbeddings.resolve(dir, "metadata_path", e.metadataPath());
        Path sprite = ProjectorEmbeddings.resolve(dir, "sprite image_path", e.spritePath());
        if (tensor == null) {
          problems.add(file.getFileName() + ": embedding '" + tag + "': tensor file "
              + e.tensorPath() + " not found, skipped");
          continue;
        }
        if (e.spritePath() != null && sprite == null) {
          problems.add(file.getFileName() + ": embedding '" + tag + "': sprite "
              + e.spritePath() + " not found; shown without thumbnails");
        }
        ProjectorEmbeddings.Shape shape = ProjectorEmbeddings.shape(tensor, e.tensorShape());
        Embedding.Builder header =
            Embedding.newBuilder().setRows(shape.rows()).setDims(shape.dims());
        Sprite thumbnails = sprite == null ? null : ProjectorEmbeddings.sprite(dir, e);
        if (thumbnails != null) {
          // Listed with the embedding, so the UI knows there are thumbnails; the bytes stay on disk.
          header.setSprite(thumbnails.toBuilder().clearEncoded());
        }
        sink.tablet(tag, EMBEDDING, "", "", "");
        sink.blob(tag, EMBEDDING, 0, Files.getLastModifiedTime(tensor).toMillis(), 0,
            BuiltinKind.EMBEDDING.payloadVersion(), header.build().toByteArray(),
            4L * shape.rows() * shape.dims(), i);
      } catch (IOException ex) {
        problems.add(file.getFileName() + ": embedding '" + tag + "': " + ex.getMessage()
            + ", skipped");
      }
    }
    return new ReadStatus(a.size(), false, false, List.copyOf(problems));
  }

  @Override
  public void close() {}
}
