package org.visualdl.benchmarks;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.InputStream;
import java.net.Socket;
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
import java.util.Map;
import java.util.Random;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import java.util.stream.Stream;

/**
 * A soak of the packaged server, not a timed test: writer processes (child JVMs with the Java
 * SDK) append and flush, pollers call every route, event-stream clients come and go, and a churn
 * thread creates, renames, deletes, truncates and replaces other runs, for {@code --minutes N}.
 * It reports requests, errors, p50/p99 latency, the points written against the points served,
 * and the server's RSS and open file descriptors over time (from {@code /proc}).
 *
 * <p>Runs {@code writer-*} are never disturbed, so every point flushed to them must be served.
 * Answers about the disturbed runs {@code churn/*} are counted apart: a run that was just
 * deleted is rightly a 404, and how replaced files are served is another part of the system.
 *
 * <pre>java -cp platform/benchmarks/target/benchmarks.jar org.visualdl.benchmarks.SoakBenchmark --minutes 10</pre>
 */
public final class SoakBenchmark {
  private static final ObjectMapper JSON = new ObjectMapper();
  static final int TAGS = SoakWriter.TAGS;
  private static final int MAX_SAMPLES = 4_000_000;

  private final Path dist;
  private final Path work;
  private final Path logs;
  private final long minutes;
  private final int writers;
  private final int pollers;
  private final int streams;
  private final HttpClient http =
      HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10)).build();

  private final AtomicLong requests = new AtomicLong();
  private final AtomicLong errors = new AtomicLong();
  private final AtomicLong churnAnswers = new AtomicLong();
  private final Map<String, AtomicLong> errorKinds = new ConcurrentHashMap<>();
  private final Map<String, AtomicLong> churnKinds = new ConcurrentHashMap<>();
  private final long[] latencies = new long[MAX_SAMPLES];
  private final AtomicLong latencyCount = new AtomicLong();
  private final AtomicLong streamsOpened = new AtomicLong();
  private final AtomicLong streamEvents = new AtomicLong();
  private volatile boolean running = true;
  private RunChurn churn;
  private volatile List<String> runNames = List.of();

  SoakBenchmark(Path dist, Path work, long minutes, int writers, int pollers, int streams) {
    this.dist = dist;
    this.work = work;
    this.logs = work.resolve("logs");
    this.minutes = minutes;
    this.writers = writers;
    this.pollers = pollers;
    this.streams = streams;
  }

  public static void main(String[] args) throws Exception {
    Path dist = Path.of("distribution/target/visualdl-0.1.0-SNAPSHOT");
    Path work = Path.of(System.getProperty("java.io.tmpdir"), "visualdl-soak");
    long minutes = 10;
    int writers = 3;
    int pollers = 16;
    int streams = 4;
    for (int i = 0; i < args.length; i++) {
      switch (args[i]) {
        case "--minutes" -> minutes = Long.parseLong(args[++i]);
        case "--dist" -> dist = Path.of(args[++i]);
        case "--work" -> work = Path.of(args[++i]);
        case "--writers" -> writers = Integer.parseInt(args[++i]);
        case "--pollers" -> pollers = Integer.parseInt(args[++i]);
        case "--streams" -> streams = Integer.parseInt(args[++i]);
        default -> {
          System.err.println("usage: SoakBenchmark [--minutes N] [--writers W] [--pollers P]"
              + " [--streams S] [--dist DIR] [--work DIR]");
          System.exit(2);
        }
      }
    }
    if (!Files.isExecutable(dist.resolve("bin/visualdl"))) {
      System.err.println("no packaged server at " + dist + "; build it with ./mvnw -q install"
          + " -DskipTests or pass --dist");
      System.exit(2);
    }
    System.exit(new SoakBenchmark(dist, work, minutes, writers, pollers, streams).run());
  }

  int run() throws Exception {
    RunChurn.deleteTree(work);
    Files.createDirectories(logs.resolve("churn"));
    long deadline = System.currentTimeMillis() + minutes * 60_000;
    System.out.printf("soak: %d min, %d writer processes x %d tags, %d pollers, %d event-stream"
        + " clients, churn every 3 s, logs in %s%n", minutes, writers, TAGS, pollers, streams, logs);
    List<SoakWriter.Child> writerProcesses = new ArrayList<>();
    for (int i = 0; i < writers; i++) {
      writerProcesses.add(SoakWriter.Child.start(logs.resolve("writer-" + i), deadline, i));
    }
    List<String[]> samples = new ArrayList<>();
    int exit;
    try (PackagedServer server = PackagedServer.start(dist, logs, null)) {
      long pid = serverPid(server.process);
      List<Thread> threads = new ArrayList<>();
      for (int i = 0; i < pollers; i++) {
        threads.add(start("poller-" + i, () -> poll(server.port, deadline)));
      }
      for (int i = 0; i < streams; i++) {
        threads.add(start("events-" + i, () -> listen(server.port, deadline)));
      }
      churn = new RunChurn(logs.resolve("churn"));
      threads.add(start("churn", () -> churn.run(() -> running && System.currentTimeMillis() < deadline)));
      long t0 = System.currentTimeMillis();
      System.out.println("   min  requests    errors  churn-non2xx  events  RSS MiB  fds  points flushed");
      while (System.currentTimeMillis() < deadline) {
        samples.add(sample(pid, t0, writerProcesses));
        sleepUntil(Math.min(deadline, System.currentTimeMillis() + 30_000));
      }
      running = false;
      for (Thread t : threads) {
        t.join(60_000);
      }
      long written = 0;
      for (SoakWriter.Child w : writerProcesses) {
        written += w.awaitEnd();
      }
      long served = awaitServed(server.port, writerProcesses, written);
      samples.add(sample(pid, t0, writerProcesses));
      exit = report(samples, written, served);
    } finally {
      for (SoakWriter.Child w : writerProcesses) {
        w.process.destroyForcibly();
      }
    }
    return exit;
  }

  // ---- pollers -------------------------------------------------------------------------------

  private void poll(int port, long deadline) {
    Random rnd = new Random(Thread.currentThread().getName().hashCode());
    String[] fixed = {
      "/api/health", "/api/runs", "/api/plugins", "/api/plugins/scalar/tags",
      "/api/plugins/histogram/tags", "/api/plugins/image/tags", "/api/plugins/embedding/tags",
      "/", "/favicon.ico", "/plugins/scalar/index.js"
    };
    while (running && System.currentTimeMillis() < deadline) {
      int pick = rnd.nextInt(fixed.length + 6);
      String path;
      boolean churn = false;
      if (pick < fixed.length) {
        path = fixed[pick];
      } else if (pick < fixed.length + 4) {
        path = "/api/plugins/scalar/series?run=writer-" + rnd.nextInt(writers) + "&tag=t"
            + rnd.nextInt(TAGS) + "&points=" + (rnd.nextBoolean() ? 500 : 100000);
      } else {
        List<String> churnRuns = runNames.stream().filter(n -> n.startsWith("churn/")).toList();
        if (churnRuns.isEmpty()) {
          continue;
        }
        path = "/api/plugins/scalar/series?run=" + encode(churnRuns.get(rnd.nextInt(churnRuns.size())))
            + "&tag=loss";
        churn = true;
      }
      get(port, path, churn);
      pause(20);
    }
  }

  private void get(int port, String path, boolean churn) {
    long t = System.nanoTime();
    String kind;
    try {
      HttpResponse<String> r =
          http.send(
              HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path))
                  .timeout(Duration.ofSeconds(30)).build(),
              HttpResponse.BodyHandlers.ofString());
      record(System.nanoTime() - t);
      requests.incrementAndGet();
      if (r.statusCode() == 200) {
        if (path.equals("/api/runs")) {
          List<String> names = new ArrayList<>();
          JSON.readTree(r.body()).forEach(n -> names.add(n.get("name").asText()));
          runNames = names;
        }
        return;
      }
      kind = r.statusCode() + " " + path.replaceAll("\\?.*", "") + ": " + abbreviate(r.body());
    } catch (IOException | InterruptedException | RuntimeException e) {
      requests.incrementAndGet();
      kind = e.getClass().getSimpleName() + " " + path.replaceAll("\\?.*", "");
    }
    if (churn) {
      churnAnswers.incrementAndGet();
      churnKinds.computeIfAbsent(kind.replaceAll("'[^']*'", "'...'"), k -> new AtomicLong()).incrementAndGet();
    } else {
      errors.incrementAndGet();
      errorKinds.computeIfAbsent(kind, k -> new AtomicLong()).incrementAndGet();
    }
  }

  private void record(long nanos) {
    long i = latencyCount.getAndIncrement();
    if (i < MAX_SAMPLES) {
      latencies[(int) i] = nanos;
    }
  }

  // ---- event-stream clients ------------------------------------------------------------------

  private void listen(int port, long deadline) {
    Random rnd = new Random(Thread.currentThread().getName().hashCode());
    while (running && System.currentTimeMillis() < deadline) {
      long stayMs = 500 + rnd.nextInt(5_000);
      try (Socket s = new Socket("127.0.0.1", port)) {
        s.setSoTimeout(1_000);
        s.getOutputStream().write(("GET /api/events HTTP/1.1\r\nHost: 127.0.0.1:" + port
            + "\r\nAccept: text/event-stream\r\n\r\n").getBytes(StandardCharsets.US_ASCII));
        InputStream in = s.getInputStream();
        byte[] buf = new byte[8192];
        StringBuilder first = new StringBuilder();
        long until = System.currentTimeMillis() + stayMs;
        boolean counted = false;
        while (System.currentTimeMillis() < until && running) {
          int n;
          try {
            n = in.read(buf);
          } catch (java.net.SocketTimeoutException e) {
            continue;
          }
          if (n < 0) {
            break;
          }
          String chunk = new String(buf, 0, n, StandardCharsets.UTF_8);
          if (!counted) {
            first.append(chunk);
            if (first.length() >= 12) {
              counted = true;
              requests.incrementAndGet();
              if (first.toString().startsWith("HTTP/1.1 200")) {
                streamsOpened.incrementAndGet();
              } else {
                errors.incrementAndGet();
                errorKinds.computeIfAbsent("event stream " + first.substring(0, 12), k -> new AtomicLong())
                    .incrementAndGet();
                break;
              }
            }
          }
          streamEvents.addAndGet(chunk.split("\nevent: ", -1).length - 1 + (chunk.startsWith("event: ") ? 1 : 0));
        }
      } catch (IOException e) {
        requests.incrementAndGet();
        errors.incrementAndGet();
        errorKinds.computeIfAbsent("event stream " + e.getClass().getSimpleName(), k -> new AtomicLong())
            .incrementAndGet();
      }
      pause(rnd.nextInt(300));
    }
  }

  // ---- measuring -----------------------------------------------------------------------------

  private String[] sample(long pid, long t0, List<SoakWriter.Child> ws) {
    long rss = procStatusKb(pid, "VmRSS");
    long fds = countFds(pid);
    long flushed = ws.stream().mapToLong(w -> w.flushedPoints()).sum();
    String[] row = {
      String.format("%6.1f", (System.currentTimeMillis() - t0) / 60_000.0),
      Long.toString(requests.get()), Long.toString(errors.get()), Long.toString(churnAnswers.get()),
      Long.toString(streamEvents.get()), Long.toString(rss / 1024), Long.toString(fds),
      Long.toString(flushed)
    };
    System.out.printf("%s %9s %9s %13s %7s %8s %4s %15s%n", (Object[]) row);
    return row;
  }

  static long procStatusKb(long pid, String field) {
    try {
      for (String line : Files.readAllLines(Path.of("/proc/" + pid + "/status"))) {
        if (line.startsWith(field + ":")) {
          return Long.parseLong(line.replaceAll("[^0-9]", ""));
        }
      }
    } catch (IOException | RuntimeException e) {
      // not Linux, or the process ended
    }
    return -1;
  }

  static long countFds(long pid) {
    try (Stream<Path> s = Files.list(Path.of("/proc/" + pid + "/fd"))) {
      return s.count();
    } catch (IOException e) {
      return -1;
    }
  }

  private static long serverPid(Process launcher) {
    // bin/visualdl execs java, so the launcher's pid is the server's; a wrapper would have a child.
    return launcher.descendants()
        .filter(p -> p.info().command().orElse("").endsWith("java"))
        .map(ProcessHandle::pid).findFirst().orElse(launcher.pid());
  }

  /** Waits until every flushed point of the writer runs is served; returns the points served. */
  private long awaitServed(int port, List<SoakWriter.Child> ws, long written) throws Exception {
    long served = 0;
    long end = System.currentTimeMillis() + 60_000;
    do {
      served = 0;
      for (SoakWriter.Child w : ws) {
        for (int t = 0; t < TAGS; t++) {
          HttpResponse<String> r =
              http.send(
                  HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port
                      + "/api/plugins/scalar/series?points=2&run=" + w.dir.getFileName() + "&tag=t" + t))
                      .timeout(Duration.ofSeconds(30)).build(),
                  HttpResponse.BodyHandlers.ofString());
          if (r.statusCode() == 200) {
            served += JSON.readTree(r.body()).get("total").asLong();
          }
        }
      }
      if (served >= written) {
        break;
      }
      pause(500);
    } while (System.currentTimeMillis() < end);
    return served;
  }

  private int report(List<String[]> samples, long written, long served) {
    int n = (int) Math.min(latencyCount.get(), MAX_SAMPLES);
    long[] sorted = Arrays.copyOf(latencies, n);
    Arrays.sort(sorted);
    String[] first = samples.get(0);
    String[] last = samples.get(samples.size() - 1);
    long maxRss = samples.stream().mapToLong(r -> Long.parseLong(r[5])).max().orElse(-1);
    long maxFds = samples.stream().mapToLong(r -> Long.parseLong(r[6])).max().orElse(-1);
    System.out.println();
    System.out.println("== soak summary ==");
    System.out.printf("duration            %d min%n", minutes);
    System.out.printf("requests            %d (event streams opened: %d, events heard: %d)%n",
        requests.get(), streamsOpened.get(), streamEvents.get());
    System.out.printf("errors              %d%n", errors.get());
    errorKinds.forEach((k, v) -> System.out.printf("    %6d x %s%n", v.get(), k));
    System.out.printf("churn-run non-2xx   %d (answers about runs being renamed, deleted, truncated,"
        + " replaced; %d churn actions)%n", churnAnswers.get(), churn.actions());
    churnKinds.forEach((k, v) -> System.out.printf("    %6d x %s%n", v.get(), k));
    System.out.printf("latency             p50 %s ms, p99 %s ms, max %s ms (%d requests)%n",
        ms(sorted, 0.50), ms(sorted, 0.99), ms(sorted, 1.0), n);
    System.out.printf("points              written (flushed) %d, served %d%s%n", written, served,
        served == written ? " (all)" : " (MISSING " + (written - served) + ")");
    System.out.printf("server RSS MiB      start %s, end %s, max %d%n", first[5], last[5], maxRss);
    System.out.printf("server fds          start %s, end %s, max %d%n", first[6], last[6], maxFds);
    return errors.get() == 0 && served == written ? 0 : 1;
  }

  private static String ms(long[] sorted, double q) {
    if (sorted.length == 0) {
      return "-";
    }
    int i = (int) Math.min(sorted.length - 1, Math.ceil(q * sorted.length) - 1);
    return String.format("%.1f", sorted[Math.max(0, i)] / 1e6);
  }

  // ---- small things --------------------------------------------------------------------------

  private static Thread start(String name, Runnable r) {
    Thread t = new Thread(r, name);
    t.setDaemon(true);
    t.start();
    return t;
  }

  private static void pause(long ms) {
    try {
      Thread.sleep(ms);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  private static void sleepUntil(long when) {
    long left = when - System.currentTimeMillis();
    if (left > 0) {
      pause(left);
    }
  }

  private static String encode(String s) {
    return java.net.URLEncoder.encode(s, StandardCharsets.UTF_8);
  }

  private static String abbreviate(String body) {
    String b = body.replaceAll("\\s+", " ");
    return b.length() > 120 ? b.substring(0, 120) + "..." : b;
  }
}
