package org.visualdl.jetty.errors;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Map;
import org.junit.jupiter.api.Test;

class JsonErrorHandlerTest {
  @Test
  void jettysReasonsPickOurMessages() {
    // Reasons as Jetty 12.0.32 gives them (the message, then the causes).
    assertTrue(JsonErrorHandler.message(400, "400: Ambiguous URI path separator | 400: Ambiguous URI path separator")
        .startsWith("ambiguous path"));
    assertTrue(JsonErrorHandler.message(400, "400: Ambiguous URI empty segment").startsWith("ambiguous path"));
    for (String r :
        new String[] {
          "400: Bad Request | java.lang.IllegalArgumentException: Bad URI",
          "400: Bad Request | java.lang.NumberFormatException: !hex z",
          "400: Bad UTF-8 encoding", "400: Suspicious Path Character",
          "400: Bad Request | Illegal character in path"
        }) {
      assertTrue(JsonErrorHandler.message(400, r).startsWith("malformed path"), r);
    }
    assertTrue(JsonErrorHandler.message(400, "400: No URI").startsWith("malformed request"));
    assertTrue(JsonErrorHandler.message(400, "400: No Host").contains("Host header"));
    assertTrue(JsonErrorHandler.message(414, "").startsWith("request line too long"));
    assertTrue(JsonErrorHandler.message(431, "").startsWith("request headers too large"));
    assertTrue(JsonErrorHandler.message(503, "").endsWith("try again"));
  }

  @Test
  void headersAreFelixsFormat() {
    assertEquals(
        Map.of("A", "x=1; y", "B", "z"), JsonErrorHandler.parseHeaders("A=x=1; y##B = z##bad##C="));
    assertEquals(Map.of(), JsonErrorHandler.parseHeaders(null));
  }
}
