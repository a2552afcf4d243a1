package org.visualdl.benchmarks;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.visualdl.maintainer.internal.InProcessQueries;
import org.visualdl.sdk.LogWriter;

/**
 * The whole-system benchmark: generates the reference workload R with the SDK, starts the
 * packaged server on it ({@code bin/visualdl}), and measures what a user waits for, each beside
 * its target and a baseline measured in the same run. Prints a table.
 *
 * <pre>
 * java -cp platform/benchmarks/target/benchmarks.jar org.visualdl.benchmarks.SystemBenchmark \
 *     [--quick] [--dist distribution/target/visualdl-0.1.0-SNAPSHOT] [--work /tmp/visualdl-bench]
 * </pre>
 */
public final class SystemBenchmark {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final HttpClient HTTP =
      HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

  private final List<String[]> rows = new ArrayList<>();
  private final Path dist;
  private final Path work;
  private final boolean quick;

  private SystemBenchmark(Path dist, Path work, boolean quick) {
    this.dist = dist;
    this.work = work;
    this.quick = quick;
  }

  public static void main(String[] args) throws Exception {
    Path dist = Path.of("distribution/target/visualdl-0.1.0-SNAPSHOT");
    Path work = Path.of(System.getProperty("java.io.tmpdir"), "visualdl-bench");
    boolean quick = false;
    for (int i = 0; i < args.length; i++) {
      switch (args[i]) {
        case "--quick" -> quick = true;
        case "--dist" -> dist = Path.of(args[++i]);
        case "--work" -> work = Path.of(args[++i]);
        default -> {
          System.err.println("usage: SystemBenchmark [--quick] [--dist DIR] [--work DIR]");
          System.exit(2);
        }
      }
    }
    if (!Files.isExecutable(dist.resolve("bin/visualdl"))) {
      System.err.println("no packaged server at " + dist + "; build it with ./mvnw -q install"
          + " -DskipTests or pass --dist");
      System.exit(2);
    }
    new SystemBenchmark(dist, work, quick).run();
  }

  private void row(String what, String result, String target, String baseline) {
    rows.add(new String[] {what, result, target, baseline});
    System.out.printf("  %-44s %s%n", what, result);
  }

  private void run() throws Exception {
    int runs = quick ? 10 : 100;
    Files.createDirectories(work);
    System.out.printf("VisualDL system benchmark (%s mode), work folder %s%n", quick ? "quick" : "full", work);

    // 1. The reference workload.
    Path r = work.resolve("R-" + runs);
    long points = (long) runs * 20 * 10_000;
    if (!Files.exists(r.resolve(".complete"))) {
      deleteTree(r);
      System.out.println("Generating " + runs + " runs x 20 tags x 10,000 steps ...");
      GenerateWorkload.Stats s = GenerateWorkload.generate(r, runs, 20, 10_000, 1);
      Files.writeString(r.resolve(".complete"), "");
      row("SDK write, whole workload (points/s)", String.format("%,.0f", s.pointsPerSecond()), ">= 10 M/s", "");
    }
    long bytes;
    try (Stream<Path> files = Files.walk(r)) {
      bytes = files.filter(p -> p.toString().endsWith(".vdl")).mapToLong(p -> p.toFile().length()).sum();
    }
    row("disk bytes per scalar point", String.format("%.2f", (double) bytes / points), "<= 6",
        "TensorBoard event files: 40-55");

    // 2. Cold start and load.
    Path empty = Files.createDirectories(work.resolve("empty"));
    long baselineHeap;
    try (Server s = Server.start(dist, empty)) {
      baselineHeap = s.heapAfterGc();
    }
    try (Server s = Server.start(dist, r)) {
      row("time to /api/health answering (s)", String.format("%.2f", s.healthyAfterNanos / 1e9), "<= 3",
          "");
      long loadedAt = s.awaitPoints(points, 120_000);
      double loadSeconds = (loadedAt - s.startNanos) / 1e9;
      row("time to fully loaded after launch (s)", String.format("%.2f", loadSeconds),
          quick ? "(R: <= 4.5)" : "<= 4.5", "");
      JsonNode h = s.json("/api/health");
      row("store heap bytes per point (accounted)",
          String.format("%.2f", h.get("storeBytes").asDouble() / points), "<= 12",
          "peers keep 1,000 points per series");
      long heap = s.heapAfterGc();
      row("JVM heap after GC per point (minus empty server)",
          String.format("%.2f", (double) (heap - baselineHeap) / points), "<= 12",
          String.format("empty server: %d MB", baselineHeap >> 20));
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
    InProcessQueries.Result inProcess = InProcessQueries.measure(q, "big", "loss", spikes, quick ? 200 : 1000);
    row(String.format("server: 2,000-pt view of %,d pts p50/p99 (ms)", inProcess.points()),
        ms(inProcess.summaryNanos(), 0.5) + " / " + ms(inProcess.summaryNanos(), 0.99), "<= 2 / <= 5",
        "full scan: " + ms(inProcess.scanNanos(), 0.5) + " / " + ms(inProcess.scanNanos(), 0.99));
    row("every planted spike kept in the whole-range view", String.valueOf(inProcess.spikesKept()), "true", "");
    try (Server s = Server.start(dist, q)) {
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
      row("HTTP+JSON: 2,000-pt view p50/p99 (ms)", ms(http, 0.5) + " / " + ms(http, 0.99), "p99 <= 15",
          "1 M raw points over HTTP: " + ms(scan, 0.5) + " ms");
    }

    // 4. Freshness: flush() to visible over HTTP and over /api/events.
    Path f = work.resolve("fresh");
    deleteTree(f);
    Files.createDirectories(f);
    try (Server s = Server.start(dist, f); LogWriter w = LogWriter.open(f.resolve("live"))) {
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
      row("freshness flush() -> HTTP p50/p99 (ms)", ms(viaHttp, 0.5) + " / " + ms(viaHttp, 0.99), "<= 1000",
          "TensorBoard: >= 5,000 (reload) + 30,000 (page poll)");
      row("freshness flush() -> /api/events p50/p99 (ms)", ms(viaEvents, 0.5) + " / " + ms(viaEvents, 0.99),
          "<= 1000", "");
    }
    print();
  }

  private static String ms(long[] sortedNanos, double q) {
    int i = Math.min(sortedNanos.length - 1, (int) Math.round(q * (sortedNanos.length - 1)));
    return String.format("%.2f", sortedNanos[i] / 1e6);
  }

  private void print() {
    System.out.println();
    String fmt = "| %-50s | %-18s | %-14s | %-40s |%n";
    System.out.printf(fmt, "what", "result", "target", "baseline (same run)");
    System.out.printf(fmt, "-".repeat(50), "-".repeat(18), "-".repeat(14), "-".repeat(40));
    for (String[] r : rows) {
      System.out.printf(fmt, r[0], r[1], r[2], r[3]);
    }
  }

  private static void deleteTree(Path p) throws IOException {
    if (!Files.exists(p)) {
      return;
    }
    try (Stream<Path> s = Files.walk(p)) {
      for (Path x : s.sorted((a, b) -> b.compareTo(a)).toList()) {
        Files.delete(x);
      }
    }
  }

  /** The packaged server in its own process. */
  static final class Server implements AutoCloseable {
    final Process process;
    final int port;
    final long startNanos;
    long healthyAfterNanos;
    final List<String> output = new ArrayList<>();

    private Server(Process process, int port, long startNanos) {
      this.process = process;
      this.port = port;
      this.startNanos = startNanos;
    }

    static Server start(Path dist, Path logdir) throws Exception {
      int port;
      try (ServerSocket s = new ServerSocket(0)) {
        port = s.getLocalPort();
      }
      ProcessBuilder pb =
          new ProcessBuilder(dist.resolve("bin/visualdl").toString(), "--logdir", logdir.toString(),
              "--port", Integer.toString(port))
              .redirectErrorStream(true);
      pb.environment().putIfAbsent("JAVA_HOME", System.getProperty("java.home"));
      long t0 = System.nanoTime();
      Server s = new Server(pb.start(), port, t0);
      Thread pump = new Thread(() -> {
        try (BufferedReader in = new BufferedReader(new InputStreamReader(s.process.getInputStream(), StandardCharsets.UTF_8))) {
          String line;
          while ((line = in.readLine()) != null) {
            synchronized (s.output) {
              s.output.add(line);
            }
          }
        } catch (IOException e) {
          // ended
        }
      });
      pump.setDaemon(true);
      pump.start();
      long deadline = System.nanoTime() + 60_000_000_000L;
      while (System.nanoTime() < deadline) {
        try {
          if (s.get("/api/health").statusCode() == 200) {
            s.healthyAfterNanos = System.nanoTime() - t0;
            return s;
          }
        } catch (IOException e) {
          // not up yet
        }
        if (!s.process.isAlive()) {
          throw new IllegalStateException("server exited: " + s.output);
        }
        Thread.sleep(5);
      }
      s.close();
      throw new IllegalStateException("server not healthy within 60 s: " + s.output);
    }

    HttpResponse<String> get(String path) throws IOException, InterruptedException {
      return HTTP.send(
          HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path))
              .timeout(Duration.ofSeconds(30)).build(),
          HttpResponse.BodyHandlers.ofString());
    }

    JsonNode json(String path) throws IOException, InterruptedException {
      return JSON.readTree(get(path).body());
    }

    /** Waits until the server holds the given number of scalar points; returns System.nanoTime(). */
    long awaitPoints(long points, long timeoutMs) throws Exception {
      long deadline = System.nanoTime() + timeoutMs * 1_000_000;
      while (System.nanoTime() < deadline) {
        if (json("/api/health").get("scalarPoints").asLong() >= points) {
          return System.nanoTime();
        }
        Thread.sleep(10);
      }
      throw new IllegalStateException("not loaded within " + timeoutMs + " ms: " + json("/api/health"));
    }

    /** Lines of the server's event stream. */
    BlockingQueue<String> events() throws Exception {
      BlockingQueue<String> lines = new LinkedBlockingQueue<>();
      HttpResponse<Stream<String>> resp =
          HTTP.sendAsync(
                  HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/api/events")).build(),
                  HttpResponse.BodyHandlers.ofLines())
              .get(10, TimeUnit.SECONDS);
      Thread t = new Thread(() -> resp.body().forEach(lines::add));
      t.setDaemon(true);
      t.start();
      return lines;
    }

    /** Used heap after a full GC, through jcmd. */
    long heapAfterGc() throws Exception {
      Path jcmd = Path.of(System.getProperty("java.home"), "bin", "jcmd");
      long pid = process.descendants().filter(p -> p.info().command().orElse("").endsWith("java"))
          .map(ProcessHandle::pid).findFirst().orElse(process.pid());
      run(jcmd.toString(), Long.toString(pid), "GC.run");
      String info = run(jcmd.toString(), Long.toString(pid), "GC.heap_info");
      // e.g. " garbage-first heap   total 262144K, used 12345K [...]"
      java.util.regex.Matcher m = java.util.regex.Pattern.compile("used (\\d+)K").matcher(info);
      if (!m.find()) {
        throw new IllegalStateException("cannot read heap use from jcmd: " + info);
      }
      return Long.parseLong(m.group(1)) * 1024;
    }

    private static String run(String... cmd) throws Exception {
      Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
      String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
      p.waitFor(60, TimeUnit.SECONDS);
      return out;
    }

    @Override
    public void close() throws InterruptedException {
      process.destroy();
      if (!process.waitFor(30, TimeUnit.SECONDS)) {
        process.destroyForcibly();
      }
    }
  }
}
