package org.visualdl.server.internal;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.util.Locale;
import org.visualdl.api.frontend.BinaryResult;

/**
 * Sends a plugin's {@link BinaryResult}, answering a single-range {@code Range} request with 206
 * and that part (RFC 9110), so that a browser can seek in audio or video. Multiple ranges, an
 * {@code If-Range} and anything unparsable get the whole body (200), as the RFC allows.
 */
final class BinaryResponse {
  private BinaryResponse() {}

  /** A part of the body: bytes {@code first} to {@code last}, both included. */
  record ByteRange(long first, long last) {
    long length() {
      return last - first + 1;
    }
  }

  /** Marks a range that lies wholly beyond the body: answer 416. */
  static final ByteRange UNSATISFIABLE = new ByteRange(-1, -2);

  static void send(BinaryResult binary, HttpServletRequest req, HttpServletResponse resp)
      throws IOException {
    byte[] bytes = binary.bytes();
    resp.setContentType(binary.mediaType());
    resp.setHeader(
        "Cache-Control", binary.immutable() ? "public, max-age=31536000, immutable" : "no-cache");
    resp.setHeader("Accept-Ranges", "bytes");
    ByteRange range =
        req.getHeader("If-Range") != null ? null : parse(req.getHeader("Range"), bytes.length);
    if (range == UNSATISFIABLE) {
      resp.setStatus(HttpServletResponse.SC_REQUESTED_RANGE_NOT_SATISFIABLE);
      resp.setHeader("Content-Range", "bytes */" + bytes.length);
      resp.setContentLength(0);
      return;
    }
    if (range == null) {
      resp.setContentLength(bytes.length);
      resp.getOutputStream().write(bytes);
      return;
    }
    resp.setStatus(HttpServletResponse.SC_PARTIAL_CONTENT);
    resp.setHeader(
        "Content-Range", "bytes " + range.first() + "-" + range.last() + "/" + bytes.length);
    resp.setContentLength((int) range.length());
    resp.getOutputStream().write(bytes, (int) range.first(), (int) range.length());
  }

  /**
   * The one range a {@code Range} header asks for within a body of {@code length} bytes: null
   * for the whole body (no header, not bytes, several ranges, a syntax error), {@link
   * #UNSATISFIABLE} when it starts beyond the body.
   */
  static ByteRange parse(String header, long length) {
    if (header == null) {
      return null;
    }
    String h = header.trim().toLowerCase(Locale.ROOT);
    if (!h.startsWith("bytes=") || h.indexOf(',') >= 0) {
      return null;
    }
    String spec = h.substring("bytes=".length()).trim();
    int dash = spec.indexOf('-');
    if (dash < 0) {
      return null;
    }
    String from = spec.substring(0, dash).trim();
    String to = spec.substring(dash + 1).trim();
    try {
      if (from.isEmpty()) { // the last N bytes
        long suffix = Long.parseLong(to);
        if (suffix < 0) {
          return null;
        }
        if (suffix == 0 || length == 0) {
          return UNSATISFIABLE;
        }
        return new ByteRange(Math.max(0, length - suffix), length - 1);
      }
      long first = Long.parseLong(from);
      long last = to.isEmpty() ? Long.MAX_VALUE : Long.parseLong(to);
      if (first < 0 || last < first) {
        return null;
      }
      if (first >= length) {
        return UNSATISFIABLE;
      }
      return new ByteRange(first, Math.min(last, length - 1));
    } catch (NumberFormatException e) {
      return null;
    }
  }
}
