package org.visualdl.plugin.curves.internal;

import com.google.protobuf.InvalidProtocolBufferException;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Supplier;
import org.visualdl.api.Kind;
import org.visualdl.api.LogStore;
import org.visualdl.api.Sample;
import org.visualdl.api.frontend.Param;
import org.visualdl.api.frontend.ParamType;
import org.visualdl.api.frontend.Route;
import org.visualdl.api.frontend.RouteException;
import org.visualdl.api.frontend.RouteRequest;

/**
 * The {@code entries} route of a curve plugin: the kept curves of a run's tag in step order.
 * Payloads of a newer version than the plugin reads, damaged payloads and curves the decoder
 * rejects (null) are left out.
 *
 * <pre>{@code
 * new CurveEntries<>(() -> store, KIND, BuiltinKind.PR_CURVE.payloadVersion(),
 *     (step, wallTime, payload) -> entry(step, wallTime, PrCurve.parseFrom(payload)))
 *     .route("The kept PR curves of a tag ...");
 * }</pre>
 *
 * @param <E> the plugin's entry record
 */
public final class CurveEntries<E> {
  /** Decodes one stored payload into an entry, or null when the curve is inconsistent. */
  @FunctionalInterface
  public interface Decoder<E> {
    E entry(long step, long wallTime, byte[] payload) throws InvalidProtocolBufferException;
  }

  private final Supplier<LogStore> store;
  private final Kind kind;
  private final int newestPayloadVersion;
  private final Decoder<E> decoder;

  /** {@code store} is asked on each request: the component's reference is set after construction. */
  public CurveEntries(
      Supplier<LogStore> store, Kind kind, int newestPayloadVersion, Decoder<E> decoder) {
    this.store = store;
    this.kind = kind;
    this.newestPayloadVersion = newestPayloadVersion;
    this.decoder = decoder;
  }

  /** The route {@code entries?run=&tag=} answering {@link #entries}. */
  public Route route(String description) {
    return new Route(
        "entries",
        List.of(Param.required("run", ParamType.STRING), Param.required("tag", ParamType.STRING)),
        this::entries,
        description);
  }

  /** The kept entries of the request's run and tag; 404 for an unknown run or tag. */
  public List<E> entries(RouteRequest request) {
    LogStore store = this.store.get();
    String run = request.string("run");
    String tag = request.string("tag");
    if (store.runs().stream().noneMatch(r -> r.name().equals(run))) {
      throw RouteException.noSuchRun(run);
    }
    List<Sample> samples =
        store.samples(run, tag, kind).orElseThrow(() -> RouteException.noSuchTag(run, tag));
    List<E> entries = new ArrayList<>(samples.size());
    for (Sample s : samples) {
      if (s.payloadVersion() > newestPayloadVersion) {
        continue; // a schema from a newer SDK: left out, not misread
      }
      try {
        E e = decoder.entry(s.step(), s.wallTimeMs(), s.payload());
        if (e != null) {
          entries.add(e);
        }
      } catch (InvalidProtocolBufferException e) {
        // a damaged payload: left out
      }
    }
    return entries;
  }
}
