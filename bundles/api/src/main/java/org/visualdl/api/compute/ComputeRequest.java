package org.visualdl.api.compute;

import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;

/**
 * A request for a computation's result. Two requests with the same computation, parameters and
 * inputs share one result.
 *
 * @param computation the {@link Computation#name()}
 * @param params the computation's parameters
 * @param inputs the tablets the result is computed from; new data in any of them makes the result
 *     stale
 */
public record ComputeRequest(String computation, Map<String, String> params, List<TabletRef> inputs) {
  public ComputeRequest {
    Objects.requireNonNull(computation, "computation");
    params = Map.copyOf(new TreeMap<>(params));
    inputs = List.copyOf(inputs);
  }
}
