package org.visualdl.plugin.image.internal;

import java.io.UncheckedIOException;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;
import org.visualdl.api.ImageSample;
import org.visualdl.api.Kind;
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
    return store.tagsByRun(Kind.IMAGE);
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
                Param.optional("v", ParamType.LONG)),
            this::blob,
            "The encoded bytes (PNG or JPEG) of the kept image at a step."));
  }

  /** One kept image; {@code wallTime} in milliseconds since the epoch. */
  public record Entry(
      long step, long wallTime, int width, int height, int channels, String mediaType,
      long byteSize, String url) {}

  /** The answer of the entries route. */
  public record Entries(String run, String tag, List<Entry> entries) {}

  private Entries entries(RouteRequest request) {
    String run = request.string("run");
    String tag = request.string("tag");
    List<ImageSample> samples = samplesOf(run, tag);
    List<Entry> entries = new ArrayList<>(samples.size());
    for (ImageSample s : samples) {
      entries.add(
          new Entry(
              s.step(), s.wallTimeMs(), s.width(), s.height(), s.channels(), s.mediaType(),
              s.byteSize(), url(run, tag, s)));
    }
    return new Entries(run, tag, entries);
  }

  static String url(String run, String tag, ImageSample s) {
    return BASE + "blob?run=" + encode(run) + "&tag=" + encode(tag) + "&step=" + s.step()
        + "&v=" + s.wallTimeMs();
  }

  private static String encode(String s) {
    return URLEncoder.encode(s, StandardCharsets.UTF_8).replace("+", "%20");
  }

  private BinaryResult blob(RouteRequest request) {
    String run = request.string("run");
    String tag = request.string("tag");
    long step = request.longValue("step", 0);
    ImageSample sample =
        samplesOf(run, tag).stream()
            .filter(s -> s.step() == step)
            .findFirst()
            .orElseThrow(
                () -> RouteException.notFound(
                    "run '" + run + "' keeps no image of tag '" + tag + "' at step " + step));
    boolean versioned = request.optional("v").isPresent();
    if (versioned && request.longValue("v", 0) != sample.wallTimeMs()) {
      throw RouteException.notFound(
          "the image of tag '" + tag + "' at step " + step + " was written again; reload the"
              + " entries for its new URL");
    }
    byte[] bytes;
    try {
      bytes =
          store
              .imageBytes(run, tag, step)
              .orElseThrow(
                  () -> RouteException.notFound(
                      "run '" + run + "' keeps no image of tag '" + tag + "' at step " + step));
    } catch (UncheckedIOException e) {
      throw new RouteException(
          RouteException.Status.UNAVAILABLE,
          "the image of tag '" + tag + "' at step " + step + " can no longer be read: "
              + e.getCause().getMessage());
    }
    // Only a URL that names the image's wall time is cached for good.
    return new BinaryResult(bytes, sample.mediaType(), versioned);
  }

  private List<ImageSample> samplesOf(String run, String tag) {
    if (store.runs().stream().noneMatch(r -> r.name().equals(run))) {
      throw RouteException.notFound("no run named '" + run + "'");
    }
    return store
        .images(run, tag)
        .orElseThrow(
            () -> RouteException.notFound("run '" + run + "' has no image tag '" + tag + "'"));
  }
}
