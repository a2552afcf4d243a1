package org.visualdl.server.internal;

import com.fasterxml.jackson.databind.ObjectMapper;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import org.visualdl.api.frontend.RouteException;

/**
 * Server-sent events ({@code GET /api/events}): every connected page hears about new runs,
 * tablets and points, and about plugins that come and go. Each client holds one request thread
 * and a bounded queue; a client that falls behind is disconnected (its browser reconnects and
 * reloads what it shows).
 *
 * <p>A blocked servlet thread does not hear that its page went away until it writes. So when
 * every slot is taken, a new client first has every stream write a probe comment (twice: on a
 * closed connection the first write only provokes the reset, the second fails), which frees the
 * slots of the streams whose pages are gone, and takes a freed slot.
 */
final class EventStream {
  static final int MAX_CLIENTS = 64;
  static final int QUEUE = 256;
  static final long HEARTBEAT_MS = 15_000;
  /** How long a new client waits for the slots of streams that turn out to be gone. */
  static final long PROBE_WAIT_MS = 2_000;
  private static final String CLOSE = "\u0000close";
  private static final String PROBE = "\u0000probe";

  private final ObjectMapper json;
  private final Set<BlockingQueue<String>> clients = ConcurrentHashMap.newKeySet();
  private volatile boolean closed;

  EventStream(ObjectMapper json) {
    this.json = json;
  }

  int clients() {
    return clients.size();
  }

  /** Sends an event to every client. */
  void publish(String event, Object data) {
    String message;
    try {
      message = "event: " + event + "\ndata: " + json.writeValueAsString(data) + "\n\n";
    } catch (IOException e) {
      return;
    }
    for (BlockingQueue<String> q : clients) {
      if (!q.offer(message)) {
        // Too far behind: drop it; the browser reconnects and reloads.
        q.clear();
        q.offer(CLOSE);
      }
    }
  }

  /** Serves one client until it goes away or the server stops. Blocks the calling thread. */
  void serve(HttpServletResponse resp, List<String> greeting) throws IOException {
    if (closed) {
      throw new RouteException(RouteException.Status.UNAVAILABLE, "the server is stopping");
    }
    BlockingQueue<String> queue = new ArrayBlockingQueue<>(QUEUE);
    if (!takeSlot(queue)) {
      reclaimClosedSlots();
      if (!takeSlot(queue)) {
        throw new RouteException(
            RouteException.Status.UNAVAILABLE,
            "too many pages are listening for events (" + MAX_CLIENTS + "); close some tabs");
      }
    }
    try {
      stream(resp, greeting, queue);
    } catch (IOException e) {
      // The page went away (closed, reloaded): the normal end of an event stream.
    } finally {
      clients.remove(queue);
    }
  }

  private void stream(HttpServletResponse resp, List<String> greeting, BlockingQueue<String> queue)
      throws IOException {
    resp.setContentType("text/event-stream");
    resp.setCharacterEncoding("UTF-8");
    resp.setHeader("Cache-Control", "no-cache");
    resp.setHeader("X-Accel-Buffering", "no");
    OutputStream out = resp.getOutputStream();
    out.write("retry: 1000\n\n".getBytes(StandardCharsets.UTF_8));
    for (String g : greeting) {
      out.write(g.getBytes(StandardCharsets.UTF_8));
    }
    out.flush();
    while (!closed) {
      String message;
      try {
        message = queue.poll(HEARTBEAT_MS, TimeUnit.MILLISECONDS);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        return;
      }
      if (message == CLOSE || closed) {
        return;
      }
      if (message == PROBE) {
        probe(out);
        continue;
      }
      out.write((message == null ? ": keep-alive\n\n" : message).getBytes(StandardCharsets.UTF_8));
      out.flush();
    }
  }

  /** Adds the client when a slot is free; one lock so that concurrent pages never exceed it. */
  private synchronized boolean takeSlot(BlockingQueue<String> queue) {
    if (clients.size() >= MAX_CLIENTS) {
      return false;
    }
    clients.add(queue);
    return true;
  }

  private static void probe(OutputStream out) throws IOException {
    byte[] comment = ": probe\n\n".getBytes(StandardCharsets.UTF_8);
    out.write(comment);
    out.flush();
    try {
      Thread.sleep(50);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return;
    }
    out.write(comment);
    out.flush();
  }

  /** Asks every stream to write a probe and waits until a slot frees or a short time passes. */
  private void reclaimClosedSlots() {
    for (BlockingQueue<String> q : clients) {
      q.offer(PROBE);
    }
    long deadline = System.currentTimeMillis() + PROBE_WAIT_MS;
    while (clients.size() >= MAX_CLIENTS && System.currentTimeMillis() < deadline) {
      try {
        Thread.sleep(10);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        return;
      }
    }
  }

  /** Ends every client's stream. */
  void close() {
    closed = true;
    for (BlockingQueue<String> q : clients) {
      q.clear();
      q.offer(CLOSE);
    }
  }

  String message(String event, Object data) throws IOException {
    return "event: " + event + "\ndata: " + json.writeValueAsString(data) + "\n\n";
  }
}
