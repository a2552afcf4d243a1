package org.visualdl.plugin.hparams.internal;

import com.google.protobuf.InvalidProtocolBufferException;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.visualdl.api.Sample;
import org.visualdl.proto.BuiltinKind;
import org.visualdl.proto.Hparam;
import org.visualdl.proto.Hparams;

/**
 * One run's hparams record, decoded: values by name in the record's order ({@code Double},
 * {@code String} or {@code Boolean}) and the scalar tags it names as metrics.
 */
record RunHparams(Map<String, Object> values, List<String> metricTags) {

  /**
   * The newest readable record among the samples that holds hyper-parameters, else the newest
   * that holds none (metrics only, as TensorBoard's experiment summary): latest wall time, then
   * largest step, then the one given last. Samples of a newer payload version than this build
   * knows, or that do not parse, are passed over.
   */
  static Optional<RunHparams> newest(Iterable<Sample> samples) {
    Optional<RunHparams> withValues = newest(samples, true);
    return withValues.isPresent() ? withValues : newest(samples, false);
  }

  /** Whether the record is a session (it holds hyper-parameters) rather than metric names only. */
  boolean isSession() {
    return !values.isEmpty();
  }

  private static Optional<RunHparams> newest(Iterable<Sample> samples, boolean withValues) {
    Sample best = null;
    RunHparams decoded = null;
    for (Sample s : samples) {
      if (best != null
          && (s.wallTimeMs() < best.wallTimeMs()
              || (s.wallTimeMs() == best.wallTimeMs() && s.step() < best.step()))) {
        continue;
      }
      Optional<RunHparams> d = decode(s);
      if (d.isPresent() && d.get().isSession() == withValues) {
        best = s;
        decoded = d.get();
      }
    }
    return Optional.ofNullable(decoded);
  }

  /** The record in one sample, or empty when it is of a newer version or does not parse. */
  static Optional<RunHparams> decode(Sample s) {
    if (s.payloadVersion() > BuiltinKind.HPARAMS.payloadVersion()) {
      return Optional.empty();
    }
    Hparams h;
    try {
      h = Hparams.parseFrom(s.payload());
    } catch (InvalidProtocolBufferException e) {
      return Optional.empty();
    }
    Map<String, Object> values = new LinkedHashMap<>();
    for (Hparam p : h.getHparamsList()) {
      Object v = switch (p.getValueCase()) {
        case NUMBER -> p.getNumber();
        case TEXT -> p.getText();
        case FLAG -> p.getFlag();
        case VALUE_NOT_SET -> null;
      };
      if (v != null && !p.getName().isEmpty()) {
        values.put(p.getName(), v); // a name given twice: the later value
      }
    }
    List<String> metrics = List.copyOf(new LinkedHashSet<>(h.getMetricTagsList()));
    return Optional.of(new RunHparams(Collections.unmodifiableMap(values), metrics));
  }
}
