package org.visualdl.distribution;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.InputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** An event stream whose page went away frees its slot for the next page at once. */
class EventSlotsIT {
  static final int SLOTS = 64;

  /** Opens {@code GET /api/events} and reads until the greeting arrived; returns the socket. */
  static Socket openStream(int port, StringBuilder status) throws IOException {
    Socket s = new Socket("127.0.0.1", port);
    s.setSoTimeout(10_000);
    s.getOutputStream().write(("GET /api/events HTTP/1.1\r\nHost: 127.0.0.1:" + port
        + "\r\nAccept: text/event-stream\r\n\r\n").getBytes(StandardCharsets.US_ASCII));
    s.getOutputStream().flush();
    InputStream in = s.getInputStream();
    StringBuilder seen = new StringBuilder();
    byte[] buf = new byte[4096];
    while (!seen.toString().contains("event: plugins") && !seen.toString().contains("\"status\"")) {
      int n = in.read(buf);
      if (n < 0) {
        break;
      }
      seen.append(new String(buf, 0, n, StandardCharsets.UTF_8));
    }
    status.setLength(0);
    status.append(seen, 0, Math.min(seen.length(), 12));
    return s;
  }

  @Test
  void closedStreamsFreeTheirSlotsAtOnce(@TempDir Path logs) throws Exception {
    try (VisualDLProcess server = VisualDLProcess.start("--logdir", logs.toString())) {
      StringBuilder status = new StringBuilder();
      for (int round = 0; round < 3; round++) {
        List<Socket> open = new ArrayList<>();
        for (int i = 0; i < SLOTS; i++) {
          open.add(openStream(server.port, status));
          assertEquals("HTTP/1.1 200", status.toString(), "stream " + i + " of round " + round);
        }
        if (round == 0) {
          // All slots held by live pages: the next page is refused (the limit still holds).
          try (Socket extra = openStream(server.port, status)) {
            assertEquals("HTTP/1.1 503", status.toString());
          }
        }
        for (Socket s : open) {
          s.close();
        }
        // First try, no waiting: the slots of the closed streams are free.
        try (Socket next = openStream(server.port, status)) {
          assertEquals("HTTP/1.1 200", status.toString(), "round " + round);
        }
      }
      assertTrue(server.json("/api/health").get("eventClients").asInt() <= SLOTS);
    }
  }
}
