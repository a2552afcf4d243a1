package org.visualdl.distribution;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Without a token, only requests addressed to this machine are served (DNS rebinding). */
class HostCheckIT {
  static void assertOurError(RawHttp.Answer a, int status) throws Exception {
    assertEquals(status, a.status(), a.toString());
    assertEquals("nosniff", a.header("X-Content-Type-Options"), a.toString());
    assertNotNull(a.header("Content-Security-Policy"), a.toString());
    JsonNode body = VisualDLProcess.JSON.readTree(a.body());
    assertEquals(status, body.get("status").asInt(), a.body());
    assertTrue(body.get("error").asText().length() > 10, a.body());
  }

  @Test
  void foreignHostNamesAre403AndLocalOnesServed(@TempDir Path logs) throws Exception {
    try (VisualDLProcess server =
        VisualDLProcess.start("--logdir", logs.toString(), "--allow-host", "myhost.lan")) {
      int port = server.port;
      for (String host :
          new String[] {
            "evil.example", "evil.example:" + port, "localhost.evil.example",
            "127.0.0.1.evil.example:" + port, "128.0.0.1", "[::2]:" + port, "0x7f000001",
            "myhost.lan.evil"
          }) {
        for (String path : new String[] {"/api/runs", "/", "/api/events", "/static/app.js"}) {
          RawHttp.Answer a = RawHttp.send(port, "GET", path, "Host: " + host);
          assertOurError(a, 403);
          assertTrue(a.body().contains("--allow-host"), a.body());
        }
      }
      for (String host :
          new String[] {
            "localhost", "localhost:" + port, "LocalHost.:" + port, "127.0.0.1", "127.0.0.5:" + port,
            "[::1]:" + port, "[::1]", "myhost.lan", "MYHOST.LAN.:" + port
          }) {
        RawHttp.Answer a = RawHttp.send(port, "GET", "/api/runs", "Host: " + host);
        assertEquals(200, a.status(), host + ": " + a);
      }
      // Host values that are not host[:port] at all: Jetty or we refuse them, never served.
      for (String host :
          new String[] {"127.0.0.1:" + port + "@evil.example", "evil.example:" + port + ":1", "[::1"}) {
        RawHttp.Answer a = RawHttp.send(port, "GET", "/api/runs", "Host: " + host);
        assertTrue(a.status() == 400 || a.status() == 403, host + ": " + a);
        assertEquals("nosniff", a.header("X-Content-Type-Options"), a.toString());
      }
      // HTTP/1.0 without a Host header: not a browser, not served either.
      RawHttp.Answer none =
          RawHttp.exchange(port, "GET /api/runs HTTP/1.0\r\n\r\n".getBytes(StandardCharsets.US_ASCII));
      assertOurError(none, 403);
      long lines = server.output().stream().filter(l -> l.contains("Refused a request")).count();
      assertTrue(lines <= 1, "at most one log line a minute: " + server.output());
    }
  }

  @Test
  void withATokenAnyHostIsServedToWhoeverHasTheToken(@TempDir Path logs) throws Exception {
    try (VisualDLProcess server =
        VisualDLProcess.start("--logdir", logs.toString(), "--token", AccessTokenIT.TOKEN)) {
      RawHttp.Answer without = RawHttp.send(server.port, "GET", "/api/runs", "Host: evil.example");
      assertOurError(without, 401);
      RawHttp.Answer with =
          RawHttp.send(server.port, "GET", "/api/runs", "Host: my-machine.example",
              "Authorization: Bearer " + AccessTokenIT.TOKEN);
      assertEquals(200, with.status(), with.toString());
    }
  }
}
