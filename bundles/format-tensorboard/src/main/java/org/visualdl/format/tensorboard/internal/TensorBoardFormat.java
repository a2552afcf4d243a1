package org.visualdl.format.tensorboard.internal;

import org.visualdl.storage.format.BlobLocator;

import java.io.IOException;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.osgi.service.component.annotations.Component;
import org.visualdl.api.format.LogFile;
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
  /**
   * Plugin names per run folder (the log directory's root URI, then the folder below it) and
   * tag: TF1 writers attach metadata to a tag's first value only.
   */
  private final Map<String, Map<String, String>> tagPlugins = new ConcurrentHashMap<>();

  @Override
  public String name() {
    return "tensorboard";
  }

  @Override
  public boolean recognizes(LogFile file) {
    String n = file.name();
    return n.contains("tfevents") || isProjectorConfig(n);
  }

  static boolean isProjectorConfig(String fileName) {
    return fileName.equals("projector_config.pbtxt") || fileName.endsWith("projector_config.json");
  }

  @Override
  public LogFileReader open(LogFile file) throws IOException {
    if (isProjectorConfig(file.name())) {
      return new ProjectorConfigReader(file);
    }
    Map<String, String> plugins = tagPlugins.computeIfAbsent(runKey(file),
        r -> new ConcurrentHashMap<>());
    return new EventFileReader(file, plugins);
  }

  /** The run folder of a file, for {@link #tagPlugins}: one key per folder of a log directory. */
  private static String runKey(LogFile file) {
    return file.root() + "/" + file.folder();
  }

  /**
   * Reads a blob again: an image as an {@code Image} payload, an audio clip as an {@code Audio}
   * payload, a graph as a {@code GraphModel} payload, an embedding of a projector config as an
   * {@code Embedding} payload (with its sprite), other plugins' data as the serialized
   * {@code Summary.Value}.
   */
  @Override
  public byte[] readBlob(LogFile file, long locator) throws IOException {
    if (isProjectorConfig(file.name())) {
      ProjectorConfig config =
          ProjectorConfig.parse(file.name(), ProjectorEmbeddings.readConfigText(file));
      if (locator < 0 || locator >= config.embeddings().size()) {
        throw new IOException(file.uri() + ": no embedding " + locator
            + " in the projector config");
      }
      return ProjectorEmbeddings.load(file, config.embeddings().get((int) locator))
          .toByteArray();
    }
    byte[] event = EventFileReader.readPayloadAt(file, BlobLocator.offset(locator));
    if (EventLocators.isEventField(locator)) {
      return BlobValues.eventGraph(file, event, BlobLocator.subIndex(locator));
    }
    int[] range = SummaryValues.valueRange(event, BlobLocator.valueIndex(locator));
    if (range == null) {
      throw new IOException(file.uri() + ": no summary value at locator " + locator
          + "; the file changed since it was read");
    }
    Map<String, String> plugins = tagPlugins.getOrDefault(runKey(file), Map.of());
    byte[] payload = BlobValues.valuePayload(event, range, BlobLocator.isFlagged(locator),
        BlobLocator.subIndex(locator), plugins);
    if (payload == null) {
      throw new IOException(file.uri() + ": no image, audio clip or graph at locator " + locator
          + "; the file changed since it was read");
    }
    return payload;
  }
}
