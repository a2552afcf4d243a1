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
import java.util.concurrent.TimeUnit;

/**
 * The packaged server ({@code bin/visualdl}) in its own process, started on a log directory
 * given as the user types it ({@code /path}, {@code hdfs://...}, {@code s3://...}) with extra
 * environment variables (the AWS variables, {@code HADOOP_CONF_DIR}). The local-path
 * {@code PackagedServer} of the other benchmarks takes a {@link Path}, which cannot hold a URI.
 */
final class ServerProcess implements AutoCloseable {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final HttpClient HTTP =
      HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

  final Process process;
  final int port;
  final long startNanos;
  /** Nanoseconds from the launch to the first 200 of /api/health. */
  long healthyAfterNanos;
  private final List<String> output = new ArrayList<>();

  private ServerProcess(Process process, int port, long startNanos) {
    this.process = process;
    this.port = port;
    this.startNanos = startNanos;
  }

  /**
   * Starts {@code dist/bin/visualdl --logdir logdir} with {@code env} added to this process's
   * environment and waits until /api/health answers 200.
   */
  static ServerProcess start(Path dist, String logdir, Map<String, String> env, long timeoutMs)
      throws Exception {
    int port;
    try (ServerSocket s = new ServerSocket(0)) {
      port = s.getLocalPort();
    }
    ProcessBuilder pb = new ProcessBuilder(dist.resolve("bin/visualdl").toString(),
        "--logdir", logdir, "--port", Integer.toString(port)).redirectErrorStream(true);
    pb.environment().putIfAbsent("JAVA_HOME", System.getProperty("java.home"));
    pb.environment().putAll(env);
    long t0 = System.nanoTime();
    ServerProcess s = new ServerProcess(pb.start(), port, t0);
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
        // the server's output ended
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
        // not listening yet
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
    return HTTP.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path))
            .timeout(Duration.ofSeconds(30)).build(),
        HttpResponse.BodyHandlers.ofString());
  }

  JsonNode health() throws IOException, InterruptedException {
    return JSON.readTree(get("/api/health").body());
  }

  @Override
  public void close() throws InterruptedException {
    process.destroy();
    if (!process.waitFor(30, TimeUnit.SECONDS)) {
      process.destroyForcibly();
      process.waitFor(10, TimeUnit.SECONDS);
    }
  }
}
