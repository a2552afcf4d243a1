package org.visualdl.plugin.audio.internal;

import com.google.protobuf.InvalidProtocolBufferException;
import java.io.UncheckedIOException;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;
import org.visualdl.api.BlobRef;
import org.visualdl.api.Kind;
import org.visualdl.api.LogStore;
import org.visualdl.api.frontend.BinaryResult;
import org.visualdl.api.frontend.Param;
import org.visualdl.api.frontend.ParamType;
import org.visualdl.api.frontend.Route;
import org.visualdl.api.frontend.RouteException;
import org.visualdl.api.frontend.RouteRequest;
import org.visualdl.api.frontend.VisualizationPlugin;
import org.visualdl.proto.Audio;
import org.visualdl.proto.BuiltinKind;

/**
 * Audio clips by step: a listing from the blob headers kept in memory, and each clip's encoded
 * bytes read again from disk. The bytes' URL names the clip's wall time, so browsers may cache it
 * for good (a step written again gets a new URL); the server answers Range requests on it, so a
 * player can seek.
 */
@Component(service = VisualizationPlugin.class)
public final class AudioPlugin implements VisualizationPlugin {
  static final Kind KIND = new Kind(BuiltinKind.AUDIO.kindName());
  static final String BASE = "/api/plugins/audio/";
  static final String DEFAULT_CONTENT_TYPE = "audio/wav";

  @Reference private LogStore store;

  /** For tests outside OSGi. */
  static AudioPlugin over(LogStore store) {
    AudioPlugin p = new AudioPlugin();
    p.store = store;
    return p;
  }

  @Override
  public String name() {
    return "audio";
  }

  @Override
  public String title() {
    return "Audio";
  }

  @Override
  public int order() {
    return 55;
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
            "The kept audio clips of a tag in step order, with the URL of each clip's bytes."),
        new Route(
            "blob",
            List.of(
                Param.required("run", ParamType.STRING),
                Param.required("tag", ParamType.STRING),
                Param.required("step", ParamType.LONG),
                Param.optional("index", ParamType.INT),
                Param.optional("v", ParamType.LONG)),
            this::blob,
            "The encoded bytes (a WAV file from our SDKs) of the clip at a step."));
  }

  /**
   * One kept clip; {@code wallTime} in milliseconds since the epoch, {@code frames} samples per
   * channel, {@code index} its place among the clips of its step.
   */
  public record Entry(
      long step, long wallTime, int index, long sampleRate, int channels, long frames,
      String contentType, long byteSize, String url) {}

  private List<Entry> entries(RouteRequest request) {
    String run = request.string("run");
    String tag = request.string("tag");
    List<Entry> entries = new ArrayList<>();
    for (BlobRef ref : refsOf(run, tag)) {
      if (ref.payloadVersion() > BuiltinKind.AUDIO.payloadVersion()) {
        continue; // a schema from a newer SDK: left out, not misread
      }
      Audio header;
      try {
        header = Audio.parseFrom(ref.header());
      } catch (InvalidProtocolBufferException e) {
        continue;
      }
      entries.add(
          new Entry(
              ref.step(), ref.wallTimeMs(), ref.index(), header.getSampleRate(),
              header.getChannels(), header.getFrames(), contentType(header), ref.byteSize(),
              url(run, tag, ref)));
    }
    return entries;
  }

  static String url(String run, String tag, BlobRef ref) {
    return BASE + "blob?run=" + encode(run) + "&tag=" + encode(tag) + "&step=" + ref.step()
        + (ref.index() == 0 ? "" : "&index=" + ref.index()) + "&v=" + ref.wallTimeMs();
  }

  private static String encode(String s) {
    return URLEncoder.encode(s, StandardCharsets.UTF_8).replace("+", "%20");
  }

  private static String contentType(Audio audio) {
    return audio.getContentType().isEmpty() ? DEFAULT_CONTENT_TYPE : audio.getContentType();
  }

  private BinaryResult blob(RouteRequest request) {
    String run = request.string("run");
    String tag = request.string("tag");
    long step = request.longValue("step", 0);
    int index = request.intValue("index", 0);
    String clip = "audio of tag '" + tag + "' at step " + step
        + (index == 0 ? "" : " (index " + index + ")");
    String where = "the " + clip;
    BlobRef ref =
        refsOf(run, tag).stream()
            .filter(r -> r.step() == step && r.index() == index)
            .findFirst()
            .orElseThrow(() -> RouteException.notFound("run '" + run + "' keeps no " + clip));
    boolean versioned = request.optional("v").isPresent();
    if (versioned && request.longValue("v", 0) != ref.wallTimeMs()) {
      throw RouteException.notFound(where + " was written again; reload the entries for its new URL");
    }
    if (ref.payloadVersion() > BuiltinKind.AUDIO.payloadVersion()) {
      throw RouteException.notFound(where + " was written by a newer VisualDL; update the server");
    }
    Audio audio;
    try {
      byte[] payload =
          store
              .blob(run, tag, KIND, step, index)
              .orElseThrow(() -> RouteException.notFound("run '" + run + "' keeps no " + clip));
      audio = Audio.parseFrom(payload);
    } catch (UncheckedIOException e) {
      throw new RouteException(
          RouteException.Status.UNAVAILABLE,
          where + " can no longer be read: " + e.getCause().getMessage());
    } catch (InvalidProtocolBufferException e) {
      throw new RouteException(
          RouteException.Status.UNAVAILABLE, where + " is damaged in the log file: " + e.getMessage());
    }
    // Only a URL that names the clip's wall time is cached for good.
    return new BinaryResult(audio.getEncoded().toByteArray(), contentType(audio), versioned);
  }

  private List<BlobRef> refsOf(String run, String tag) {
    if (store.runs().stream().noneMatch(r -> r.name().equals(run))) {
      throw RouteException.noSuchRun(run);
    }
    return store.blobs(run, tag, KIND).orElseThrow(() -> RouteException.noSuchTag(run, tag));
  }
}
