package org.visualdl.server.internal;

import java.net.URL;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.regex.Pattern;
import org.osgi.framework.Bundle;
import org.visualdl.api.frontend.Route;
import org.visualdl.api.frontend.VisualizationPlugin;

/** The plugins registered now, with the bundle each came from (for its UI files). */
final class PluginRegistry {
  private static final Pattern VALID_NAME = Pattern.compile("[a-z0-9][a-z0-9-]{0,63}");

  /** A registered plugin and its bundle. */
  record Registered(VisualizationPlugin plugin, Bundle bundle, Map<String, Route> routes) {}

  private final Map<VisualizationPlugin, Registered> byService = new ConcurrentHashMap<>();

  /**
   * Adds a plugin.
   *
   * @return null when added, otherwise why it was refused
   */
  String add(VisualizationPlugin plugin, Bundle bundle) {
    String name = plugin.name();
    if (name == null || !VALID_NAME.matcher(name).matches()) {
      return "plugin name '" + name + "' is not valid: use lower-case letters, digits and '-'";
    }
    if (find(name).isPresent()) {
      return "a plugin named '" + name + "' is already registered";
    }
    Map<String, Route> routes = new ConcurrentHashMap<>();
    for (Route r : plugin.routes()) {
      if (r.path().equals("tags")) {
        return "plugin '" + name + "' declares the route 'tags', which the server owns";
      }
      routes.put(r.path(), r);
    }
    byService.put(plugin, new Registered(plugin, bundle, Map.copyOf(routes)));
    return null;
  }

  void remove(VisualizationPlugin plugin) {
    byService.remove(plugin);
  }

  Optional<Registered> find(String name) {
    for (Registered r : byService.values()) {
      if (r.plugin().name().equals(name)) {
        return Optional.of(r);
      }
    }
    return Optional.empty();
  }

  List<Registered> all() {
    List<Registered> list = new ArrayList<>(byService.values());
    list.sort(
        Comparator.comparingInt((Registered r) -> r.plugin().order())
            .thenComparing(r -> r.plugin().name()));
    return list;
  }

  /** A file of the plugin's {@code ui/} folder, or empty. The path was checked by the caller. */
  static Optional<URL> uiEntry(Registered r, String safePath) {
    return Optional.ofNullable(r.bundle().getEntry("ui/" + safePath));
  }
}
