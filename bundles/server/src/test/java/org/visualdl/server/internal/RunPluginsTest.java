package org.visualdl.server.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.visualdl.api.frontend.Route;
import org.visualdl.api.frontend.VisualizationPlugin;

class RunPluginsTest {
  private static PluginRegistry.Registered plugin(String name, Map<String, List<String>> tags) {
    VisualizationPlugin p = new VisualizationPlugin() {
      @Override
      public String name() {
        return name;
      }

      @Override
      public String title() {
        return name;
      }

      @Override
      public Map<String, List<String>> tags() {
        if (tags == null) {
          throw new IllegalStateException("broken");
        }
        return tags;
      }

      @Override
      public List<Route> routes() {
        return List.of();
      }
    };
    return new PluginRegistry.Registered(p, null, Map.of());
  }

  @Test
  void eachRunListsThePluginsWithTagsOfItInTabOrder() {
    Map<String, List<String>> byRun = RunPlugins.of(List.of(
        plugin("scalar", Map.of("a", List.of("loss"), "b", List.of("acc"))),
        plugin("broken", null),
        plugin("text", Map.of("b", List.of("notes"), "c", List.of())),
        plugin("pr-curve", Map.of("b", List.of("pr/cat")))));
    assertEquals(Map.of("a", List.of("scalar"), "b", List.of("scalar", "text", "pr-curve")), byRun,
        "a run with an empty tag list, and a plugin that fails, add nothing");
  }
}
