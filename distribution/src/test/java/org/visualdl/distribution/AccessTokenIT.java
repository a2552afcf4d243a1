package org.visualdl.distribution;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** With --token, every request needs the token; the printed link carries it. */
class AccessTokenIT {
  static final String TOKEN = "test-token-1234";

  @Test
  void everyRequestNeedsTheToken(@TempDir Path logs) throws Exception {
    try (VisualDLProcess server = VisualDLProcess.start("--logdir", logs.toString(), "--token", TOKEN)) {
      assertTrue(server.output().stream().anyMatch(l -> l.contains("/?token=" + TOKEN)), server.output().toString());
      HttpClient http = HttpClient.newHttpClient();
      for (String path : new String[] {"/", "/api/health", "/api/runs", "/api/events", "/static/app.js"}) {
        HttpResponse<String> r = server.get(path);
        assertEquals(401, r.statusCode(), path);
        assertTrue(r.body().contains("access token"), r.body());
      }
      HttpResponse<String> wrong =
          http.send(
              HttpRequest.newBuilder(URI.create(server.url("/api/runs")))
                  .header("Authorization", "Bearer nope-nope-nope").build(),
              HttpResponse.BodyHandlers.ofString());
      assertEquals(401, wrong.statusCode());
      HttpResponse<String> bearer =
          http.send(
              HttpRequest.newBuilder(URI.create(server.url("/api/runs")))
                  .header("Authorization", "Bearer " + TOKEN).build(),
              HttpResponse.BodyHandlers.ofString());
      assertEquals(200, bearer.statusCode());
      HttpResponse<String> link = server.get("/?token=" + TOKEN);
      assertEquals(200, link.statusCode());
      String cookie = link.headers().firstValue("Set-Cookie").orElse("");
      assertTrue(cookie.startsWith("visualdl_token=" + TOKEN) && cookie.contains("HttpOnly"), cookie);
      HttpResponse<String> withCookie =
          http.send(
              HttpRequest.newBuilder(URI.create(server.url("/api/health")))
                  .header("Cookie", "visualdl_token=" + TOKEN).build(),
              HttpResponse.BodyHandlers.ofString());
      assertEquals(200, withCookie.statusCode());
    }
  }
}
