package org.visualdl.benchmarks;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;

/**
 * The reference workload R served from local disk, from HDFS and from S3, side by side in one
 * run (the machine is shared and noisy: the local figures are the baseline). Generates R with the
 * Java SDK ({@link GenerateWorkload}), starts a real HDFS ({@link MiniHdfs}: MiniDFSCluster in
 * this JVM) and a real S3 server ({@link S3ProxyProcess}: S3Proxy in a JVM of its own), uploads
 * R with the stores' own clients (Hadoop's {@code copyFromLocalFile}; the AWS SDK's
 * {@code putObject} per file), then starts the packaged server ({@code bin/visualdl}) once per
 * store: {@code --logdir LOCAL}, {@code --logdir hdfs://127.0.0.1:PORT/R},
 * {@code --logdir s3://visualdl-bench/R} (with {@code AWS_ENDPOINT_URL}, {@code AWS_REGION},
 * {@code AWS_ACCESS_KEY_ID}, {@code AWS_SECRET_ACCESS_KEY}; for HDFS also
 * {@code HADOOP_CONF_DIR} with a {@code core-site.xml} naming the cluster). For each it reports
 * time to /api/health 200, time to fully loaded (state ready and every point held), bytes read,
 * the requests the server's storage backend counted (the {@code storage} entries of
 * /api/health) and those the store itself served, and the requests of the idle polls after
 * loading. Prints a table.
 *
 * <pre>
 * java -jar platform/benchmarks-remote/target/benchmarks-remote.jar \
 *     [--runs 100] [--tags 20] [--steps 10000] [--rounds 1] [--idle-seconds 11]
 *     [--stores local,hdfs,s3] [--dist distribution/target/visualdl-0.1.0-SNAPSHOT]
 *     [--work /tmp/visualdl-remote-bench] [--timeout-seconds 600]
 *     [--s3proxy-lib platform/benchmarks-remote/target/s3proxy-lib] [--s3proxy-heap 1g]
 * </pre>
 */
public final class RemoteBenchmark {

  static final String BUCKET = "visualdl-bench";
  static final String USAGE = "usage: RemoteBenchmark [--runs N] [--tags N] [--steps N]"
      + " [--rounds N] [--idle-seconds N] [--stores local,hdfs,s3] [--dist DIR] [--work DIR]"
      + " [--timeout-seconds N] [--s3proxy-lib DIR] [--s3proxy-heap SIZE]";

  private final Map<String, Map<String, List<String>>> results = new LinkedHashMap<>();
  private final List<String> labels = new ArrayList<>();

  private RemoteBenchmark() {}

  public static void main(String[] args) throws Exception {
    Path dist = Path.of("distribution/target/visualdl-0.1.0-SNAPSHOT");
    Path work = Path.of(System.getProperty("java.io.tmpdir"), "visualdl-remote-bench");
    Path s3proxyLib = null;
    String s3proxyHeap = "1g";
    int runs = 100;
    int tags = 20;
    int steps = 10_000;
    int rounds = 1;
    int idleSeconds = 11;
    long timeoutSeconds = 600;
    List<String> stores = List.of("local", "hdfs", "s3");
    try {
      for (int i = 0; i < args.length; i++) {
        switch (args[i]) {
          case "--dist" -> dist = Path.of(args[++i]);
          case "--work" -> work = Path.of(args[++i]);
          case "--runs" -> runs = Integer.parseInt(args[++i]);
          case "--tags" -> tags = Integer.parseInt(args[++i]);
          case "--steps" -> steps = Integer.parseInt(args[++i]);
          case "--rounds" -> rounds = Integer.parseInt(args[++i]);
          case "--idle-seconds" -> idleSeconds = Integer.parseInt(args[++i]);
          case "--timeout-seconds" -> timeoutSeconds = Long.parseLong(args[++i]);
          case "--s3proxy-lib" -> s3proxyLib = Path.of(args[++i]);
          case "--s3proxy-heap" -> s3proxyHeap = args[++i];
          case "--stores" -> stores = Arrays.asList(args[++i].split(","));
          default -> throw new IllegalArgumentException(args[i]);
        }
      }
    } catch (RuntimeException e) {
      System.err.println(USAGE);
      System.exit(2);
    }
    for (String s : stores) {
      if (!List.of("local", "hdfs", "s3").contains(s)) {
        System.err.println("--stores takes local, hdfs and s3, not " + s);
        System.exit(2);
      }
    }
    if (!Files.isExecutable(dist.resolve("bin/visualdl"))) {
      System.err.println("no packaged server at " + dist + ": build it with ./mvnw -q install"
          + " -DskipTests, or pass --dist DIR");
      System.exit(2);
    }
    if (s3proxyLib == null) {
      s3proxyLib = S3ProxyProcess.defaultLib();
    }
    new RemoteBenchmark().run(dist, work, runs, tags, steps, rounds, idleSeconds,
        timeoutSeconds * 1000, stores, s3proxyLib, s3proxyHeap);
    System.exit(0);   // Hadoop's and the HTTP clients' threads are not all daemons
  }

  private void run(Path dist, Path work, int runs, int tags, int steps, int rounds,
      int idleSeconds, long timeoutMs, List<String> stores, Path s3proxyLib, String s3proxyHeap)
      throws Exception {
    long points = (long) runs * tags * steps;
    Files.createDirectories(work);
    System.out.printf("VisualDL remote storage benchmark: %d runs x %d tags x %,d steps = %,d"
        + " float32 points; server %s; work folder %s%n", runs, tags, steps, points, dist, work);

    Path r = work.resolve("R-" + runs + "x" + tags + "x" + steps);
    if (!Files.exists(r.resolve(".complete"))) {
      deleteTree(r);
      System.out.println("Generating the workload with the Java SDK ...");
      GenerateWorkload.Stats s = GenerateWorkload.generate(r, runs, tags, steps, 1);
      Files.writeString(r.resolve(".complete"), "");
      System.out.printf("  %,d bytes, %.2f bytes/point, %.1f s%n", s.bytes(), s.bytesPerPoint(),
          s.nanos() / 1e9);
    }
    long diskBytes = GenerateWorkload.sizeOf(r);

    MiniHdfs hdfs = null;
    S3ProxyProcess s3 = null;
    try {
      Map<String, Store> byLabel = new LinkedHashMap<>();
      for (String store : stores) {
        switch (store) {
          case "local" -> byLabel.put("local", new Store(r.toAbsolutePath().toString(), Map.of(),
              Map::of));
          case "hdfs" -> {
            long t0 = System.nanoTime();
            hdfs = MiniHdfs.start(work.resolve("hdfs"));
            long t1 = System.nanoTime();
            long bytes = hdfs.upload(r, "/R");
            long t2 = System.nanoTime();
            System.out.printf("HDFS: MiniDFSCluster %s up in %.1f s; uploaded %,d bytes with"
                + " FileSystem.copyFromLocalFile in %.1f s (NameNode and DataNode: %s)%n",
                hdfs.uri(), (t1 - t0) / 1e9, bytes, (t2 - t1) / 1e9,
                requests(hdfs.storeCounters()));
            MiniHdfs h = hdfs;
            byLabel.put("hdfs", new Store(hdfs.uri() + "/R",
                Map.of("HADOOP_CONF_DIR", hdfs.confDir().toString()), h::storeCounters));
          }
          case "s3" -> {
            long t0 = System.nanoTime();
            s3 = S3ProxyProcess.start(s3proxyLib, work.resolve("s3proxy"), s3proxyHeap);
            long t1 = System.nanoTime();
            s3.createBucket(BUCKET);
            long bytes = s3.upload(r, BUCKET, "R");
            long t2 = System.nanoTime();
            System.out.printf("S3: S3Proxy %s up in %.1f s; uploaded %,d bytes with the AWS SDK's"
                + " putObject in %.1f s (S3Proxy: %s)%n", s3.endpoint(), (t1 - t0) / 1e9, bytes,
                (t2 - t1) / 1e9, requests(s3.storeCounters()));
            S3ProxyProcess p = s3;
            byLabel.put("s3", new Store("s3://" + BUCKET + "/R", s3.env(), p::storeCounters));
          }
          default -> throw new IllegalStateException(store);
        }
      }
      labels.addAll(byLabel.keySet());
      for (String label : labels) {
        put("--logdir", label, byLabel.get(label).logdir());
        put("R on disk (bytes)", label, String.format("%,d", diskBytes));
      }
      for (int round = 1; round <= rounds; round++) {
        for (var e : byLabel.entrySet()) {
          measure(e.getKey(), e.getValue(), dist, points, idleSeconds, timeoutMs);
        }
      }
    } finally {
      if (s3 != null) {
        s3.close();
      }
      if (hdfs != null) {
        hdfs.close();
      }
    }
    print(rounds);
  }

  /** Where a store's R is, what the server needs to reach it, and the store's own counters. */
  record Store(String logdir, Map<String, String> env, Supplier<Map<String, Long>> counters) {}

  private void measure(String label, Store store, Path dist, long points, int idleSeconds,
      long timeoutMs) throws Exception {
    System.out.println("Serving " + store.logdir() + " ...");
    Map<String, Long> storeBefore = store.counters().get();
    PackagedServer s;
    try {
      s = PackagedServer.start(dist, store.logdir(), store.env(), timeoutMs);
    } catch (IllegalStateException e) {
      put("time to /api/health 200 (s)", label, "failed");
      System.out.println("  " + e.getMessage());
      return;
    }
    try {
      put("time to /api/health 200 (s)", label, String.format("%.2f", s.healthyAfterNanos / 1e9));
      long deadline = s.startNanos + timeoutMs * 1_000_000;
      JsonNode h = s.json("/api/health");
      while (!loaded(h, points) && System.nanoTime() < deadline && s.process.isAlive()) {
        Thread.sleep(20);
        h = s.json("/api/health");
      }
      long loadedAt = System.nanoTime();
      boolean done = loaded(h, points);
      put("time to fully loaded after launch (s)", label, done
          ? String.format("%.2f", (loadedAt - s.startNanos) / 1e9)
          : String.format("not within %d s", timeoutMs / 1000));
      put("scalar points held", label, String.format("%,d", h.path("scalarPoints").asLong()));
      put("bytes loaded (/api/health loadedBytes)", label,
          String.format("%,d", h.path("loadedBytes").asLong()));
      Map<String, Long> backend = backendCounters(h);
      Map<String, Long> storeSide = delta(storeBefore, store.counters().get());
      put("backend: bytes read", label, show(backend, "bytesRead"));
      put("backend: list / stat / get requests to loaded", label,
          show(backend, "list") + " / " + show(backend, "stat") + " / " + show(backend, "get"));
      put("backend: errors to loaded", label, show(backend, "errors"));
      put("store side: requests to loaded", label, requests(storeSide));
      put("storage state", label, storageState(h));

      Map<String, Long> storeIdle = store.counters().get();
      Thread.sleep(idleSeconds * 1000L);
      JsonNode later = s.json("/api/health");
      Map<String, Long> idle = delta(backend, backendCounters(later));
      put("idle " + idleSeconds + " s after loaded: backend list / stat / get", label,
          backendCounters(later).isEmpty() ? "n/a"
              : idle.getOrDefault("list", 0L) + " / " + idle.getOrDefault("stat", 0L) + " / "
                  + idle.getOrDefault("get", 0L));
      Map<String, Long> storeIdleDelta = delta(storeIdle, store.counters().get());
      put("idle " + idleSeconds + " s after loaded: store side", label,
          requests(storeIdleDelta));
      if (!done) {
        System.out.println("  not loaded: " + h);
        System.out.println("  server output: " + String.join(" | ", s.output()));
      }
    } finally {
      s.close();
    }
  }

  /** Every point held, and the store's first pass done where the server says so. */
  static boolean loaded(JsonNode health, long points) {
    String state = health.path("state").asText("ready");
    return health.path("scalarPoints").asLong() >= points && state.equals("ready");
  }

  /**
   * The counters of the server's storage backends, summed over the {@code storage} entries of
   * /api/health ({@code [{"location", "state", "counters": {"list": N, ...}}, ...]}); empty when
   * the server reports none (the local backend counts nothing, older servers have no entries).
   */
  static Map<String, Long> backendCounters(JsonNode health) {
    Map<String, Long> sum = new LinkedHashMap<>();
    for (JsonNode entry : health.path("storage")) {
      entry.path("counters").fields().forEachRemaining(
          f -> sum.merge(f.getKey(), f.getValue().asLong(), Long::sum));
    }
    return sum;
  }

  static String storageState(JsonNode health) {
    if (!health.has("storage")) {
      return "no storage entries in /api/health";
    }
    List<String> states = new ArrayList<>();
    for (JsonNode entry : health.path("storage")) {
      String state = entry.path("state").asText("?");
      states.add(entry.has("error") && !entry.path("error").asText().isEmpty()
          ? state + " (" + entry.path("error").asText() + ")" : state);
    }
    return states.isEmpty() ? "-" : String.join(", ", states);
  }

  /** The store's own counts that moved, for example {@code GetListingOps 101, BytesRead 1,234}. */
  static String requests(Map<String, Long> storeCounters) {
    if (storeCounters.isEmpty()) {
      return "-";
    }
    List<String> moved = new ArrayList<>();
    storeCounters.forEach((k, v) -> {
      if (v != 0) {
        moved.add(String.format("%s %,d", k, v));
      }
    });
    return moved.isEmpty() ? "none" : String.join(", ", moved);
  }

  static Map<String, Long> delta(Map<String, Long> before, Map<String, Long> after) {
    Map<String, Long> d = new LinkedHashMap<>();
    after.forEach((k, v) -> d.put(k, v - before.getOrDefault(k, 0L)));
    return d;
  }

  static void deleteTree(Path root) throws java.io.IOException {
    if (!Files.exists(root)) {
      return;
    }
    try (var s = Files.walk(root)) {
      for (Path p : s.sorted(java.util.Comparator.reverseOrder()).toList()) {
        Files.delete(p);
      }
    }
  }

  private static String show(Map<String, Long> counters, String name) {
    Long v = counters.get(name);
    return v == null ? "n/a" : String.format("%,d", v);
  }

  private void put(String what, String label, String value) {
    results.computeIfAbsent(what, k -> new LinkedHashMap<>())
        .computeIfAbsent(label, k -> new ArrayList<>()).add(value);
    if (!what.equals("--logdir") && !what.startsWith("R on disk")) {
      System.out.printf("  %-6s %-48s %s%n", label, what, value);
    }
  }

  /** One value per cell: the value, or with several rounds the median and the range. */
  static String cell(List<String> values) {
    if (values == null || values.isEmpty()) {
      return "";
    }
    if (values.stream().distinct().count() == 1) {
      return values.get(0);
    }
    try {
      double[] v = values.stream().mapToDouble(x -> Double.parseDouble(x.replace(",", "")))
          .sorted().toArray();
      return String.format("%.2f (%.2f-%.2f)", v[v.length / 2], v[0], v[v.length - 1]);
    } catch (NumberFormatException e) {
      return String.join(" | ", values);
    }
  }

  private void print(int rounds) {
    System.out.println();
    if (rounds > 1) {
      System.out.println(rounds + " rounds, interleaved; times are median (min-max)");
    }
    int width = 52;
    List<Integer> widths = new ArrayList<>();
    for (String l : labels) {
      int w = l.length();
      for (var row : results.values()) {
        w = Math.max(w, cell(row.get(l)).length());
      }
      widths.add(w);
    }
    StringBuilder head = new StringBuilder(String.format("| %-" + width + "s |", "what"));
    StringBuilder dash = new StringBuilder("| " + "-".repeat(width) + " |");
    for (int i = 0; i < labels.size(); i++) {
      head.append(String.format(" %-" + widths.get(i) + "s |", labels.get(i)));
      dash.append(" ").append("-".repeat(widths.get(i))).append(" |");
    }
    System.out.println(head);
    System.out.println(dash);
    for (var row : results.entrySet()) {
      StringBuilder line = new StringBuilder(String.format("| %-" + width + "s |", row.getKey()));
      for (int i = 0; i < labels.size(); i++) {
        line.append(String.format(" %-" + widths.get(i) + "s |", cell(row.getValue().get(labels.get(i)))));
      }
      System.out.println(line);
    }
  }
}
