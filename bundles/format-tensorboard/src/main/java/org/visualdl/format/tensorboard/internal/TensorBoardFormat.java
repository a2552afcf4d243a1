package org.visualdl.format.tensorboard.internal;

import org.visualdl.storage.format.BlobLocator;

import java.io.IOException;
import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.osgi.service.component.annotations.Component;
import org.visualdl.api.format.LogFileReader;
import org.visualdl.api.format.LogFormat;
import org.visualdl.proto.Image;

/**
 * TensorBoard's logs: event files (any file whose name contains {@code tfevents}) written by
 * TensorFlow 1.x/2.x, PyTorch and tensorboardX, and projector configs
 * ({@code projector_config.pbtxt}, {@code *projector_config.json}) for embeddings.
 *
 * <p>Histograms, texts, PR curves and hparams become samples of the built-in payloads; images
 * ({@code Image}), audio ({@code Audio}), graphs ({@code GraphModel}) and projector embeddings
 * ({@code Embedding}) become blobs. Locators: for summary values, the record's offset, the value's
 * index in its summary and the image's or clip's index in a TF2 tensor ({@link BlobLocator}); for
 * the graphs of Event fields, the field number (see {@link EventLocators});
 * for embeddings, the index of the embedding in the config. Plugin data is
 * read again as the serialized {@code Summary.Value} (tag, metadata when the writer attached it
 * there, tensor), so a plugin bundle can decode it with TensorBoard's own definitions.
 */
@Component(service = LogFormat.class)
public final class TensorBoardFormat implements LogFormat {
  /** Plugin names per run folder and tag: TF1 writers attach metadata to a tag's first value only. */
  private final Map<Path, Map<String, String>> tagPlugins = new ConcurrentHashMap<>();

  @Override
  public String name() {
    return "tensorboard";
  }

  @Override
  public boolean recognizes(Path file) {
    Path name = file.getFileName();
    if (name == null) {
      return false;
    }
    String n = name.toString();
    return n.contains("tfevents") || isProjectorConfig(n);
  }

  static boolean isProjectorConfig(String fileName) {
    return fileName.equals("projector_config.pbtxt") || fileName.endsWith("projector_config.json");
  }

  @Override
  public LogFileReader open(Path file) throws IOException {
    if (isProjectorConfig(file.getFileName().toString())) {
      return new ProjectorConfigReader(file);
    }
    Path run = file.toAbsolutePath().getParent();
    Map<String, String> plugins = tagPlugins.computeIfAbsent(run == null ? Path.of("") : run,
        r -> new ConcurrentHashMap<>());
    return new EventFileReader(file, plugins);
  }

  /**
   * Reads a blob again: an image as an {@code Image} payload, an audio clip as an {@code Audio}
   * payload, a graph as a {@code GraphModel} payload, an embedding of a projector config as an
   * {@code Embedding} payload (with its sprite), other plugins' data as the serialized
   * {@code Summary.Value}.
   */
  @Override
  public byte[] readBlob(Path file, long locator) throws IOException {
    if (isProjectorConfig(file.getFileName().toString())) {
      ProjectorConfig config = ProjectorConfig.parse(file.getFileName().toString(),
          ProjectorEmbeddings.readConfigText(file));
      if (locator < 0 || locator >= config.embeddings().size()) {
        throw new IOException(file + ": no embedding " + locator + " in the projector config");
      }
      return ProjectorEmbeddings.load(file.toAbsolutePath().getParent(),
          config.embeddings().get((int) locator)).toByteArray();
    }
    byte[] event = EventFileReader.readPayloadAt(file, BlobLocator.offset(locator));
    if (EventLocators.isEventField(locator)) {
      return BlobValues.eventGraph(file, event, BlobLocator.subIndex(locator));
    }
    int[] range = SummaryValues.valueRange(event, BlobLocator.valueIndex(locator));
    if (range == null) {
      throw new IOException(file + ": no summary value at locator " + locator
          + "; the file changed since it was read");
    }
    Path run = file.toAbsolutePath().getParent();
    Map<String, String> plugins = tagPlugins.getOrDefault(run == null ? Path.of("") : run, Map.of());
    byte[] payload = BlobValues.valuePayload(event, range, BlobLocator.isFlagged(locator),
        BlobLocator.subIndex(locator), plugins);
    if (payload == null) {
      throw new IOException(file + ": no image, audio clip or graph at locator " + locator
          + "; the file changed since it was read");
    }
    return payload;
  }
}
