package org.visualdl.server.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.visualdl.api.LogDirectoryStatus;
import org.visualdl.api.StoreStatus;

/** The health answer's "storage" part and the "degraded" status, as clients read the JSON. */
class HealthTest {
  private static JsonNode health(List<LogDirectoryStatus> dirs) {
    StoreStatus s = new StoreStatus("ready", List.of("s3://b/logs", "/tmp/x"), 2, 3, 10, 100,
        1000, 50, List.of(), List.of(), 0, dirs);
    return new ObjectMapper().valueToTree(ApiServlet.health(s, "1.0", 4, 0));
  }

  @Test
  void anUnreachableDirectoryMakesHealthDegradedAndIsListedUnderStorage() {
    JsonNode h = health(List.of(
        new LogDirectoryStatus("s3://b/logs", "unreachable", "cannot reach the endpoint", 5, 9,
            Map.of("list", 3L, "get", 7L)),
        new LogDirectoryStatus("/tmp/x", "ok", "", 4, 0, Map.of())));
    assertEquals("degraded", h.get("status").asText());
    JsonNode s3 = h.get("storage").get(0);
    assertEquals("s3://b/logs", s3.get("location").asText());
    assertEquals("unreachable", s3.get("state").asText());
    assertEquals("cannot reach the endpoint", s3.get("error").asText());
    assertEquals(5, s3.get("sinceMs").asLong());
    assertEquals(9, s3.get("nextRetryMs").asLong());
    assertEquals(3, s3.get("counters").get("list").asLong());
    assertEquals(7, s3.get("counters").get("get").asLong());
    assertEquals("ok", h.get("storage").get(1).get("state").asText());
  }

  @Test
  void everyDirectoryOkIsOk() {
    JsonNode h = health(List.of(new LogDirectoryStatus("/tmp/x", "ok", "", 4, 0, Map.of())));
    assertEquals("ok", h.get("status").asText());
    assertEquals(1, h.get("storage").size());
    assertEquals(0, h.get("storage").get(0).get("counters").size());
  }
}
