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

      // Refused by Jetty before VisualDL sees them: our status and headers, no HTML page.
      String longUri = "/api/runs?x=" + "a".repeat(20_000);
      String bigHeader = "X-Big: " + "b".repeat(20_000);
      Object[][] cases = {
        {"/a%2fb", new String[0], 400},
        {"/%2e%2e/etc/passwd", new String[0], 400},
        {"/static/..%2f..%2fetc", new String[0], 400},
        {"/%zz", new String[0], 400},
        {"/%C0%AF", new String[0], 400},
        {longUri, new String[0], 414},
        {"/api/runs", new String[] {bigHeader}, 431},
      };
      for (Object[] c : cases) {
        RawHttp.Answer a = RawHttp.send(server.port, "GET", (String) c[0], (String[]) c[1]);
        assertEquals((int) c[2], a.status(), c[0] + ": " + a.headers());
        assertEquals("nosniff", a.header("X-Content-Type-Options"), c[0] + ": " + a.headers());
        assertNotNull(a.header("Content-Security-Policy"), c[0] + ": " + a.headers());
        assertFalse(a.body().contains("<"), "no HTML page: " + a.body());
      }
    }
  }
}
