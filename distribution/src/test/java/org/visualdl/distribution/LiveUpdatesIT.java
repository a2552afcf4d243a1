package org.visualdl.distribution;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import com.fasterxml.jackson.databind.JsonNode;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.visualdl.sdk.LogWriter;

/** Points written while the packaged server runs reach it, and it tells listening pages. */
class LiveUpdatesIT {
  @TempDir Path logs;

  private static String awaitLine(BlockingQueue<String> lines, String needle)
      throws InterruptedException {
    long deadline = System.currentTimeMillis() + 10_000;
    while (System.currentTimeMillis() < deadline) {
      String line = lines.poll(100, TimeUnit.MILLISECONDS);
      if (line != null && line.contains(needle)) {
        return line;
      }
    }
    fail("no event line containing " + needle + " within 10 s");
    return null;
  }

  @Test
  void aFlushedPointReachesEventListenersAndTheApi() throws Exception {
    try (VisualDLProcess server = VisualDLProcess.start("--logdir", logs.toString())) {
      HttpResponse<Stream<String>> resp =
          HttpClient.newHttpClient()
              .sendAsync(
                  HttpRequest.newBuilder(URI.create(server.url("/api/events"))).build(),
                  HttpResponse.BodyHandlers.ofLines())
              .get(10, TimeUnit.SECONDS);
      assertEquals(
          "text/event-stream", resp.headers().firstValue("Content-Type").orElse("").split(";")[0]);
      BlockingQueue<String> lines = new LinkedBlockingQueue<>();
      Thread reader = new Thread(() -> resp.body().forEach(lines::add));
      reader.setDaemon(true);
      reader.start();
      awaitLine(lines, "event: plugins");
      try (LogWriter w = LogWriter.open(logs.resolve("fresh"))) {
        w.addScalar("live/loss", 41, 0.25);
        w.flush();
        String data = awaitLine(lines, "\"run\":\"fresh\"");
        assertTrue(data.startsWith("data: ["), data);
        JsonNode s = server.json("/api/plugins/scalar/series?run=fresh&tag=live/loss");
        assertEquals(41, s.get("steps").get(0).asLong());
        assertEquals(0.25, s.get("values").get(0).asDouble(), 0.0);
        lines.clear();
        w.addScalar("live/loss", 42, 0.5);
        w.flush();
        String more = awaitLine(lines, "\"lastStep\":42");
        assertTrue(more.contains("\"type\":\"data\""), more);
        assertEquals(2, server.json("/api/plugins/scalar/series?run=fresh&tag=live/loss").get("total").asLong());
      } finally {
        resp.body().close();
      }
    }
  }
}
