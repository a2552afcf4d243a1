package org.visualdl.sdk.internal;

import com.google.protobuf.ByteString;
import java.awt.Graphics2D;
import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.util.List;
import java.util.Objects;
import javax.imageio.ImageIO;
import org.visualdl.proto.Embedding;
import org.visualdl.proto.Entry;
import org.visualdl.proto.Histogram;
import org.visualdl.proto.Image;
import org.visualdl.proto.MetadataRow;
import org.visualdl.proto.PluginData;
import org.visualdl.proto.Text;

/** Builds the {@link Entry} of each kind from what a caller passes, checking it on the way. */
public final class Entries {
  private Entries() {}

  public static Entry histogram(Histogram h) {
    return Entry.newBuilder().setHistogram(h).build();
  }

  /**
   * An encoded PNG or JPEG, stored byte for byte; size and channels come from its header.
   *
   * @throws IllegalArgumentException when the bytes are neither PNG nor JPEG
   */
  public static Entry encodedImage(byte[] encodedPngOrJpeg) {
    ImageHeaders.Info info = ImageHeaders.read(encodedPngOrJpeg);
    Image image =
        Image.newBuilder()
            .setEncoded(ByteString.copyFrom(encodedPngOrJpeg))
            .setMediaType(info.mediaType())
            .setWidth(info.width())
            .setHeight(info.height())
            .setChannels(info.channels())
            .build();
    return Entry.newBuilder().setImage(image).build();
  }

  /** A private copy, so the caller may change its image once the call returns. */
  public static BufferedImage copy(BufferedImage image) {
    Objects.requireNonNull(image, "image");
    if (image.getType() == BufferedImage.TYPE_CUSTOM) {
      BufferedImage copy =
          new BufferedImage(image.getWidth(), image.getHeight(), BufferedImage.TYPE_INT_ARGB);
      Graphics2D g = copy.createGraphics();
      g.drawImage(image, 0, 0, null);
      g.dispose();
      return copy;
    }
    return new BufferedImage(
        image.getColorModel(), image.copyData(null), image.isAlphaPremultiplied(), null);
  }

  /** Encodes an image as PNG (on the writer's background thread). */
  public static Entry png(BufferedImage image) throws IOException {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    if (!ImageIO.write(image, "png", out)) {
      throw new IOException("no PNG encoder available for image type " + image.getType());
    }
    Image.Builder img =
        Image.newBuilder()
            .setEncoded(ByteString.copyFrom(out.toByteArray()))
            .setMediaType("image/png")
            .setWidth(image.getWidth())
            .setHeight(image.getHeight())
            .setChannels(image.getColorModel().getNumComponents());
    return Entry.newBuilder().setImage(img).build();
  }

  /**
   * An embedding matrix with optional labels (null or empty for none) and optional metadata
   * columns (both header and rows null for none).
   */
  public static Entry embedding(
      float[][] vectors, List<String> labels, List<String> header, List<List<String>> rows) {
    Objects.requireNonNull(vectors, "vectors");
    if (vectors.length == 0) {
      throw new IllegalArgumentException("embedding has no vectors");
    }
    int dims = vectors[0] == null ? 0 : vectors[0].length;
    if (dims == 0) {
      throw new IllegalArgumentException("embedding vectors must not be empty");
    }
    Embedding.Builder e = Embedding.newBuilder().setRows(vectors.length).setDims(dims);
    for (int r = 0; r < vectors.length; r++) {
      float[] v = vectors[r];
      if (v == null || v.length != dims) {
        throw new IllegalArgumentException(
            "embedding vector " + r + " has " + (v == null ? 0 : v.length) + " values; vector 0"
                + " has " + dims + ": all vectors must have the same length");
      }
      for (float x : v) {
        e.addValues(x);
      }
    }
    if (labels != null && !labels.isEmpty()) {
      if (labels.size() != vectors.length) {
        throw new IllegalArgumentException(
            "embedding has " + vectors.length + " vectors but " + labels.size() + " labels");
      }
      for (String l : labels) {
        e.addLabels(l == null ? "" : l);
      }
    }
    if (header != null || rows != null) {
      if (header == null || header.isEmpty() || rows == null) {
        throw new IllegalArgumentException(
            "embedding metadata needs both a non-empty header and one row per vector");
      }
      if (rows.size() != vectors.length) {
        throw new IllegalArgumentException(
            "embedding has " + vectors.length + " vectors but " + rows.size() + " metadata rows");
      }
      e.addAllMetadataHeader(header);
      for (int r = 0; r < rows.size(); r++) {
        List<String> row = rows.get(r);
        if (row == null || row.size() != header.size()) {
          throw new IllegalArgumentException(
              "embedding metadata row " + r + " has " + (row == null ? 0 : row.size())
                  + " cells; the header has " + header.size());
        }
        MetadataRow.Builder mr = MetadataRow.newBuilder();
        for (String cell : row) {
          mr.addCells(cell == null ? "" : cell);
        }
        e.addMetadataRows(mr);
      }
    }
    return Entry.newBuilder().setEmbedding(e).build();
  }

  public static Entry text(String markdown) {
    Objects.requireNonNull(markdown, "markdown");
    return Entry.newBuilder().setText(Text.newBuilder().setMarkdown(markdown)).build();
  }

  public static Entry pluginData(String plugin, int dataVersion, byte[] data, byte[] header) {
    Objects.requireNonNull(data, "data");
    Names.check("plugin name", plugin);
    if (dataVersion < 0) {
      throw new IllegalArgumentException("plugin data version must be >= 0, was " + dataVersion);
    }
    PluginData pd =
        PluginData.newBuilder()
            .setPluginName(plugin)
            .setDataVersion(dataVersion)
            .setData(ByteString.copyFrom(data))
            .setHeader(header == null ? ByteString.EMPTY : ByteString.copyFrom(header))
            .build();
    return Entry.newBuilder().setPluginData(pd).build();
  }
}
