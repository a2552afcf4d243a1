package org.visualdl.plugin.testing;

import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import org.visualdl.api.frontend.RouteRequest;
import org.visualdl.api.frontend.VisualizationPlugin;

/**
 * Calls a plugin's route as the server would, with already validated parameters:
 * {@code Requests.call(plugin, "entries", "run", run, "tag", tag)}.
 */
public final class Requests {
  private Requests() {}

  public static Object call(VisualizationPlugin plugin, String path, Object... keyValues) {
    Map<String, String> params = new HashMap<>();
    for (int i = 0; i < keyValues.length; i += 2) {
      params.put((String) keyValues[i], String.valueOf(keyValues[i + 1]));
    }
    return plugin.routes().stream()
        .filter(r -> r.path().equals(path))
        .findFirst()
        .orElseThrow()
        .handler()
        .handle(request(params));
  }

  public static RouteRequest request(Map<String, String> params) {
    return new RouteRequest() {
      public String string(String name) {
        return params.get(name);
      }

      public Optional<String> optional(String name) {
        return Optional.ofNullable(params.get(name));
      }

      public long longValue(String name, long fallback) {
        return params.containsKey(name) ? Long.parseLong(params.get(name)) : fallback;
      }

      public int intValue(String name, int fallback) {
        return params.containsKey(name) ? Integer.parseInt(params.get(name)) : fallback;
      }

      public double doubleValue(String name, double fallback) {
        return params.containsKey(name) ? Double.parseDouble(params.get(name)) : fallback;
      }

      public boolean booleanValue(String name, boolean fallback) {
        return params.containsKey(name) ? Boolean.parseBoolean(params.get(name)) : fallback;
      }
    };
  }
}
