package org.visualdl.distribution;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.visualdl.sdk.LogWriter;

/**
 * A script or a benchmark waits for {@code /api/health} to answer 200 and then uses the API: by
 * then every built-in plugin must be there, never "no plugin named 'scalar'".
 */
class StartupIT {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final HttpClient HTTP =
      HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
  private static final List<String> BUILT_IN = List.of("scalar", "histogram", "image",
      "embedding", "text", "audio", "pr-curve", "roc-curve", "hparams", "graph");

  @Test
  void everyPluginIsThereOnceHealthAnswers200(@TempDir Path dir) throws Exception {
    try (LogWriter log = LogWriter.open(dir.resolve("logs/run"))) {
      log.addScalar("loss", 0, 1.0);
    }
    int port = VisualDLProcess.freePort();
    Process p = VisualDLProcess.command("--logdir", dir.resolve("logs").toString(), "--port",
        Integer.toString(port)).redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
    try {
      long deadline = System.currentTimeMillis() + 60_000;
      int status = 0;
      while (status != 200 && System.currentTimeMillis() < deadline) {
        status = statusOf(port, "/api/health");
        if (status != 200) {
          Thread.sleep(5);
        }
      }
      assertEquals(200, status, "health never answered 200");
      // At once, as a script would: every plugin listed, every plugin's routes served.
      assertEquals(200, statusOf(port, "/api/plugins/scalar/tags"));
      JsonNode plugins = JSON.readTree(body(port, "/api/plugins"));
      Set<String> names = new HashSet<>();
      plugins.forEach(n -> names.add(n.get("name").asText()));
      assertTrue(names.containsAll(BUILT_IN), "plugins at the first healthy answer: " + names);
    } finally {
      p.destroy();
      p.waitFor();
    }
  }

  private static int statusOf(int port, String path) {
    try {
      return HTTP.send(request(port, path), HttpResponse.BodyHandlers.discarding()).statusCode();
    } catch (Exception e) {
      return 0; // not listening yet
    }
  }

  private static String body(int port, String path) throws Exception {
    return HTTP.send(request(port, path), HttpResponse.BodyHandlers.ofString()).body();
  }

  private static HttpRequest request(int port, String path) {
    return HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path))
        .timeout(Duration.ofSeconds(10)).build();
  }
}
