package org.visualdl.server.internal;

/** Media types of the UI's static files, by extension. */
final class MediaTypes {
  private MediaTypes() {}

  static String of(String name) {
    int dot = name.lastIndexOf('.');
    String ext = dot < 0 ? "" : name.substring(dot + 1).toLowerCase(java.util.Locale.ROOT);
    return switch (ext) {
      case "html" -> "text/html;charset=utf-8";
      case "js", "mjs" -> "text/javascript;charset=utf-8";
      case "css" -> "text/css;charset=utf-8";
      case "json", "map" -> "application/json";
      case "svg" -> "image/svg+xml";
      case "png" -> "image/png";
      case "jpg", "jpeg" -> "image/jpeg";
      case "ico" -> "image/x-icon";
      case "woff2" -> "font/woff2";
      case "txt", "md" -> "text/plain;charset=utf-8";
      default -> "application/octet-stream";
    };
  }
}
