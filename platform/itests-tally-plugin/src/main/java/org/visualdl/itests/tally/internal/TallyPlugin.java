package org.visualdl.itests.tally.internal;

import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;
import org.visualdl.api.BlobRef;
import org.visualdl.api.Kind;
import org.visualdl.api.LogStore;
import org.visualdl.api.Sample;
import org.visualdl.api.frontend.Param;
import org.visualdl.api.frontend.ParamType;
import org.visualdl.api.frontend.Route;
import org.visualdl.api.frontend.RouteException;
import org.visualdl.api.frontend.VisualizationPlugin;

/**
 * The kind {@code tally}, version 1: a payload of one big-endian 8-byte count. Written as
 * samples, the count is in memory; written as blobs, the header holds the count's label (UTF-8)
 * and the count is read again from disk. The {@code values} route answers both.
 */
@Component(service = VisualizationPlugin.class)
public final class TallyPlugin implements VisualizationPlugin {
  static final Kind KIND = new Kind("tally");
  static final int PAYLOAD_VERSION = 1;

  @Reference private LogStore store;

  @Override
  public String name() {
    return "tally";
  }

  @Override
  public String title() {
    return "Tallies";
  }

  @Override
  public Map<String, List<String>> tags() {
    return store.tagsByRun(KIND);
  }

  /** One step of a tally; {@code label} is the blob header, empty for samples. */
  public record Value(long step, long count, String label) {}

  /** The answer of the values route: which shape the tag holds, and its values. */
  public record Values(String run, String tag, String shape, List<Value> values) {}

  @Override
  public List<Route> routes() {
    return List.of(new Route("values",
        List.of(Param.required("run", ParamType.STRING), Param.required("tag", ParamType.STRING)),
        request -> values(request.string("run"), request.string("tag")),
        "The counts of a tally tag, in step order."));
  }

  private Values values(String run, String tag) {
    if (store.runs().stream().noneMatch(r -> r.name().equals(run))) {
      throw RouteException.noSuchRun(run);
    }
    List<Value> out = new ArrayList<>();
    var samples = store.samples(run, tag, KIND);
    if (samples.isPresent()) {
      for (Sample s : samples.get()) {
        if (s.payloadVersion() == PAYLOAD_VERSION) {
          out.add(new Value(s.step(), ByteBuffer.wrap(s.payload()).getLong(), ""));
        }
      }
      return new Values(run, tag, "samples", out);
    }
    List<BlobRef> blobs = store.blobs(run, tag, KIND).orElseThrow(
        () -> RouteException.noSuchTag(run, tag));
    for (BlobRef b : blobs) {
      if (b.payloadVersion() == PAYLOAD_VERSION) {
        byte[] payload = store.blob(run, tag, KIND, b.step(), b.index()).orElseThrow();
        out.add(new Value(b.step(), ByteBuffer.wrap(payload).getLong(),
            new String(b.header(), java.nio.charset.StandardCharsets.UTF_8)));
      }
    }
    return new Values(run, tag, "blobs", out);
  }
}
