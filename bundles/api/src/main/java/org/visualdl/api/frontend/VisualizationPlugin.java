package org.visualdl.api.frontend;

import java.util.List;
import java.util.Map;
import org.osgi.annotation.versioning.ConsumerType;

/**
 * A visualization: a name, routes of the Frontend API and a UI module. Register an implementation
 * as an OSGi service; it appears in {@code GET /api/plugins} while the service is registered.
 */
@ConsumerType
public interface VisualizationPlugin {

  /**
   * The plugin's name: the path segment of its routes and UI ({@code /api/plugins/{name}/...}).
   * Lower-case letters, digits and '-'.
   */
  String name();

  /** The title of the plugin's tab in the UI. */
  String title();

  /** Where the tab goes: plugins are listed by ascending order, then name. */
  default int order() {
    return 100;
  }

  /**
   * The ES module of the plugin's UI, relative to the {@code ui/} folder of the plugin's bundle.
   * It exports {@code render(element, context)} and {@code dispose()}.
   */
  default String uiModule() {
    return "index.js";
  }

  /**
   * The tags this plugin shows, by run: run name to tag names, both sorted. Served as
   * {@code GET /api/plugins/{name}/tags}.
   */
  Map<String, List<String>> tags();

  /** The plugin's routes, mounted under {@code /api/plugins/{name}/}. */
  List<Route> routes();
}
