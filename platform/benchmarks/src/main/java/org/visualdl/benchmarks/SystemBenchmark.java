package org.visualdl.benchmarks;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.File;
import java.io.IOException;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.visualdl.sdk.LogWriter;

/**
 * The whole-system benchmark: generates the reference workload R with the SDK (float32 values
 * and random-walk doubles), starts the packaged server on it ({@code bin/visualdl}), and measures
 * what a user waits for, each beside its target and a baseline measured in the same run. With
 * {@code --before DIST} every server measurement also runs against another build (for example the
 * main branch's), interleaved with this one, so that before and after share the machine's noise.
 * Prints a table.
 *
 * <pre>
 * java -cp platform/benchmarks/target/benchmarks.jar org.visualdl.benchmarks.SystemBenchmark \
 *     [--quick] [--dist distribution/target/visualdl-0.1.0-SNAPSHOT] [--before OTHER_DIST]
 *     [--work /tmp/visualdl-bench] [--values float32|double|both]
 * </pre>
 */
public final class SystemBenchmark {
  private final Map<String, Map<String, String>> results = new LinkedHashMap<>();
  private final Map<String, String[]> meta = new LinkedHashMap<>();
  private final Map<String, Path> dists = new LinkedHashMap<>();
  private final Path work;
  private final boolean quick;
  private final List<Boolean> workloads;

  private SystemBenchmark(Path dist, Path before, Path work, boolean quick, List<Boolean> doubles) {
    if (before != null) {
      dists.put("before", before);
    }
    dists.put(before != null ? "after" : "result", dist);
    this.work = work;
    this.quick = quick;
    this.workloads = doubles;
  }

  public static void main(String[] args) throws Exception {
    Path dist = Path.of("distribution/target/visualdl-0.1.0-SNAPSHOT");
    Path before = null;
    Path work = Path.of(System.getProperty("java.io.tmpdir"), "visualdl-bench");
    boolean quick = false;
    List<Boolean> doubles = List.of(false, true);
    for (int i = 0; i < args.length; i++) {
      switch (args[i]) {
        case "--quick" -> quick = true;
        case "--dist" -> dist = Path.of(args[++i]);
        case "--before" -> before = Path.of(args[++i]);
        case "--work" -> work = Path.of(args[++i]);
        case "--values" -> {
          String v = args[++i];
          doubles = v.equals("float32") ? List.of(false) : v.equals("double") ? List.of(true)
              : List.of(false, true);
        }
        default -> {
          System.err.println("usage: SystemBenchmark [--quick] [--dist DIR] [--before DIR]"
              + " [--work DIR] [--values float32|double|both]");
          System.exit(2);
        }
      }
    }
    for (Path d : before == null ? List.of(dist) : List.of(dist, before)) {
      if (!Files.isExecutable(d.resolve("bin/visualdl"))) {
        System.err.println("no packaged server at " + d + "; build it with ./mvnw -q install"
            + " -DskipTests or pass --dist");
        System.exit(2);
      }
    }
    new SystemBenchmark(dist, before, work, quick, doubles).run();
  }

  private void row(String label, String what, String result, String target, String baseline) {
    meta.putIfAbsent(what, new String[] {target, baseline});
    if (!baseline.isEmpty()) {
      meta.get(what)[1] = baseline;
    }
    results.computeIfAbsent(what, k -> new LinkedHashMap<>()).put(label, result);
    System.out.printf("  %-8s %-52s %s%n", label, what, result);
  }

  private void run() throws Exception {
    int runs = quick ? 10 : 100;
    Files.createDirectories(work);
    System.out.printf("VisualDL system benchmark (%s mode), work folder %s, builds %s%n",
        quick ? "quick" : "full", work, dists);
    long points = (long) runs * 20 * 10_000;

    // 1. Heap of an empty server, per build.
    Path empty = Files.createDirectories(work.resolve("empty"));
    Map<String, Long> emptyHeap = new LinkedHashMap<>();
    for (var d : dists.entrySet()) {
      try (PackagedServer s = PackagedServer.start(d.getValue(), empty, null)) {
        emptyHeap.put(d.getKey(), s.heapAfterGc());
      }
    }

    // 2. The reference workload, float32 and doubles: cold start, load, memory.
    for (boolean doubles : workloads) {
      String kind = doubles ? "doubles" : "float32";
      Path r = work.resolve("R-" + runs + (doubles ? "-double" : ""));
      if (!Files.exists(r.resolve(".complete"))) {
        deleteTree(r);
        System.out.println("Generating " + runs + " runs x 20 tags x 10,000 steps of " + kind + " ...");
        GenerateWorkload.Stats s = GenerateWorkload.generate(r, runs, 20, 10_000, 1, doubles);
        Files.writeString(r.resolve(".complete"), "");
        System.out.printf("  SDK write, whole workload: %,.0f points/s%n", s.pointsPerSecond());
      }
      long bytes;
      try (Stream<Path> files = Files.walk(r)) {
        bytes = files.filter(p -> p.toString().endsWith(".vdl")).mapToLong(p -> p.toFile().length()).sum();
      }
      String disk = String.format("%.2f", (double) bytes / points);
      for (String label : dists.keySet()) {
        row(label, "R " + kind + ": disk bytes per point", disk, "<= 6",
            "TensorBoard event files: 40-55");
      }
      for (var d : dists.entrySet()) {
        String label = d.getKey();
        try (PackagedServer s = PackagedServer.start(d.getValue(), r, null)) {
          row(label, "R " + kind + ": time to /api/health (s)",
              String.format("%.2f", s.healthyAfterNanos / 1e9), "<= 3", "");
          long loadedAt = s.awaitPoints(points, 120_000);
          double loadSeconds = (loadedAt - s.startNanos) / 1e9;
          row(label, "R " + kind + ": time to fully loaded after launch (s)",
              String.format("%.2f", loadSeconds), quick ? "(R: <= 4.5)" : "<= 4.5", "");
          long heapNow = s.heapAfterGc();
          JsonNode h = s.json("/api/health");
          row(label, "R " + kind + ": store bytes per point (accounted)",
              String.format("%.2f", h.get("storeBytes").asDouble() / points), "", "");
          row(label, "R " + kind + ": heap/pt right after loading (full GC)",
              String.format("%.2f", (double) (heapNow - emptyHeap.get(label)) / points),
              doubles ? "<= 11.25" : "<= 5", "");
          long wait = loadedAt + 10_000_000_000L - System.nanoTime();
          if (wait > 0) {
            Thread.sleep(wait / 1_000_000);
          }
          long heapLater = s.heapAfterGc();
          row(label, "R " + kind + ": heap/pt 10 s after loading (full GC)",
              String.format("%.2f", (double) (heapLater - emptyHeap.get(label)) / points),
              doubles ? "<= 9" : "<= 4", String.format("peers keep 1,000 pts/series; empty"
                  + " server %d MB", emptyHeap.get(label) >> 20));
        }
      }
    }

    // 3. Queries of a 10 M-point series with planted spikes.
    int qPoints = quick ? 2_000_000 : 10_000_000;
    Path q = work.resolve("Q-" + qPoints);
    long[] spikes = {qPoints / 7, qPoints / 3, qPoints - 12_345};
    if (!Files.exists(q.resolve(".complete"))) {
      deleteTree(q);
      try (LogWriter w = LogWriter.open(q.resolve("big"))) {
        Random rnd = new Random(3);
        for (long step = 0; step < qPoints; step++) {
          double v = Math.sin(step / 5000.0) + 0.1 * rnd.nextGaussian();
          if (step == spikes[0]) {
            v = 100;
          } else if (step == spikes[1]) {
            v = -100;
          } else if (step == spikes[2]) {
            v = 55;
          }
          w.addScalar("loss", step, v);
        }
      }
      Files.writeString(q.resolve(".complete"), "");
    }
    for (var d : dists.entrySet()) {
      String label = d.getKey();
      String[] r = inProcessQueries(d.getValue(), q, spikes, quick ? 200 : 1000);
      // points spikes view-p50 view-p99 scan-p50 scan-p99 range-p50 range-p99
      row(label, String.format("server: 2,000-pt view of %,d pts p50/p99 (ms)", Long.parseLong(r[0])),
          r[2] + " / " + r[3], "<= 2 / <= 5", "full scan (" + label + "): " + r[4] + " / " + r[5]);
      row(label, "server: 100,000-pt full-resolution range p50/p99 (ms)", r[6] + " / " + r[7],
          "<= 20", "");
      row(label, "server, thread CPU time: 2,000-pt view p50/p99 (ms)", r[8] + " / " + r[9],
          "", "full scan (" + label + "): " + r[10] + " / " + r[11]);
      row(label, "server, thread CPU time: 100,000-pt range p50/p99 (ms)", r[12] + " / " + r[13],
          "", "");
      row(label, "every planted spike kept in the whole-range view", r[1], "true", "");
    }
    for (var d : dists.entrySet()) {
      String label = d.getKey();
      try (PackagedServer s = PackagedServer.start(d.getValue(), q, null)) {
        s.awaitPoints(qPoints, 120_000);
        long[] http = new long[quick ? 200 : 1000];
        long[] scan = new long[http.length / 10];
        Random rnd = new Random(11);
        for (int i = -50; i < http.length; i++) {
          long a = rnd.nextInt(qPoints);
          long b = rnd.nextInt(qPoints);
          long t0 = System.nanoTime();
          s.get("/api/plugins/scalar/series?run=big&tag=loss&start=" + Math.min(a, b) + "&end="
              + Math.max(a, b) + "&points=2000");
          if (i >= 0) {
            http[i] = System.nanoTime() - t0;
          }
        }
        for (int i = 0; i < scan.length; i++) {
          long t0 = System.nanoTime();
          s.get("/api/plugins/scalar/series?run=big&tag=loss&points=1000000&start=0&end=999999");
          scan[i] = System.nanoTime() - t0;
        }
        Arrays.sort(http);
        Arrays.sort(scan);
        row(label, "HTTP+JSON: 2,000-pt view p50/p99 (ms)", ms(http, 0.5) + " / " + ms(http, 0.99),
            "p99 <= 15", "1 M raw points over HTTP (" + label + "): " + ms(scan, 0.5) + " ms");
      }
    }

    // 4. Freshness: flush() to visible over HTTP and over /api/events.
    for (var d : dists.entrySet()) {
      freshness(d.getKey(), d.getValue());
    }
    print();
  }

  /** Runs InProcessQueries in a fresh JVM with the given build's maintainer first on the class path. */
  private String[] inProcessQueries(Path dist, Path q, long[] spikes, int queries) throws Exception {
    String ours = Path.of(SystemBenchmark.class.getProtectionDomain().getCodeSource().getLocation()
        .toURI()).toString();
    String maintainer;
    try (Stream<Path> s = Files.list(dist.resolve("bundles"))) {
      maintainer = s.filter(p -> p.getFileName().toString().startsWith("org.visualdl.maintainer"))
          .findFirst().orElseThrow().toString();
    }
    List<String> cmd = new ArrayList<>(List.of(
        Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-Xmx3g",
        "-cp", maintainer + File.pathSeparator + ours, InProcessQueries.class.getName(),
        q.toString(), "big", "loss", Integer.toString(queries)));
    for (long s : spikes) {
      cmd.add(Long.toString(s));
    }
    String out = PackagedServer.run(cmd.toArray(String[]::new));
    for (String line : out.split("\n")) {
      if (line.startsWith("RESULT ")) {
        return line.substring(7).trim().split(" ");
      }
    }
    throw new IllegalStateException("in-process queries failed: " + out);
  }

  private void freshness(String label, Path dist) throws Exception {
    Path f = work.resolve("fresh");
    deleteTree(f);
    Files.createDirectories(f);
    try (PackagedServer s = PackagedServer.start(dist, f, null);
        LogWriter w = LogWriter.open(f.resolve("live"))) {
      BlockingQueue<String> events = s.events();
      int n = quick ? 10 : 30;
      long[] viaHttp = new long[n];
      long[] viaEvents = new long[n];
      for (int i = 0; i < n; i++) {
        events.clear();
        w.addScalar("loss", i, i);
        w.flush();
        long t0 = System.nanoTime();
        String needle = "\"lastStep\":" + i + "}";
        boolean seenEvent = false;
        boolean seenHttp = false;
        while (!(seenEvent && seenHttp) && System.nanoTime() - t0 < 10_000_000_000L) {
          String line = events.poll(2, TimeUnit.MILLISECONDS);
          if (!seenEvent && line != null && line.contains(needle)) {
            viaEvents[i] = System.nanoTime() - t0;
            seenEvent = true;
          }
          if (!seenHttp) {
            HttpResponse<String> resp = s.get("/api/plugins/scalar/series?run=live&tag=loss&start=" + i + "&end=" + i);
            if (resp.statusCode() == 200 && resp.body().contains("\"steps\":[" + i + "]")) {
              viaHttp[i] = System.nanoTime() - t0;
              seenHttp = true;
            }
          }
        }
        Thread.sleep(50);
      }
      Arrays.sort(viaHttp);
      Arrays.sort(viaEvents);
      row(label, "freshness flush() -> HTTP p50/p99 (ms)", ms(viaHttp, 0.5) + " / " + ms(viaHttp, 0.99),
          "<= 1000", "TensorBoard: >= 5,000 (reload) + 30,000 (page poll)");
      row(label, "freshness flush() -> /api/events p50/p99 (ms)",
          ms(viaEvents, 0.5) + " / " + ms(viaEvents, 0.99), "<= 1000", "");
    }
  }

  static String ms(long[] sortedNanos, double q) {
    int i = Math.min(sortedNanos.length - 1, (int) Math.round(q * (sortedNanos.length - 1)));
    return String.format("%.2f", sortedNanos[i] / 1e6);
  }

  private void print() {
    System.out.println();
    List<String> labels = new ArrayList<>(dists.keySet());
    StringBuilder fmt = new StringBuilder("| %-52s |");
    List<String> head = new ArrayList<>(List.of("what"));
    for (String l : labels) {
      fmt.append(" %-15s |");
      head.add(l);
    }
    fmt.append(" %-12s | %-44s |%n");
    head.add("target");
    head.add("baseline (same run)");
    System.out.printf(fmt.toString(), head.toArray());
    List<String> dashes = new ArrayList<>();
    for (String h : head) {
      dashes.add("-".repeat(h.equals("what") ? 52 : h.startsWith("base") ? 44 : h.equals("target") ? 12 : 15));
    }
    System.out.printf(fmt.toString(), dashes.toArray());
    for (var e : results.entrySet()) {
      List<String> cells = new ArrayList<>(List.of(e.getKey()));
      for (String l : labels) {
        cells.add(e.getValue().getOrDefault(l, ""));
      }
      cells.add(meta.get(e.getKey())[0]);
      cells.add(meta.get(e.getKey())[1]);
      System.out.printf(fmt.toString(), cells.toArray());
    }
  }

  static void deleteTree(Path p) throws IOException {
    if (!Files.exists(p)) {
      return;
    }
    try (Stream<Path> s = Files.walk(p)) {
      for (Path x : s.sorted((a, b) -> b.compareTo(a)).toList()) {
        Files.delete(x);
      }
    }
  }
}
