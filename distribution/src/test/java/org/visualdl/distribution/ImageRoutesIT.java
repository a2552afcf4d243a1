package org.visualdl.distribution;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import com.fasterxml.jackson.databind.JsonNode;
import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.visualdl.sdk.LogWriter;

/**
 * The image plugin's routes in the packaged product, against images written through the public
 * SDK: the bytes come back as written and decode to the pixels drawn.
 */
class ImageRoutesIT {
  static final int STEPS = 5;
  static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

  @TempDir static Path logs;
  static VisualDLProcess server;
  static byte[] png;
  static byte[] jpeg;

  /** A pattern every pixel of which differs and depends on the step. */
  static BufferedImage pattern(int step, int width, int height) {
    BufferedImage img = new BufferedImage(width, height, BufferedImage.TYPE_INT_RGB);
    for (int y = 0; y < height; y++) {
      for (int x = 0; x < width; x++) {
        img.setRGB(x, y, ((x * 5 + step * 40) & 0xff) << 16 | ((y * 3) & 0xff) << 8 | ((x ^ y) & 0xff));
      }
    }
    return img;
  }

  @BeforeAll
  static void writeLogsAndStart() throws Exception {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    ImageIO.write(pattern(99, 17, 9), "png", out);
    png = out.toByteArray();
    out.reset();
    ImageIO.write(pattern(7, 32, 24), "jpeg", out);
    jpeg = out.toByteArray();
    try (LogWriter log = LogWriter.open(logs.resolve("exp/a"))) {
      for (int step = 0; step < STEPS; step++) {
        log.addImage("samples/pattern", step * 100L, pattern(step, 40 + step, 30));
      }
      log.addImage("encoded/png", 1, png);
      log.addImage("encoded/jpeg", 2, jpeg);
    }
    server = VisualDLProcess.start("--logdir", logs.toString());
    long deadline = System.currentTimeMillis() + 20_000;
    while (System.currentTimeMillis() < deadline) {
      JsonNode tags = server.json("/api/plugins/image/tags");
      if (tags.has("exp/a") && tags.get("exp/a").size() == 3
          && entries("exp%2Fa", "samples%2Fpattern").size() == STEPS) {
        return;
      }
      Thread.sleep(100);
    }
    fail("images not loaded within 20 s");
  }

  @AfterAll
  static void stop() throws InterruptedException {
    if (server != null) {
      server.close();
    }
  }

  static JsonNode entries(String run, String tag) throws Exception {
    HttpResponse<String> r = server.get("/api/plugins/image/entries?run=" + run + "&tag=" + tag);
    if (r.statusCode() == 404) {
      return VisualDLProcess.JSON.createArrayNode();
    }
    assertEquals(200, r.statusCode(), r.body());
    return VisualDLProcess.JSON.readTree(r.body()).get("entries");
  }

  static HttpResponse<byte[]> bytes(String path) throws Exception {
    return HTTP.send(
        HttpRequest.newBuilder(URI.create(server.url(path))).timeout(Duration.ofSeconds(10)).build(),
        HttpResponse.BodyHandlers.ofByteArray());
  }

  @Test
  void entriesListEveryImageInStepOrderWithItsSize() throws Exception {
    JsonNode e = entries("exp%2Fa", "samples%2Fpattern");
    assertEquals(STEPS, e.size());
    for (int i = 0; i < STEPS; i++) {
      assertEquals(i * 100L, e.get(i).get("step").asLong());
      assertEquals(40 + i, e.get(i).get("width").asInt());
      assertEquals(30, e.get(i).get("height").asInt());
      assertTrue(e.get(i).get("wallTime").asLong() > 1_600_000_000_000L);
      assertTrue(e.get(i).get("url").asText().startsWith(
          "/api/plugins/image/blob?run=exp%2Fa&tag=samples%2Fpattern&step=" + i * 100 + "&"),
          e.get(i).get("url").asText());
    }
  }

  @Test
  void imagesWrittenAsBufferedImagesDecodeToTheSamePixels() throws Exception {
    JsonNode e = entries("exp%2Fa", "samples%2Fpattern");
    for (int i = 0; i < STEPS; i++) {
      HttpResponse<byte[]> r = bytes(e.get(i).get("url").asText());
      assertEquals(200, r.statusCode());
      assertEquals("image/png", r.headers().firstValue("Content-Type").orElse(""));
      assertTrue(r.headers().firstValue("Cache-Control").orElse("").contains("immutable"),
          "a versioned image URL is cached for good: " + r.headers().map());
      BufferedImage got = ImageIO.read(new ByteArrayInputStream(r.body()));
      assertNotNull(got, "decodes as an image");
      BufferedImage want = pattern(i, 40 + i, 30);
      assertEquals(want.getWidth(), got.getWidth());
      assertEquals(want.getHeight(), got.getHeight());
      for (int y = 0; y < want.getHeight(); y++) {
        for (int x = 0; x < want.getWidth(); x++) {
          assertEquals(want.getRGB(x, y), got.getRGB(x, y), "pixel " + x + "," + y + " at step " + i);
        }
      }
    }
  }

  @Test
  void encodedImagesComeBackByteIdenticalWithTheirMediaType() throws Exception {
    for (var c : List.of(
        new Object[] {"encoded%2Fpng", png, "image/png", 17, 9},
        new Object[] {"encoded%2Fjpeg", jpeg, "image/jpeg", 32, 24})) {
      JsonNode e = entries("exp%2Fa", (String) c[0]);
      assertEquals(1, e.size());
      assertEquals((int) c[3], e.get(0).get("width").asInt());
      assertEquals((int) c[4], e.get(0).get("height").asInt());
      HttpResponse<byte[]> r = bytes(e.get(0).get("url").asText());
      assertEquals(200, r.statusCode());
      assertEquals(c[2], r.headers().firstValue("Content-Type").orElse(""));
      assertArrayEquals((byte[]) c[1], r.body(), "byte-identical " + c[0]);
    }
  }

  @Test
  void unknownRunsTagsAndStepsAre404() throws Exception {
    for (String path : List.of(
        "/api/plugins/image/entries?run=nope&tag=samples%2Fpattern",
        "/api/plugins/image/entries?run=exp%2Fa&tag=nope",
        "/api/plugins/image/blob?run=exp%2Fa&tag=samples%2Fpattern&step=1",
        "/api/plugins/image/blob?run=exp%2Fa&tag=samples%2Fpattern&step=100&v=1",
        "/api/plugins/image/blob?run=nope&tag=samples%2Fpattern&step=100")) {
      HttpResponse<String> r = server.get(path);
      assertEquals(404, r.statusCode(), path + ": " + r.body());
      assertTrue(r.body().contains("\"error\""), r.body());
    }
    assertEquals(400,
        server.get("/api/plugins/image/blob?run=exp%2Fa&tag=samples%2Fpattern&step=x").statusCode());
    assertEquals(400, server.get("/api/plugins/image/entries?run=exp%2Fa").statusCode());
  }
}
