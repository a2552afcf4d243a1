package org.visualdl.distribution;

import static org.junit.jupiter.api.Assertions.fail;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
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
import java.util.Collections;
import java.util.List;
import java.util.concurrent.TimeUnit;

/** The packaged product started as a user starts it: {@code bin/visualdl ...} in its own process. */
final class VisualDLProcess implements AutoCloseable {
  static final ObjectMapper JSON = new ObjectMapper();
  private static final HttpClient HTTP =
      HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

  final int port;
  private final Process process;
  private final List<String> output = Collections.synchronizedList(new ArrayList<>());

  private VisualDLProcess(Process process, int port) {
    this.process = process;
    this.port = port;
    Thread pump =
        new Thread(
            () -> {
              try (BufferedReader r =
                  new BufferedReader(
                      new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8))) {
                String line;
                while ((line = r.readLine()) != null) {
                  output.add(line);
                }
              } catch (IOException e) {
                // process ended
              }
            });
    pump.setDaemon(true);
    pump.start();
  }

  /** The unpacked distribution the build produced. */
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

  static ProcessBuilder command(String... args) {
    List<String> cmd = new ArrayList<>();
    cmd.add(home().resolve("bin/visualdl").toString());
    Collections.addAll(cmd, args);
    ProcessBuilder pb = new ProcessBuilder(cmd).redirectErrorStream(true);
    pb.environment().put("JAVA_HOME", System.getProperty("java.home"));
    return pb;
  }

  /** Starts {@code bin/visualdl args... --port P} and waits for the line that gives the URL. */
  static VisualDLProcess start(String... args) throws IOException, InterruptedException {
    return start(java.util.Map.of(), args);
  }

  /** As {@link #start(String...)}, with extra environment variables for the process. */
  static VisualDLProcess start(java.util.Map<String, String> env, String... args)
      throws IOException, InterruptedException {
    int port = freePort();
    List<String> all = new ArrayList<>(List.of(args));
    all.add("--port");
    all.add(Integer.toString(port));
    ProcessBuilder pb = command(all.toArray(String[]::new));
    pb.environment().putAll(env);
    VisualDLProcess p = new VisualDLProcess(pb.start(), port);
    long deadline = System.currentTimeMillis() + 60_000;
    while (System.currentTimeMillis() < deadline) {
      if (p.output().stream().anyMatch(l -> l.contains("serving") && l.contains("http://127.0.0.1:" + port + "/"))) {
        return p;
      }
      if (!p.process.isAlive()) {
        fail("bin/visualdl exited with " + p.process.exitValue() + ": " + p.output());
      }
      Thread.sleep(50);
    }
    p.close();
    fail("bin/visualdl did not print its URL within 60 s: " + p.output());
    return p;
  }

  List<String> output() {
    synchronized (output) {
      return List.copyOf(output);
    }
  }

  String url(String path) {
    return "http://127.0.0.1:" + port + path;
  }

  HttpResponse<String> get(String path) throws IOException, InterruptedException {
    return HTTP.send(
        HttpRequest.newBuilder(URI.create(url(path))).timeout(Duration.ofSeconds(10)).GET().build(),
        HttpResponse.BodyHandlers.ofString());
  }

  JsonNode json(String path) throws IOException, InterruptedException {
    HttpResponse<String> r = get(path);
    if (r.statusCode() != 200) {
      fail("GET " + path + " answered " + r.statusCode() + ": " + r.body());
    }
    return JSON.readTree(r.body());
  }

  Process process() {
    return process;
  }

  /** Sends SIGTERM and waits for the process to end. */
  int terminate() throws InterruptedException {
    process.destroy();
    if (!process.waitFor(30, TimeUnit.SECONDS)) {
      process.destroyForcibly();
      fail("bin/visualdl did not stop within 30 s of SIGTERM");
    }
    return process.exitValue();
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

  static void deleteQuietly(Path p) {
    try {
      Files.deleteIfExists(p);
    } catch (IOException e) {
      // best effort in test clean-up
    }
  }
}
