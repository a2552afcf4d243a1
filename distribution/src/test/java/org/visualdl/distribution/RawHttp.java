package org.visualdl.distribution;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;

/**
 * HTTP/1.1 over a plain socket, for requests that well-behaved clients refuse to send: a foreign
 * or missing {@code Host}, raw bytes in the target, TRACE, oversized headers.
 */
final class RawHttp {
  private RawHttp() {}

  /** One answer: status, headers (lower-case names), body. */
  record Answer(int status, Map<String, String> headers, String body) {
    String header(String name) {
      return headers.get(name.toLowerCase(Locale.ROOT));
    }
  }

  /** Sends {@code method target} with the given header lines (each without CRLF). */
  static Answer send(int port, String method, String target, String... headerLines)
      throws IOException {
    StringBuilder req = new StringBuilder(method + " " + target + " HTTP/1.1\r\n");
    boolean host = false;
    for (String h : headerLines) {
      host |= h.toLowerCase(Locale.ROOT).startsWith("host:");
      req.append(h).append("\r\n");
    }
    if (!host) {
      req.append("Host: 127.0.0.1:").append(port).append("\r\n");
    }
    req.append("Connection: close\r\n\r\n");
    return exchange(port, req.toString().getBytes(StandardCharsets.ISO_8859_1));
  }

  /** Sends the bytes as they are and reads the answer until the server closes. */
  static Answer exchange(int port, byte[] request) throws IOException {
    try (Socket s = new Socket("127.0.0.1", port)) {
      s.setSoTimeout(10_000);
      s.getOutputStream().write(request);
      s.getOutputStream().flush();
      InputStream in = s.getInputStream();
      ByteArrayOutputStream all = new ByteArrayOutputStream();
      byte[] buf = new byte[8192];
      int n;
      try {
        while ((n = in.read(buf)) > 0) {
          all.write(buf, 0, n);
        }
      } catch (java.net.SocketException e) {
        // reset after the answer: what was read is the answer
      }
      return parse(all.toString(StandardCharsets.UTF_8));
    }
  }

  static Answer parse(String text) {
    int end = text.indexOf("\r\n\r\n");
    String head = end < 0 ? text : text.substring(0, end);
    String body = end < 0 ? "" : text.substring(end + 4);
    String[] lines = head.split("\r\n");
    int status = lines.length > 0 && lines[0].startsWith("HTTP/") ? Integer.parseInt(lines[0].split(" ")[1]) : -1;
    Map<String, String> headers = new LinkedHashMap<>();
    for (int i = 1; i < lines.length; i++) {
      int colon = lines[i].indexOf(':');
      if (colon > 0) {
        headers.put(lines[i].substring(0, colon).trim().toLowerCase(Locale.ROOT), lines[i].substring(colon + 1).trim());
      }
    }
    if ("chunked".equalsIgnoreCase(headers.get("transfer-encoding"))) {
      body = unchunk(body);
    }
    return new Answer(status, headers, body);
  }

  private static String unchunk(String body) {
    StringBuilder out = new StringBuilder();
    int p = 0;
    while (p < body.length()) {
      int eol = body.indexOf("\r\n", p);
      if (eol < 0) {
        break;
      }
      int size = Integer.parseInt(body.substring(p, eol).trim().split(";")[0], 16);
      if (size == 0) {
        break;
      }
      out.append(body, eol + 2, Math.min(body.length(), eol + 2 + size));
      p = eol + 2 + size + 2;
    }
    return out.toString();
  }
}
