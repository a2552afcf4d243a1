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
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/** The packaged server ({@code bin/visualdl}) in its own process, as a user starts it. */
final class PackagedServer implements AutoCloseable {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final HttpClient HTTP =
      HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

  final Process process;
  final int port;
  final long startNanos;
  long healthyAfterNanos;
  final List<String> output = new ArrayList<>();

  private PackagedServer(Process process, int port, long startNanos) {
    this.process = process;
    this.port = port;
    this.startNanos = startNanos;
  }

  /** Starts {@code dist/bin/visualdl --logdir logdir}; {@code jvmOptions} go in VISUALDL_OPTS. */
  static PackagedServer start(Path dist, Path logdir, String jvmOptions) throws Exception {
    return start(dist, logdir.toString(),
        jvmOptions == null ? Map.of() : Map.of("VISUALDL_OPTS", jvmOptions), 60_000);
  }

  /**
   * Starts {@code dist/bin/visualdl --logdir logdir}, the log directory as a user types it
   * ({@code /path}, {@code hdfs://...}, {@code s3://...}), with {@code env} added to this
   * process's environment (the AWS variables, {@code HADOOP_CONF_DIR}, {@code VISUALDL_OPTS}),
   * and waits until /api/health answers 200.
   */
  static PackagedServer start(Path dist, String logdir, Map<String, String> env, long timeoutMs)
      throws Exception {
    int port;
    try (ServerSocket s = new ServerSocket(0)) {
      port = s.getLocalPort();
    }
    ProcessBuilder pb =
        new ProcessBuilder(dist.resolve("bin/visualdl").toString(), "--logdir", logdir,
            "--port", Integer.toString(port))
            .redirectErrorStream(true);
    pb.environment().putIfAbsent("JAVA_HOME", System.getProperty("java.home"));
    pb.environment().putAll(env);
    long t0 = System.nanoTime();
    PackagedServer s = new PackagedServer(pb.start(), port, t0);
    Thread pump = new Thread(() -> {
      try (BufferedReader in = new BufferedReader(
          new InputStreamReader(s.process.getInputStream(), StandardCharsets.UTF_8))) {
        String line;
        while ((line = in.readLine()) != null) {
          synchronized (s.output) {
            s.output.add(line);
          }
        }
      } catch (IOException e) {
        // ended
      }
    }, "server-output");
    pump.setDaemon(true);
    pump.start();
    long deadline = t0 + timeoutMs * 1_000_000;
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
        s.process.waitFor(5, TimeUnit.SECONDS);
        throw new IllegalStateException("server on " + logdir + " exited with status "
            + s.process.exitValue() + ": " + String.join(" | ", s.output()));
      }
      Thread.sleep(5);
    }
    s.close();
    throw new IllegalStateException("server on " + logdir + " not healthy within "
        + timeoutMs / 1000 + " s: " + String.join(" | ", s.output()));
  }

  List<String> output() {
    synchronized (output) {
      return List.copyOf(output);
    }
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

  /** The server's JVM (bin/visualdl execs java, but be safe if a shell stays between). */
  long javaPid() {
    return process.descendants().filter(p -> p.info().command().orElse("").endsWith("java"))
        .map(ProcessHandle::pid).findFirst().orElse(process.pid());
  }

  /** Used heap after a full GC, through jcmd. */
  long heapAfterGc() throws Exception {
    Path jcmd = Path.of(System.getProperty("java.home"), "bin", "jcmd");
    long pid = javaPid();
    run(jcmd.toString(), Long.toString(pid), "GC.run");
    String info = run(jcmd.toString(), Long.toString(pid), "GC.heap_info");
    // e.g. " garbage-first heap   total 262144K, used 12345K [...]"
    Matcher m = Pattern.compile("used (\\d+)K").matcher(info);
    if (!m.find()) {
      throw new IllegalStateException("cannot read heap use from jcmd: " + info);
    }
    return Long.parseLong(m.group(1)) * 1024;
  }

  static String run(String... cmd) throws Exception {
    Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
    String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    p.waitFor(120, TimeUnit.SECONDS);
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
