package org.visualdl.format.tensorboard.internal;

import org.visualdl.proto.BuiltinKind;
import org.visualdl.proto.Embedding;
import org.visualdl.proto.Sprite;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import org.visualdl.api.Kind;
import org.visualdl.api.format.LogFile;
import org.visualdl.api.storage.FileStat;
import org.visualdl.api.format.LogFileReader;
import org.visualdl.api.format.ReadStatus;
import org.visualdl.api.format.RecordSink;

/**
 * Reads a projector config ({@code projector_config.pbtxt} or {@code *projector_config.json}):
 * each embedding it lists becomes an {@code embedding} blob at step 0 of a tag named by its tensor
 * name, on the run that holds the config. The config is rewritten rather than appended, so it is
 * read again whenever its size or modification time changes (as the log directory's listing
 * says). Every file is read through the config's {@link LogFile}: the files it names are found
 * with {@link LogFile#lookup}, so none outside the log directory is ever read.
 */
final class ProjectorConfigReader implements LogFileReader {
  private static final Kind EMBEDDING = new Kind(BuiltinKind.EMBEDDING.kindName());
  private final LogFile file;
  private long lastSize = -1;
  private long lastModified = -1;

  ProjectorConfigReader(LogFile file) {
    this.file = file;
  }

  @Override
  public ReadStatus readAvailable(RecordSink sink) throws IOException {
    FileStat a = file.stat();
    if (a.size() == lastSize && a.modifiedMs() == lastModified) {
      return new ReadStatus(0, false, false, List.of());
    }
    lastSize = a.size();
    lastModified = a.modifiedMs();
    List<String> problems = new ArrayList<>();
    ProjectorConfig config;
    try {
      config = ProjectorConfig.parse(file.name(), ProjectorEmbeddings.readConfigText(file));
    } catch (IOException e) {
      problems.add(file.name() + ": not a readable projector config: " + e.getMessage());
      return new ReadStatus(a.size(), false, false, problems);
    }
    List<ProjectorConfig.Entry> entries = config.embeddings();
    for (int i = 0; i < entries.size(); i++) {
      ProjectorConfig.Entry e = entries.get(i);
      String tag = ProjectorEmbeddings.tag(e, i);
      try {
        LogFile tensor = ProjectorEmbeddings.resolve(file, "tensor_path", e.tensorPath());
        // Refuses paths out of the run before anything is read.
        ProjectorEmbeddings.resolve(file, "metadata_path", e.metadataPath());
        LogFile sprite = ProjectorEmbeddings.resolve(file, "sprite image_path", e.spritePath());
        if (tensor == null) {
          problems.add(file.name() + ": embedding '" + tag + "': tensor file "
              + e.tensorPath() + " not found, skipped");
          continue;
        }
        if (e.spritePath() != null && sprite == null) {
          problems.add(file.name() + ": embedding '" + tag + "': sprite "
              + e.spritePath() + " not found; shown without thumbnails");
        }
        ProjectorEmbeddings.Shape shape = ProjectorEmbeddings.shape(tensor, e.tensorShape());
        Embedding.Builder header =
            Embedding.newBuilder().setRows(shape.rows()).setDims(shape.dims());
        Sprite thumbnails = sprite == null ? null : ProjectorEmbeddings.sprite(file, e);
        if (thumbnails != null) {
          // Listed with the embedding, so the UI knows there are thumbnails; the bytes stay on disk.
          header.setSprite(thumbnails.toBuilder().clearEncoded());
        }
        sink.tablet(tag, EMBEDDING, "", "", "");
        sink.blob(tag, EMBEDDING, 0, tensor.stat().modifiedMs(), 0,
            BuiltinKind.EMBEDDING.payloadVersion(), header.build().toByteArray(),
            4L * shape.rows() * shape.dims(), i);
      } catch (IOException ex) {
        problems.add(file.name() + ": embedding '" + tag + "': " + ex.getMessage()
            + ", skipped");
      }
    }
    return new ReadStatus(a.size(), false, false, List.copyOf(problems));
  }

  @Override
  public void close() {}
}
