package org.visualdl.benchmarks;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;

/**
 * One machine, half a billion points: 1,000 runs x 50 tags x 10,000 steps of float32 values
 * (500 M points, written once by the SDK into the work folder and kept), served by the packaged
 * server with {@code -Xmx4g}. Reports time to healthy and to fully loaded, heap after a full GC
 * right after loading and 10 s later, 2,000-point view latency over HTTP, and {@code /api/runs}
 * and tag listing latency with 1,000 runs. With {@code --before DIST} the same for another build
 * in the same run (its memory budget may stop it loading: that is reported, as is any
 * OutOfMemoryError in either server's output).
 *
 * <pre>
 * java -cp platform/benchmarks/target/benchmarks.jar org.visualdl.benchmarks.ScaleBenchmark \
 *     [--runs 1000] [--tags 50] [--steps 10000] [--xmx 4g] [--before OTHER_DIST]
 *     [--dist distribution/target/visualdl-0.1.0-SNAPSHOT] [--work /tmp/visualdl-scale]
 * </pre>
 */
public final class ScaleBenchmark {
  private ScaleBenchmark() {}

  public static void main(String[] args) throws Exception {
    Path dist = Path.of("distribution/target/visualdl-0.1.0-SNAPSHOT");
    Path before = null;
    Path work = Path.of(System.getProperty("java.io.tmpdir"), "visualdl-scale");
    int runs = 1000;
    int tags = 50;
    int steps = 10_000;
    String xmx = "4g";
    for (int i = 0; i < args.length; i++) {
      switch (args[i]) {
        case "--dist" -> dist = Path.of(args[++i]);
        case "--before" -> before = Path.of(args[++i]);
        case "--work" -> work = Path.of(args[++i]);
        case "--runs" -> runs = Integer.parseInt(args[++i]);
        case "--tags" -> tags = Integer.parseInt(args[++i]);
        case "--steps" -> steps = Integer.parseInt(args[++i]);
        case "--xmx" -> xmx = args[++i];
        default -> {
          System.err.println("usage: ScaleBenchmark [--runs N] [--tags N] [--steps N] [--xmx 4g]"
              + " [--before DIR] [--dist DIR] [--work DIR]");
          System.exit(2);
        }
      }
    }
    long points = (long) runs * tags * steps;
    Path data = work.resolve("S-" + runs + "x" + tags + "x" + steps);
    if (!Files.exists(data.resolve(".complete"))) {
      SystemBenchmark.deleteTree(data);
      Files.createDirectories(data);
      System.out.printf("Generating %,d runs x %d tags x %,d steps = %,d float32 points in %s ...%n",
          runs, tags, steps, points, data);
      GenerateWorkload.Stats s = GenerateWorkload.generateParallel(data, runs, tags, steps, 1, false,
          Math.max(1, Runtime.getRuntime().availableProcessors()));
      Files.writeString(data.resolve(".complete"), "");
      System.out.printf("  written in %.0f s (%,.0f points/s), %.2f bytes per point on disk%n",
          s.nanos() / 1e9, s.pointsPerSecond(), s.bytesPerPoint());
    }
    System.out.printf("disk: %.2f bytes per point%n",
        (double) GenerateWorkload.sizeOf(data) / points);
    Map<String, Map<String, String>> results = new LinkedHashMap<>();
    if (before != null) {
      results.put("before", measure(before, data, points, runs, tags, steps, xmx));
    }
    results.put(before != null ? "after" : "result", measure(dist, data, points, runs, tags, steps, xmx));

    System.out.println();
    System.out.printf("%,d runs x %d tags x %,d steps = %,d float32 points, -Xmx%s%n%n", runs, tags,
        steps, points, xmx);
    List<String> labels = new ArrayList<>(results.keySet());
    StringBuilder head = new StringBuilder(String.format("| %-44s |", "what"));
    StringBuilder dash = new StringBuilder("| " + "-".repeat(44) + " |");
    for (String l : labels) {
      head.append(String.format(" %-28s |", l));
      dash.append(" ").append("-".repeat(28)).append(" |");
    }
    System.out.println(head);
    System.out.println(dash);
    for (String what : results.get(labels.get(labels.size() - 1)).keySet()) {
      StringBuilder line = new StringBuilder(String.format("| %-44s |", what));
      for (String l : labels) {
        line.append(String.format(" %-28s |", results.get(l).getOrDefault(what, "")));
      }
      System.out.println(line);
    }
  }

  private static Map<String, String> measure(Path dist, Path data, long points, int runs, int tags,
      int steps, String xmx) throws Exception {
    Map<String, String> r = new LinkedHashMap<>();
    System.out.println("Serving with " + dist + " ...");
    try (PackagedServer s = PackagedServer.start(dist, data, "-Xmx" + xmx)) {
      r.put("time to /api/health (s)", String.format("%.2f", s.healthyAfterNanos / 1e9));
      // Loaded: every point, or the memory budget stopped loading, or the server died.
      long loadedAt = 0;
      long held = 0;
      String stoppedBy = "";
      long lastChange = System.nanoTime();
      long silentSince = 0;
      while (true) {
        JsonNode h;
        try {
          h = s.json("/api/health");
          silentSince = 0;
        } catch (java.io.IOException e) {
          // A server whose heap is nearly full may stop answering while it collects garbage.
          silentSince = silentSince == 0 ? System.nanoTime() : silentSince;
          if (System.nanoTime() - silentSince > 120_000_000_000L || !s.process.isAlive()) {
            stoppedBy = "stopped answering /api/health for 120 s (" + e + ")";
            loadedAt = lastChange;
            break;
          }
          continue;
        }
        long now = h.get("scalarPoints").asLong();
        if (now != held) {
          held = now;
          lastChange = System.nanoTime();
        }
        if (held >= points) {
          loadedAt = System.nanoTime();
          break;
        }
        String problems = h.path("problems").toString();
        if (problems.contains("memory budget") && System.nanoTime() - lastChange > 5_000_000_000L) {
          stoppedBy = problems;
          loadedAt = lastChange;
          break;
        }
        if (System.nanoTime() - lastChange > 120_000_000_000L || !s.process.isAlive()) {
          stoppedBy = "no progress for 120 s or server gone: " + problems;
          loadedAt = lastChange;
          break;
        }
        Thread.sleep(100);
      }
      r.put("time to fully loaded after launch (s)", stoppedBy.isEmpty()
          ? String.format("%.1f", (loadedAt - s.startNanos) / 1e9)
          : String.format("stopped after %.1f", (loadedAt - s.startNanos) / 1e9));
      r.put("points loaded", String.format("%,d (%.0f%%)", held, 100.0 * held / points));
      if (stoppedBy.startsWith("stopped answering")) {
        r.put("budget stopped loading", "no: " + stoppedBy);
        boolean oom = s.output().stream().anyMatch(l -> l.contains("OutOfMemoryError"));
        r.put("OutOfMemoryError in the server's output", oom ? "YES" : "none");
        System.out.println("  " + r);
        return r;
      }
      r.put("load rate after healthy (M points/s)", String.format("%.1f",
          held / ((loadedAt - s.startNanos - s.healthyAfterNanos) / 1e9) / 1e6));
      JsonNode h = s.json("/api/health");
      r.put("store bytes per point (accounted)",
          String.format("%.2f", h.get("storeBytes").asDouble() / Math.max(1, held)));
      long heap = s.heapAfterGc();
      r.put("heap after full GC right after loading", String.format("%,d MB (%.2f B/pt)",
          heap >> 20, (double) heap / Math.max(1, held)));
      long wait = loadedAt + 10_000_000_000L - System.nanoTime();
      if (wait > 0) {
        Thread.sleep(wait / 1_000_000);
      }
      heap = s.heapAfterGc();
      r.put("heap after full GC 10 s after loading", String.format("%,d MB (%.2f B/pt)",
          heap >> 20, (double) heap / Math.max(1, held)));

      Random rnd = new Random(5);
      long[] view = new long[500];
      for (int i = -50; i < view.length; i++) {
        String run = String.format("run-%04d", rnd.nextInt(runs));
        String tag = String.format("tag-%02d", rnd.nextInt(tags));
        long a = rnd.nextInt(steps);
        long b = rnd.nextInt(steps);
        long t0 = System.nanoTime();
        var resp = s.get("/api/plugins/scalar/series?run=" + run + "&tag=" + tag + "&start="
            + Math.min(a, b) + "&end=" + Math.max(a, b) + "&points=2000");
        if (i >= 0) {
          view[i] = System.nanoTime() - t0;
        }
        if (resp.statusCode() != 200 && stoppedBy.isEmpty()) {
          throw new IllegalStateException(run + "/" + tag + ": " + resp.statusCode() + " " + resp.body());
        }
      }
      long[] list = new long[50];
      long[] tagList = new long[50];
      int runCount = 0;
      for (int i = -5; i < list.length; i++) {
        long t0 = System.nanoTime();
        var resp = s.get("/api/runs");
        long t1 = System.nanoTime();
        s.get("/api/plugins/scalar/tags");
        long t2 = System.nanoTime();
        if (i >= 0) {
          list[i] = t1 - t0;
          tagList[i] = t2 - t1;
        }
        runCount = resp.statusCode() == 200 ? (int) resp.body().chars().filter(c -> c == '{').count() : -1;
      }
      Arrays.sort(view);
      Arrays.sort(list);
      Arrays.sort(tagList);
      r.put("HTTP 2,000-pt view p50/p99 (ms)",
          SystemBenchmark.ms(view, 0.5) + " / " + SystemBenchmark.ms(view, 0.99));
      r.put("/api/runs p50/p99 (ms), " + runs + " runs",
          SystemBenchmark.ms(list, 0.5) + " / " + SystemBenchmark.ms(list, 0.99) + " (" + runCount + " runs)");
      r.put("scalar tag listing p50/p99 (ms)",
          SystemBenchmark.ms(tagList, 0.5) + " / " + SystemBenchmark.ms(tagList, 0.99));
      boolean oom = s.output().stream().anyMatch(l -> l.contains("OutOfMemoryError"));
      r.put("OutOfMemoryError in the server's output", oom ? "YES" : "none");
      r.put("budget stopped loading", stoppedBy.isEmpty() ? "no" : "yes");
      System.out.println("  " + r);
      if (!stoppedBy.isEmpty()) {
        System.out.println("  " + stoppedBy);
      }
    }
    return r;
  }
}
