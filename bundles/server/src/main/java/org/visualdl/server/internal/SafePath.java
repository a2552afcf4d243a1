package org.visualdl.server.internal;

import org.visualdl.api.frontend.RouteException;

/** Checks relative file paths taken from URLs, so none can leave the folder it is served from. */
final class SafePath {
  private SafePath() {}

  /**
   * Returns the path when every segment is a plain file or folder name.
   *
   * @throws RouteException (400) for empty, absolute, backslashed, '.' or '..' segments
   */
  static String check(String path) {
    if (path == null || path.isEmpty() || path.length() > 512) {
      throw RouteException.badRequest("file path is empty or too long");
    }
    if (path.startsWith("/") || path.indexOf('\\') >= 0 || path.indexOf('\0') >= 0) {
      throw RouteException.badRequest("file path '" + path + "' is not allowed");
    }
    for (String segment : path.split("/", -1)) {
      if (segment.isEmpty() || segment.equals(".") || segment.equals("..")
          || segment.indexOf(':') >= 0) {
        throw RouteException.badRequest("file path '" + path + "' is not allowed");
      }
    }
    return path;
  }
}
