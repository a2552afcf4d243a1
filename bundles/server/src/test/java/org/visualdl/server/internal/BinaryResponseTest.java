package org.visualdl.server.internal;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;

import jakarta.servlet.ServletOutputStream;
import jakarta.servlet.WriteListener;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.ByteArrayOutputStream;
import java.lang.reflect.Proxy;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.visualdl.api.frontend.BinaryResult;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.visualdl.server.internal.BinaryResponse.ByteRange;

class BinaryResponseTest {
  @Test
  void oneRangeIsThatPartClippedToTheBody() {
    assertEquals(new ByteRange(0, 99), BinaryResponse.parse("bytes=0-", 100));
    assertEquals(new ByteRange(10, 19), BinaryResponse.parse("bytes=10-19", 100));
    assertEquals(new ByteRange(90, 99), BinaryResponse.parse("bytes=90-1000", 100));
    assertEquals(new ByteRange(99, 99), BinaryResponse.parse("Bytes=99-99", 100));
  }

  @Test
  void aSuffixIsTheLastBytes() {
    assertEquals(new ByteRange(80, 99), BinaryResponse.parse("bytes=-20", 100));
    assertEquals(new ByteRange(0, 99), BinaryResponse.parse("bytes=-500", 100));
  }

  @Test
  void aRangeBeyondTheBodyIsUnsatisfiable() {
    assertSame(BinaryResponse.UNSATISFIABLE, BinaryResponse.parse("bytes=100-", 100));
    assertSame(BinaryResponse.UNSATISFIABLE, BinaryResponse.parse("bytes=-0", 100));
    assertSame(BinaryResponse.UNSATISFIABLE, BinaryResponse.parse("bytes=0-", 0));
  }

  @ParameterizedTest
  @ValueSource(strings = {"", "items=0-1", "bytes=0-1,5-6", "bytes=5-1", "bytes=a-b", "bytes=5",
      "bytes=--1"})
  void anythingElseGetsTheWholeBody(String header) {
    assertNull(BinaryResponse.parse(header, 100));
  }

  @Test
  void noHeaderGetsTheWholeBody() {
    assertNull(BinaryResponse.parse(null, 100));
  }

  /** What a response was given: status, headers and body. */
  static final class Sent {
    int status = 200;
    final Map<String, String> headers = new HashMap<>();
    final ByteArrayOutputStream body = new ByteArrayOutputStream();
  }

  static Sent send(String range, String ifRange) throws Exception {
    Map<String, String> requestHeaders = new HashMap<>();
    if (range != null) {
      requestHeaders.put("Range", range);
    }
    if (ifRange != null) {
      requestHeaders.put("If-Range", ifRange);
    }
    HttpServletRequest req = (HttpServletRequest) Proxy.newProxyInstance(
        HttpServletRequest.class.getClassLoader(), new Class<?>[] {HttpServletRequest.class},
        (proxy, method, args) -> method.getName().equals("getHeader")
            ? requestHeaders.get((String) args[0]) : null);
    Sent sent = new Sent();
    ServletOutputStream out = new ServletOutputStream() {
      public boolean isReady() {
        return true;
      }

      public void setWriteListener(WriteListener listener) {}

      public void write(int b) {
        sent.body.write(b);
      }

      public void write(byte[] b, int off, int len) {
        sent.body.write(b, off, len);
      }
    };
    HttpServletResponse resp = (HttpServletResponse) Proxy.newProxyInstance(
        HttpServletResponse.class.getClassLoader(), new Class<?>[] {HttpServletResponse.class},
        (proxy, method, args) -> switch (method.getName()) {
          case "setStatus" -> {
            sent.status = (int) args[0];
            yield null;
          }
          case "setHeader" -> {
            sent.headers.put((String) args[0], (String) args[1]);
            yield null;
          }
          case "setContentType" -> {
            sent.headers.put("Content-Type", (String) args[0]);
            yield null;
          }
          case "setContentLength" -> {
            sent.headers.put("Content-Length", String.valueOf(args[0]));
            yield null;
          }
          case "getOutputStream" -> out;
          default -> null;
        });
    BinaryResponse.send(
        new BinaryResult(new byte[] {0, 1, 2, 3, 4, 5, 6, 7, 8, 9}, "audio/wav", true), req, resp);
    return sent;
  }

  @Test
  void aRangeRequestGets206WithThatPart() throws Exception {
    Sent sent = send("bytes=2-4", null);
    assertEquals(206, sent.status);
    assertEquals("bytes 2-4/10", sent.headers.get("Content-Range"));
    assertEquals("3", sent.headers.get("Content-Length"));
    assertEquals("bytes", sent.headers.get("Accept-Ranges"));
    assertEquals("audio/wav", sent.headers.get("Content-Type"));
    assertEquals("public, max-age=31536000, immutable", sent.headers.get("Cache-Control"));
    assertArrayEquals(new byte[] {2, 3, 4}, sent.body.toByteArray());
  }

  @Test
  void noRangeOrAnIfRangeGetsTheWholeBodyAndABadRangeGets416() throws Exception {
    for (Sent whole : new Sent[] {send(null, null), send("bytes=2-4", "\"x\"")}) {
      assertEquals(200, whole.status);
      assertEquals("bytes", whole.headers.get("Accept-Ranges"));
      assertEquals(10, whole.body.size());
    }
    Sent beyond = send("bytes=10-", null);
    assertEquals(416, beyond.status);
    assertEquals("bytes */10", beyond.headers.get("Content-Range"));
    assertEquals(0, beyond.body.size());
  }
}
