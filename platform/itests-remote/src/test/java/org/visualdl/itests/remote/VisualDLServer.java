package org.visualdl.itests.remote;

import static org.junit.jupiter.api.Assertions.fail;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * The packaged product started as a user starts it, {@code bin/visualdl --logdir URI --port P},
 * in a process of its own, from the distribution folder the build produced (system property
 * {@code visualdl.dist}).
 */
final class VisualDLServer implements AutoCloseable {
  static final ObjectMapper JSON = new ObjectMapper();
  private static final HttpClient HTTP =
      HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

  final int port;
  private final Process process;
  private final List<String> output = Collections.synchronizedList(new ArrayList<>());
  private final Thread pump;

  private VisualDLServer(Process process, int port) {
    this.process = process;
    this.port = port;
    this.pump = new Thread(() -> {
      try (BufferedReader r = new BufferedReader(
          new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8))) {
        String line;
        while ((line = r.readLine()) != null) {
          output.add(line);
        }
      } catch (IOException e) {
        // the process ended
      }
    }, "visualdl-output");
    pump.setDaemon(true);
    pump.start();
  }

  static Path home() {
    String dist = System.getProperty("visualdl.dist");
    if (dist == null) {
      throw new IllegalStateException("system property visualdl.dist is not set (run with Maven)");
    }
    return Path.of(dist);
  }

  static int freePort() {
    try (ServerSocket s = new ServerSocket(0)) {
      return s.getLocalPort();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static Process launch(Map<String, String> env, int port, String... args)
      throws IOException {
    List<String> cmd = new ArrayList<>();
    cmd.add(home().resolve("bin/visualdl").toString());
    Collections.addAll(cmd, args);
    cmd.add("--port");
    cmd.add(Integer.toString(port));
    ProcessBuilder pb = new ProcessBuilder(cmd).redirectErrorStream(true);
    pb.environment().put("JAVA_HOME", System.getProperty("java.home"));
    // nothing of the developer's own AWS or Hadoop set-up reaches the server
    pb.environment().keySet().removeIf(k -> k.startsWith("AWS_") || k.startsWith("HADOOP_"));
    pb.environment().putAll(env);
    return pb.start();
  }

  /** Starts the server and waits for the line that gives its URL. */
  static VisualDLServer start(Map<String, String> env, String... args)
      throws IOException, InterruptedException {
    int port = freePort();
    VisualDLServer s = new VisualDLServer(launch(env, port, args), port);
    long deadline = System.currentTimeMillis() + 90_000;
    while (System.currentTimeMillis() < deadline) {
      if (s.output().stream().anyMatch(
          l -> l.contains("serving") && l.contains("http://127.0.0.1:" + port + "/"))) {
        return s;
      }
      if (!s.process.isAlive()) {
        s.pump.join(2000);
        fail("bin/visualdl exited with " + s.process.exitValue() + ": " + s.output());
      }
      Thread.sleep(50);
    }
    s.close();
    fail("bin/visualdl did not print its URL within 90 s: " + s.output());
    return s;
  }

  /** The exit status and every line printed by a server expected to stop at start-up. */
  record Exit(int status, List<String> lines) {}

  static Exit startExpectingExit(Map<String, String> env, String... args)
      throws IOException, InterruptedException {
    VisualDLServer s = new VisualDLServer(launch(env, freePort(), args), 0);
    if (!s.process.waitFor(90, TimeUnit.SECONDS)) {
      List<String> out = s.output();
      s.close();
      fail("bin/visualdl " + String.join(" ", args) + " did not exit within 90 s: " + out);
    }
    s.pump.join(5000);
    return new Exit(s.process.exitValue(), s.output());
  }

  List<String> output() {
    synchronized (output) {
      return List.copyOf(output);
    }
  }

  String url(String path) {
    return "http://127.0.0.1:" + port + path;
  }

  static String q(String s) {
    return URLEncoder.encode(s, StandardCharsets.UTF_8);
  }

  HttpResponse<String> get(String path) throws IOException, InterruptedException {
    return HTTP.send(
        HttpRequest.newBuilder(URI.create(url(path))).timeout(Duration.ofSeconds(20)).GET().build(),
        HttpResponse.BodyHandlers.ofString());
  }

  HttpResponse<byte[]> bytes(String path) throws IOException, InterruptedException {
    return HTTP.send(
        HttpRequest.newBuilder(URI.create(url(path))).timeout(Duration.ofSeconds(20)).GET().build(),
        HttpResponse.BodyHandlers.ofByteArray());
  }

  JsonNode json(String path) throws IOException, InterruptedException {
    HttpResponse<String> r = get(path);
    if (r.statusCode() != 200) {
      fail("GET " + path + " answered " + r.statusCode() + ": " + r.body());
    }
    return JSON.readTree(r.body());
  }

  /** The JSON of a route once it answers 200, or null when it does not within the time. */
  JsonNode jsonWhen200(String path, long timeoutMs) throws IOException, InterruptedException {
    long deadline = System.currentTimeMillis() + timeoutMs;
    while (true) {
      HttpResponse<String> r = get(path);
      if (r.statusCode() == 200) {
        return JSON.readTree(r.body());
      }
      if (System.currentTimeMillis() > deadline) {
        return null;
      }
      Thread.sleep(100);
    }
  }

  Process process() {
    return process;
  }

  @Override
  public void close() throws InterruptedException {
    if (process.isAlive()) {
      process.destroy();
      if (!process.waitFor(30, TimeUnit.SECONDS)) {
        process.destroyForcibly().waitFor();
      }
    }
  }
}
