package org.visualdl.api.frontend;

import java.util.List;
import java.util.Objects;
import java.util.regex.Pattern;

/**
 * One GET route of a plugin.
 *
 * @param path the path below the plugin's base, for example {@code "series"} (letters, digits,
 *     '-', '_' and '/' between segments)
 * @param params the query parameters the route takes; the server rejects a request that lacks a
 *     required one or whose value does not parse as its type, and passes no undeclared parameter
 * @param handler computes the answer
 * @param description one line for the documentation
 */
public record Route(String path, List<Param> params, RouteHandler handler, String description) {
  private static final Pattern VALID_PATH = Pattern.compile("[A-Za-z0-9_-]+(/[A-Za-z0-9_-]+)*");

  public Route {
    Objects.requireNonNull(handler, "handler");
    if (path == null || !VALID_PATH.matcher(path).matches()) {
      throw new IllegalArgumentException("route path '" + path + "' is not valid");
    }
    params = List.copyOf(params);
  }

  /** A route without a description. */
  public static Route get(String path, List<Param> params, RouteHandler handler) {
    return new Route(path, params, handler, "");
  }
}
