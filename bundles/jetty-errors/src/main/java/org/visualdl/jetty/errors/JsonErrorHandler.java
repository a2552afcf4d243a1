package org.visualdl.jetty.errors;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;
import org.eclipse.jetty.http.HttpFields;
import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.http.HttpStatus;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.server.handler.ErrorHandler;
import org.eclipse.jetty.util.Callback;

/**
 * Jetty's server-wide error handler: the answers Jetty gives itself (a request line or headers too
 * large, a path it refuses, a request it cannot parse) become VisualDL's JSON error, {@code
 * {"error": "...", "status": N}}, with the same security headers as every other answer.
 *
 * <p>It replaces Felix HTTP's handler, which adds the headers but, outside a servlet context, fails
 * before writing a body. The messages are fixed texts: nothing from the request is echoed.
 */
final class JsonErrorHandler implements Request.Handler {
  private final Map<String, String> headers;

  JsonErrorHandler(Map<String, String> headers) {
    this.headers = Map.copyOf(headers);
  }

  /** Parses Felix's {@code org.apache.felix.http.jetty.errorPageCustomHeaders}: {@code A=x##B=y}. */
  static Map<String, String> parseHeaders(String spec) {
    Map<String, String> out = new LinkedHashMap<>();
    if (spec == null) {
      return out;
    }
    for (String entry : spec.split("##")) {
      int eq = entry.indexOf('=');
      if (eq > 0 && eq < entry.length() - 1) {
        out.put(entry.substring(0, eq).trim(), entry.substring(eq + 1).trim());
      }
    }
    return out;
  }

  @Override
  public boolean handle(Request request, Response response, Callback callback) {
    int status = response.getStatus();
    if (status < 400 && request.getAttribute(ErrorHandler.ERROR_STATUS) instanceof Integer s) {
      status = s;
    }
    if (response.isCommitted()) {
      callback.succeeded();
      return true;
    }
    HttpFields.Mutable h = response.getHeaders();
    headers.forEach(h::put);
    if (HttpStatus.hasNoBody(status)) {
      callback.succeeded();
      return true;
    }
    // Jetty's reason, with the causes under it ("Bad URI", "!hex z", ...): it picks our message.
    StringBuilder reason = new StringBuilder();
    if (request.getAttribute(ErrorHandler.ERROR_MESSAGE) instanceof String m) {
      reason.append(m);
    }
    Object cause = request.getAttribute(ErrorHandler.ERROR_EXCEPTION);
    for (Throwable t = cause instanceof Throwable c ? c : null; t != null; t = t.getCause()) {
      reason.append(" | ").append(t.getMessage());
      if (t.getCause() == t) {
        break;
      }
    }
    byte[] body =
        ("{\"error\": \"" + escape(message(status, reason.toString())) + "\", \"status\": " + status + "}")
            .getBytes(StandardCharsets.UTF_8);
    h.put(HttpHeader.CONTENT_TYPE, "application/json;charset=utf-8");
    h.put(HttpHeader.CONTENT_LENGTH, Long.toString(body.length));
    // A HEAD request refused before it was handled would otherwise get the body too.
    boolean head = "HEAD".equals(request.getMethod());
    response.write(true, head ? null : ByteBuffer.wrap(body), callback);
    return true;
  }

  /**
   * What was wrong and what to do, for a status and Jetty's reason (such as {@code "400: Ambiguous
   * URI path separator"} or {@code "400: Bad Request | java.lang.NumberFormatException: !hex z"};
   * never shown).
   */
  static String message(int status, String reason) {
    String r = reason.toLowerCase(java.util.Locale.ROOT);
    return switch (status) {
      case 400 -> {
        if (r.contains("ambiguous")) {
          yield "ambiguous path: an encoded '/', '\\' or '.' (%2F, %5C, %2E) or an empty segment"
              + " ('//') is refused; request the plain path";
        }
        if (r.contains("bad uri") || r.contains("hex") || r.contains("utf-8")
            || r.contains("suspicious path") || r.contains("in path")) {
          yield "malformed path: a bad percent-encoding or a path above the root; write '%' as %25,"
              + " percent-encode UTF-8 and leave out '..'";
        }
        if (r.contains("no host")) {
          yield "malformed request: HTTP/1.1 needs a Host header";
        }
        yield "malformed request: not a valid HTTP/1.1 request; check the request line and headers";
      }
      case 414 -> "request line too long (over 16 KiB): shorten the URL or its query string";
      case 431 ->
          "request headers too large (over 16 KiB): send fewer or shorter headers, or clear this"
              + " site's cookies";
      case 426 -> "HTTP/2 without TLS is not served: use HTTP/1.1";
      case 405 -> "method not allowed: only GET and HEAD are served";
      case 501 -> "method not implemented: only GET and HEAD are served";
      case 505 -> "HTTP version not supported: use HTTP/1.1";
      case 408 -> "request timed out: send the whole request sooner";
      case 413 -> "request body too large: VisualDL takes no request body";
      default -> {
        String text = HttpStatus.getMessage(status);
        yield (text == null ? "error" : text.toLowerCase(java.util.Locale.ROOT))
            + (status >= 500 ? ": the server failed; try again" : ": the request was refused");
      }
    };
  }

  private static String escape(String s) {
    StringBuilder b = new StringBuilder(s.length());
    for (char c : s.toCharArray()) {
      if (c == '"' || c == '\\') {
        b.append('\\').append(c);
      } else if (c < 0x20) {
        b.append(String.format("\\u%04x", (int) c));
      } else {
        b.append(c);
      }
    }
    return b.toString();
  }
}
