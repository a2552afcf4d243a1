package org.visualdl.plugin.image.internal;

import java.io.UncheckedIOException;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;
import org.visualdl.api.BlobRef;
import com.google.protobuf.InvalidProtocolBufferException;
import org.visualdl.api.Kind;
import org.visualdl.proto.BuiltinKind;
import org.visualdl.proto.Image;
import org.visualdl.api.LogStore;
import org.visualdl.api.frontend.BinaryResult;
import org.visualdl.api.frontend.Param;
import org.visualdl.api.frontend.ParamType;
import org.visualdl.api.frontend.Route;
import org.visualdl.api.frontend.RouteException;
import org.visualdl.api.frontend.RouteRequest;
import org.visualdl.api.frontend.VisualizationPlugin;

/**
 * Sample images: the kept images of a tag with their size, and each image's encoded bytes as
 * written. The bytes' URL names the wall time of the image it serves, so browsers may cache it
 * for good: a step written again (a resumed run) gets a new URL.
 */
@Component(service = VisualizationPlugin.class)
public final class ImagePlugin implements VisualizationPlugin {
  static final String BASE = "/api/plugins/image/";
  static final Kind KIND = new Kind(BuiltinKind.IMAGE.kindName());

  @Reference private LogStore store;

  /** For tests outside OSGi. */
  static ImagePlugin over(LogStore store) {
    ImagePlugin p = new ImagePlugin();
    p.store = store;
    return p;
  }

  @Override
  public String name() {
    return "image";
  }

  @Override
  public String title() {
    return "Images";
  }

  @Override
  public int order() {
    return 30;
  }

  @Override
  public Map<String, List<String>> tags() {
    return store.tagsByRun(KIND);
  }

  @Override
  public List<Route> routes() {
    return List.of(
        new Route(
            "entries",
            List.of(Param.required("run", ParamType.STRING), Param.required("tag", ParamType.STRING)),
            this::entries,
            "The kept images of a tag in step order, with the URL of each image's bytes."),
        new Route(
            "blob",
            List.of(
                Param.required("run", ParamType.STRING),
                Param.required("tag", ParamType.STRING),
                Param.required("step", ParamType.LONG),
                Param.optional("index", ParamType.INT),
                Param.optional("v", ParamType.LONG)),
            this::blob,
            "The encoded bytes (PNG or JPEG) of the kept image at a step (and index, default 0)."));
  }

  /**
   * One kept image; {@code wallTime} in milliseconds since the epoch; {@code index} its position
   * among the images of its step, from 0.
   */
  public record Entry(
      long step, long wallTime, int width, int height, int channels, String mediaType,
      long byteSize, String url, int index) {}

  /** The answer of the entries route. */
  public record Entries(String run, String tag, List<Entry> entries) {}

  private Entries entries(RouteRequest request) {
    String run = request.string("run");
    String tag = request.string("tag");
    List<KeptImage> images = imagesOf(run, tag);
    List<Entry> entries = new ArrayList<>(images.size());
    for (KeptImage k : images) {
      Image h = k.header();
      entries.add(
          new Entry(
              k.ref().step(), k.ref().wallTimeMs(), h.getWidth(), h.getHeight(), h.getChannels(),
              h.getMediaType(), k.ref().byteSize(), url(run, tag, k.ref()), k.ref().index()));
    }
    return new Entries(run, tag, entries);
  }

  /** A kept image: its reference and its header (the image message without its bytes). */
  private record KeptImage(BlobRef ref, Image header) {}

  static String url(String run, String tag, BlobRef ref) {
    return BASE + "blob?run=" + encode(run) + "&tag=" + encode(tag) + "&step=" + ref.step()
        + (ref.index() == 0 ? "" : "&index=" + ref.index()) + "&v=" + ref.wallTimeMs();
  }

  private static String encode(String s) {
    return URLEncoder.encode(s, StandardCharsets.UTF_8).replace("+", "%20");
  }

  private BinaryResult blob(RouteRequest request) {
    String run = request.string("run");
    String tag = request.string("tag");
    long step = request.longValue("step", 0);
    int index = request.intValue("index", 0);
    String which = "at step " + step + (index == 0 ? "" : ", index " + index);
    KeptImage kept =
        imagesOf(run, tag).stream()
            .filter(k -> k.ref().step() == step && k.ref().index() == index)
            .findFirst()
            .orElseThrow(
                () -> RouteException.notFound(
                    "run '" + run + "' keeps no image of tag '" + tag + "' " + which));
    boolean versioned = request.optional("v").isPresent();
    if (versioned && request.longValue("v", 0) != kept.ref().wallTimeMs()) {
      throw RouteException.notFound(
          "the image of tag '" + tag + "' " + which + " was written again; reload the"
              + " entries for its new URL");
    }
    Image image;
    try {
      byte[] payload =
          store
              .blob(run, tag, KIND, step, index)
              .orElseThrow(
                  () -> RouteException.notFound(
                      "run '" + run + "' keeps no image of tag '" + tag + "' " + which));
      image = Image.parseFrom(payload);
    } catch (UncheckedIOException e) {
      throw new RouteException(
          RouteException.Status.UNAVAILABLE,
          "the image of tag '" + tag + "' " + which + " can no longer be read: "
              + e.getCause().getMessage());
    } catch (InvalidProtocolBufferException e) {
      throw new RouteException(
          RouteException.Status.UNAVAILABLE,
          "the image of tag '" + tag + "' " + which + " is damaged on disk: " + e.getMessage());
    }
    // Only a URL that names the image's wall time is cached for good.
    return new BinaryResult(image.getEncoded().toByteArray(), kept.header().getMediaType(),
        versioned);
  }

  /**
   * The kept images of a tablet, headers decoded; images of a newer payload version than this
   * plugin reads are left out.
   */
  private List<KeptImage> imagesOf(String run, String tag) {
    if (store.runs().stream().noneMatch(r -> r.name().equals(run))) {
      throw RouteException.noSuchRun(run);
    }
    List<BlobRef> refs =
        store.blobs(run, tag, KIND).orElseThrow(() -> RouteException.noSuchTag(run, tag));
    List<KeptImage> out = new ArrayList<>(refs.size());
    for (BlobRef ref : refs) {
      if (ref.payloadVersion() > BuiltinKind.IMAGE.payloadVersion()) {
        continue;
      }
      try {
        out.add(new KeptImage(ref, Image.parseFrom(ref.header())));
      } catch (InvalidProtocolBufferException e) {
        // A damaged header: the image is not listed.
      }
    }
    return out;
  }
}
