package org.visualdl.distribution;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import com.fasterxml.jackson.databind.JsonNode;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.io.RandomAccessFile;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.io.TempDir;
import org.visualdl.sdk.LogWriter;

/**
 * Runs whose files change on disk while the packaged server serves them: a folder replaced by
 * another run's files, a file cut and written again in place, cut to half then rewritten, all files
 * deleted. Every answer seen while it happens is the old run or the new one, never a mix, and no
 * blob answers 5xx.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class DiskChangesIT {
  static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

  @TempDir static Path logs;
  @TempDir static Path sources;
  static VisualDLProcess server;

  /** Writes x = value at steps [0, steps), and images at the given steps, into a folder. */
  static void write(Path folder, int steps, double value, long... imageSteps) throws IOException {
    try (LogWriter w = LogWriter.open(folder)) {
      for (int i = 0; i < steps; i++) {
        w.addScalar("x", i, value);
      }
      for (long s : imageSteps) {
        BufferedImage img = new BufferedImage(8 + (int) (s % 8), 8, BufferedImage.TYPE_INT_RGB);
        img.setRGB(0, 0, (int) value * 0x404040);
        w.addImage("img", s, img);
      }
    }
  }

  static Path onlyFile(Path folder) throws IOException {
    try (Stream<Path> s = Files.list(folder)) {
      List<Path> files = s.toList();
      assertEquals(1, files.size(), files.toString());
      return files.get(0);
    }
  }

  @BeforeAll
  static void start() throws Exception {
    write(logs.resolve("run"), 100, 1, 0, 1, 2, 3, 4, 5, 6, 7, 8, 9);
    write(logs.resolve("stays"), 10, 9);
    write(sources.resolve("other"), 40, 2, 100, 101, 102);
    write(sources.resolve("third"), 70, 3);
    write(sources.resolve("fourth"), 50, 4);
    server = VisualDLProcess.start("--logdir", logs.toString());
    awaitSeries(100, 1, new ArrayList<>());
  }

  @AfterAll
  static void stop() throws InterruptedException {
    if (server != null) {
      server.close();
    }
  }

  /** The run's series of x as (total, values), or null for 404. */
  static JsonNode series() throws Exception {
    HttpResponse<String> r = server.get("/api/plugins/scalar/series?run=run&tag=x&points=100000");
    if (r.statusCode() == 404) {
      return null;
    }
    assertEquals(200, r.statusCode(), r.body());
    return VisualDLProcess.JSON.readTree(r.body());
  }

  /**
   * Polls until the run serves exactly `total` points all of `value`; every answer on the way
   * must be all of one value (old or new), and is kept in `seen` as "total x value".
   */
  static void awaitSeries(int total, double value, List<String> seen) throws Exception {
    long deadline = System.currentTimeMillis() + 20_000;
    while (System.currentTimeMillis() < deadline) {
      JsonNode s = series();
      if (s != null) {
        double first = s.get("values").size() == 0 ? Double.NaN : s.get("values").get(0).asDouble();
        for (JsonNode v : s.get("values")) {
          assertEquals(first, v.asDouble(), "old and new points mixed: " + s);
        }
        String state = s.get("total").asInt() + " x " + first;
        if (seen.isEmpty() || !seen.get(seen.size() - 1).equals(state)) {
          seen.add(state);
        }
        if (s.get("total").asInt() == total && first == value) {
          return;
        }
      }
      Thread.sleep(50);
    }
    fail("the run did not come to " + total + " points of " + value + " within 20 s: " + seen);
  }

  static List<Long> imageSteps() throws Exception {
    HttpResponse<String> r = server.get("/api/plugins/image/entries?run=run&tag=img");
    List<Long> steps = new ArrayList<>();
    if (r.statusCode() == 404) {
      return steps;
    }
    assertEquals(200, r.statusCode(), r.body());
    for (JsonNode e : VisualDLProcess.JSON.readTree(r.body()).get("entries")) {
      steps.add(e.get("step").asLong());
      HttpResponse<byte[]> b = HTTP.send(
          HttpRequest.newBuilder(URI.create(server.url(e.get("url").asText())))
              .timeout(Duration.ofSeconds(10)).build(),
          HttpResponse.BodyHandlers.ofByteArray());
      assertTrue(b.statusCode() == 200 || b.statusCode() == 404,
          "image at step " + e.get("step") + " answered " + b.statusCode());
    }
    return steps;
  }

  static void deleteTree(Path p) throws IOException {
    try (Stream<Path> s = Files.walk(p)) {
      for (Path q : s.sorted(Comparator.reverseOrder()).toList()) {
        Files.delete(q);
      }
    }
  }

  @Test
  @Order(1)
  void aFolderReplacedByAnotherRunsFilesServesOnlyTheNewRun() throws Exception {
    assertEquals(List.of(0L, 1L, 2L, 3L, 4L, 5L, 6L, 7L, 8L, 9L), imageSteps());
    deleteTree(logs.resolve("run"));
    Files.createDirectories(logs.resolve("run"));
    Path from = onlyFile(sources.resolve("other"));
    Files.copy(from, logs.resolve("run").resolve(from.getFileName()));
    List<String> seen = new ArrayList<>();
    long deadline = System.currentTimeMillis() + 20_000;
    List<Long> steps = imageSteps();
    while (!steps.equals(List.of(100L, 101L, 102L)) && System.currentTimeMillis() < deadline) {
      assertTrue(steps.equals(List.of(0L, 1L, 2L, 3L, 4L, 5L, 6L, 7L, 8L, 9L)) || steps.isEmpty(),
          "old and new images mixed: " + steps);
      Thread.sleep(50);
      steps = imageSteps();
    }
    assertEquals(List.of(100L, 101L, 102L), steps);
    awaitSeries(40, 2, seen);
  }

  @Test
  @Order(2)
  void aFileCutAndWrittenAgainInPlaceServesTheNewContent() throws Exception {
    Path file = onlyFile(logs.resolve("run"));
    Files.write(file, Files.readAllBytes(onlyFile(sources.resolve("third"))));
    List<String> seen = new ArrayList<>();
    awaitSeries(70, 3, seen);
    assertTrue(imageSteps().isEmpty(), "the images of the old content are gone");
  }

  @Test
  @Order(3)
  void aFileShrunkToHalfThenRewrittenServesTheNewContent() throws Exception {
    Path file = onlyFile(logs.resolve("run"));
    try (RandomAccessFile f = new RandomAccessFile(file.toFile(), "rw")) {
      f.setLength(f.length() / 2);
    }
    long deadline = System.currentTimeMillis() + 20_000;
    JsonNode s = series();
    while (s != null && s.get("total").asInt() == 70 && System.currentTimeMillis() < deadline) {
      Thread.sleep(50);
      s = series();
    }
    assertTrue(s == null || s.get("total").asInt() < 70, "the cut-off half is still served: " + s);
    Files.write(file, Files.readAllBytes(onlyFile(sources.resolve("fourth"))));
    awaitSeries(50, 4, new ArrayList<>());
  }

  @Test
  @Order(4)
  void aRunWhoseFilesAreAllDeletedLeavesTheRunListWhileItsFolderStays() throws Exception {
    Files.delete(onlyFile(logs.resolve("run")));
    long deadline = System.currentTimeMillis() + 20_000;
    List<String> names = runs();
    while (names.contains("run") && System.currentTimeMillis() < deadline) {
      Thread.sleep(50);
      names = runs();
    }
    assertEquals(List.of("stays"), names);
    assertTrue(Files.isDirectory(logs.resolve("run")));
    assertEquals(404, server.get("/api/plugins/scalar/series?run=run&tag=x").statusCode());
    JsonNode health = server.json("/api/health");
    assertTrue(health.get("problemDetails").isArray(), health.toString());
  }

  @Test
  @Order(5)
  void badFoldersAndLinksAreOneProblemEachAndHideNoRun() throws Exception {
    Files.createSymbolicLink(logs.resolve("loop1"), logs.resolve("loop2"));
    Files.createSymbolicLink(logs.resolve("loop2"), logs.resolve("loop1"));
    Files.createSymbolicLink(logs.resolve("outside"), sources.resolve("other"));
    Path deep = logs.resolve("deep");
    for (int i = 0; i < 120; i++) {
      deep = deep.resolve("d");
    }
    write(deep, 3, 5);
    write(logs.resolve("zz"), 3, 5);
    String deepName = logs.relativize(deep).toString();
    long deadline = System.currentTimeMillis() + 20_000;
    List<String> names = runs();
    while (!names.contains("zz") || !names.contains(deepName)) {
      if (System.currentTimeMillis() > deadline) {
        fail("runs after the bad links or deep below not served: " + names);
      }
      Thread.sleep(50);
      names = runs();
    }
    Thread.sleep(3000); // a few polls: each problem must stay one entry of one occurrence
    JsonNode details = server.json("/api/health").get("problemDetails");
    for (String link : List.of("loop1", "loop2", "outside")) {
      List<JsonNode> about = new ArrayList<>();
      for (JsonNode d : details) {
        if (d.get("path").asText().endsWith("/" + link)) {
          about.add(d);
        }
      }
      assertEquals(1, about.size(), link + ": " + details);
      assertEquals(1, about.get(0).get("count").asLong(), about.toString());
    }
  }

  static List<String> runs() throws Exception {
    List<String> names = new ArrayList<>();
    for (JsonNode r : server.json("/api/runs")) {
      names.add(r.get("name").asText());
    }
    return names;
  }
}
