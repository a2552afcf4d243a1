package org.visualdl.distribution;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.visualdl.sdk.LogWriter;

/**
 * Malformed query strings, methods other than GET and requests Jetty itself refuses: every answer
 * has our status, our security headers and, where VisualDL answers, a JSON error; nothing floods
 * the log.
 */
class MalformedRequestsIT {
  static final List<String> BAD_QUERIES =
      List.of(
          "tag=%zz", "tag=%", "tag=%4", "tag=%C3%28", "tag=%ED%A0%80", "tag=%C0%AF", "tag=%E0%80%AF",
          "tag=%FF", "tag=%00", "tag=a%0Db", "%zz=1", "tag=%F4%90%80%80", "token=%zz");

  private static Path logs(Path dir) throws Exception {
    try (LogWriter log = LogWriter.open(dir.resolve("r"))) {
      for (int i = 0; i < 10; i++) {
        log.addScalar("loss", i, 1.0 / (i + 1));
      }
    }
    return dir;
  }

  @Test
  void malformedQueriesAre400WithoutStackTraces(@TempDir Path dir) throws Exception {
    try (VisualDLProcess server = VisualDLProcess.start("--logdir", logs(dir).toString())) {
      for (String path : List.of("/api/runs", "/api/plugins/scalar/series", "/", "/api/events")) {
        for (String q : BAD_QUERIES) {
          RawHttp.Answer a = RawHttp.send(server.port, "GET", path + "?run=r&" + q);
          HostCheckIT.assertOurError(a, 400);
          assertTrue(a.body().contains("malformed"), a.body());
        }
      }
      List<String> out = server.output();
      assertFalse(out.stream().anyMatch(l -> l.contains("Exception") || l.startsWith("\tat ")), out.toString());
      assertTrue(out.stream().filter(l -> l.contains("Refused a request")).count() <= 1, out.toString());
    }
  }

  @Test
  void withATokenTheTokenComesFirst(@TempDir Path dir) throws Exception {
    try (VisualDLProcess server =
        VisualDLProcess.start("--logdir", logs(dir).toString(), "--token", AccessTokenIT.TOKEN)) {
      for (String q : BAD_QUERIES) {
        HostCheckIT.assertOurError(RawHttp.send(server.port, "GET", "/api/runs?" + q), 401);
        HostCheckIT.assertOurError(
            RawHttp.send(server.port, "GET", "/api/runs?" + q, "Authorization: Bearer " + AccessTokenIT.TOKEN), 400);
      }
      // The token in a malformed query does not count; a good one next to it would not either.
      HostCheckIT.assertOurError(
          RawHttp.send(server.port, "GET", "/api/runs?token=" + AccessTokenIT.TOKEN + "&x=%zz"), 401);
      for (String method : List.of("OPTIONS", "TRACE", "PUT", "DELETE", "POST")) {
        HostCheckIT.assertOurError(RawHttp.send(server.port, method, "/api/runs"), 401);
      }
      HostCheckIT.assertOurError(
          RawHttp.send(server.port, "OPTIONS", "/api/runs", "Authorization: Bearer " + AccessTokenIT.TOKEN), 405);
    }
  }

  @Test
  void numbersAreAsciiDigitsWithAnOptionalMinus(@TempDir Path dir) throws Exception {
    try (VisualDLProcess server = VisualDLProcess.start("--logdir", logs(dir).toString())) {
      String series = "/api/plugins/scalar/series?run=r&tag=loss";
      assertEquals(200, RawHttp.send(server.port, "GET", series + "&points=5&start=-1").status());
      for (String bad :
          List.of("points=%2B5", "start=%D9%A1%D9%A2%D9%A3", "points=%EF%BC%95", "end=1e3", "points=0x10",
              "start=%205", "points=5L", "end=--1", "start=99999999999999999999")) {
        RawHttp.Answer a = RawHttp.send(server.port, "GET", series + "&" + bad);
        HostCheckIT.assertOurError(a, 400);
        assertTrue(a.body().contains("parameter '"), a.body());
      }
    }
  }

  @Test
  void methodsOtherThanGetAndJettysOwnRefusalsCarryOurHeaders(@TempDir Path dir) throws Exception {
    try (VisualDLProcess server = VisualDLProcess.start("--logdir", logs(dir).toString())) {
      for (String method : List.of("TRACE", "OPTIONS", "PUT", "DELETE", "POST", "PATCH", "PROPFIND")) {
        RawHttp.Answer a = RawHttp.send(server.port, method, "/api/runs");
        HostCheckIT.assertOurError(a, 405);
        assertEquals("GET, HEAD", a.header("Allow"), a.toString());
        assertFalse(a.body().contains("/api/runs HTTP"), "TRACE must not echo the request");
      }
      RawHttp.Answer head = RawHttp.send(server.port, "HEAD", "/api/runs");
      assertEquals(200, head.status());
      assertEquals("", head.body());
      HostCheckIT.assertOurError(RawHttp.send(server.port, "GET", "/no/such/page"), 404);
      HostCheckIT.assertOurError(RawHttp.send(server.port, "GET", "/api/nothing"), 404);

      // Refused by Jetty before VisualDL sees them: our status, headers and JSON error, no HTML page,
      // and a message that says what was wrong.
      String longUri = "/api/runs?x=" + "a".repeat(20_000);
      String bigHeader = "X-Big: " + "b".repeat(20_000);
      Object[][] cases = {
        {"/a%2fb", new String[0], 400, "ambiguous path"},
        {"/a%5cb", new String[0], 400, "malformed path"},
        {"/a/%2e/b", new String[0], 400, "ambiguous path"},
        {"//api/runs", new String[0], 400, "ambiguous path"},
        {"/%2e%2e/etc/passwd", new String[0], 400, "malformed path"},
        {"/static/..%2f..%2fetc", new String[0], 400, "ambiguous path"},
        {"/%zz", new String[0], 400, "malformed path"},
        {"/%", new String[0], 400, "malformed path"},
        {"/a%00b", new String[0], 400, "malformed path"},
        {"/%C0%AF", new String[0], 400, "malformed path"},
        {longUri, new String[0], 414, "request line too long"},
        {"/api/runs", new String[] {bigHeader}, 431, "request headers too large"},
        {"/api/runs", new String[] {"Bad Header Line"}, 400, "malformed request"},
        {"/api/runs", new String[] {"Content-Length: abc"}, 400, "malformed request"},
      };
      for (Object[] c : cases) {
        RawHttp.Answer a = RawHttp.send(server.port, "GET", (String) c[0], (String[]) c[1]);
        assertJettysRefusal(a, (int) c[2], (String) c[3]);
      }
      // Not HTTP at all, a missing Host, an unknown HTTP version, HTTP/2 in clear text.
      assertJettysRefusal(raw(server.port, "HELLO\r\n\r\n"), 400, "malformed request");
      assertJettysRefusal(raw(server.port, "GET /api/runs HTTP/1.1\r\n\r\n"), 400, "Host header");
      assertJettysRefusal(raw(server.port, "GET /api/runs HTTP/9.9\r\nHost: 127.0.0.1\r\n\r\n"), 505, "HTTP/1.1");
      assertJettysRefusal(raw(server.port, "PRI * HTTP/2.0\r\n\r\nSM\r\n\r\n"), 426, "HTTP/1.1");
      // A TLS ClientHello sent to this plain-HTTP port.
      assertJettysRefusal(raw(server.port, "\u0016\u0003\u0001\u0002\u0000\u0001\u0000\u0001\u00fc\u0003\u0003"
          + "\u0000".repeat(40)), 400, "malformed request");
      // HEAD gets the status and headers without a body.
      RawHttp.Answer refusedHead = RawHttp.send(server.port, "HEAD", "/a%2fb");
      assertEquals(400, refusedHead.status(), refusedHead.toString());
      assertEquals("nosniff", refusedHead.header("X-Content-Type-Options"), refusedHead.toString());
      assertEquals("", refusedHead.body());
      // Still served after all that, and nothing but Jetty's own 414 notice in the log.
      assertEquals(200, RawHttp.send(server.port, "GET", "/api/runs").status());
      List<String> out = server.output();
      assertFalse(out.stream().anyMatch(l -> l.contains("Exception") || l.startsWith("\tat ")), out.toString());
    }
  }

  private static RawHttp.Answer raw(int port, String request) throws Exception {
    return RawHttp.exchange(port, request.getBytes(java.nio.charset.StandardCharsets.ISO_8859_1));
  }

  /** Our JSON error with our headers, as for every answer VisualDL gives itself. */
  static void assertJettysRefusal(RawHttp.Answer a, int status, String says) throws Exception {
    HostCheckIT.assertOurError(a, status);
    assertTrue(a.header("Content-Type").startsWith("application/json"), a.toString());
    assertEquals("no-referrer", a.header("Referrer-Policy"), a.toString());
    assertTrue(a.header("Content-Security-Policy").contains("frame-ancestors 'none'"), a.toString());
    assertFalse(a.body().contains("<"), "no HTML page: " + a.body());
    String error = VisualDLProcess.JSON.readTree(a.body()).get("error").asText();
    assertTrue(error.contains(says), a.body());
  }
}
