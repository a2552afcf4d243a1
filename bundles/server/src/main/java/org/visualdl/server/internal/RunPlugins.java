package org.visualdl.server.internal;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * Which plugins have data of each run ({@code GET /api/runs/plugins}), so that an empty tab can
 * say where a run's data is. The server knows plugins, not kinds: a plugin has data of a run when
 * its {@code tags()} lists at least one tag for that run.
 */
final class RunPlugins {
  private RunPlugins() {}

  /** Run name to the names of the plugins that list tags for it, in tab order. */
  static Map<String, List<String>> of(List<PluginRegistry.Registered> plugins) {
    Map<String, List<String>> byRun = new TreeMap<>();
    for (PluginRegistry.Registered r : plugins) {
      Map<String, List<String>> tags;
      try {
        tags = r.plugin().tags();
      } catch (RuntimeException e) {
        // One broken plugin must not hide where the other plugins' data is.
        continue;
      }
      if (tags == null) {
        continue;
      }
      for (Map.Entry<String, List<String>> e : tags.entrySet()) {
        if (e.getValue() != null && !e.getValue().isEmpty()) {
          byRun.computeIfAbsent(e.getKey(), k -> new ArrayList<>()).add(r.plugin().name());
        }
      }
    }
    return byRun;
  }
}
