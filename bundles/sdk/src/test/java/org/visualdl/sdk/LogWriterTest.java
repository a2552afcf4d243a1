package org.visualdl.sdk;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.awt.Color;
import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.visualdl.proto.Embedding;
import org.visualdl.proto.Histogram;
import org.visualdl.proto.Image;
import org.visualdl.proto.Kind;
import org.visualdl.proto.Record;
import org.visualdl.storage.RunReader;

class LogWriterTest {
  @TempDir Path dir;

  @Test
  void everyKindComesBackAsWritten() throws Exception {
    Path run = dir.resolve("run");
    BufferedImage picture = new BufferedImage(7, 5, BufferedImage.TYPE_INT_RGB);
    picture.setRGB(3, 2, Color.RED.getRGB());
    byte[] jpeg = encode(picture, "jpg");
    byte[] png = encode(picture, "png");
    try (LogWriter log = LogWriter.open(run)) {
      log.addScalar("loss", 0, 1.5, 1000);
      log.addScalar("loss", 1, Double.NaN, 1001);
      log.addScalar("loss", 2, Double.POSITIVE_INFINITY, 1002);
      log.addScalar("loss", 3, Double.NEGATIVE_INFINITY, 1003);
      log.addScalar("loss", 4, 0.1, 1003); // not a float: stored as a double
      log.addScalar("acc", 10, 0.5);
      log.addHistogram("weights", 1, new double[] {1, 2, 2, 3, Double.NaN});
      log.addHistogram("weightsf", 1, new float[] {-1f, 0f, 4f});
      log.addHistogram("pre", 2, new double[] {0, 1, 3}, new double[] {5, 7});
      log.addImage("img", 3, picture);
      picture.setRGB(0, 0, Color.BLUE.getRGB()); // a change after the call is not logged
      log.addImage("png", 3, png);
      log.addImage("jpeg", 3, jpeg);
      log.addEmbedding("emb", 4, new float[][] {{1, 2}, {3, 4}, {5, 6}}, List.of("a", "b", "c"));
      log.addEmbedding("embmeta", 4, new float[][] {{1}, {2}}, null, List.of("label", "split"),
          List.of(List.of("cat", "train"), List.of("dog", "test")));
      log.addText("notes", 5, "# Title\n**bold** ünïcödé");
      log.addPluginData("pr_curve", "pr", 6, new byte[] {1, 2, 3});
      log.addPluginData("pr_curve", 3, "pr2", 6, new byte[] {4});
    }
    RunContents c = RunContents.read(run);
    assertEquals(List.of(), c.result.problems());
    List<RunContents.Point> loss = c.scalars.get("loss");
    assertEquals(5, loss.size());
    assertEquals(new RunContents.Point(0, 1.5, 1000), loss.get(0));
    assertTrue(Double.isNaN(loss.get(1).value()));
    assertEquals(Double.POSITIVE_INFINITY, loss.get(2).value());
    assertEquals(Double.NEGATIVE_INFINITY, loss.get(3).value());
    assertEquals(0.1, loss.get(4).value());
    assertEquals(1003, loss.get(4).wallTimeMs());
    assertEquals(10, c.scalars.get("acc").get(0).step());

    Histogram h = only(c, "weights").getEntry().getHistogram();
    assertEquals(4, h.getNum());
    assertEquals(1, h.getMin());
    assertEquals(3, h.getMax());
    assertEquals(8, h.getSum());
    assertEquals(18, h.getSumSquares());
    assertEquals(4, h.getCountsList().stream().mapToDouble(Double::doubleValue).sum());
    assertEquals(h.getCountsCount() + 1, h.getEdgesCount());
    Histogram hf = only(c, "weightsf").getEntry().getHistogram();
    assertEquals(3, hf.getNum());
    assertEquals(-1, hf.getMin());
    Histogram pre = only(c, "pre").getEntry().getHistogram();
    assertEquals(List.of(0.0, 1.0, 3.0), pre.getEdgesList());
    assertEquals(List.of(5.0, 7.0), pre.getCountsList());
    assertEquals(12, pre.getNum());

    Image img = only(c, "img").getEntry().getImage();
    assertEquals("image/png", img.getMediaType());
    assertEquals(7, img.getWidth());
    assertEquals(5, img.getHeight());
    assertEquals(3, img.getChannels());
    BufferedImage back = ImageIO.read(new ByteArrayInputStream(img.getEncoded().toByteArray()));
    assertEquals(Color.RED.getRGB(), back.getRGB(3, 2));
    assertEquals(Color.BLACK.getRGB(), back.getRGB(0, 0));
    Image p = only(c, "png").getEntry().getImage();
    assertArrayEquals(png, p.getEncoded().toByteArray());
    assertEquals("image/png", p.getMediaType());
    Image j = only(c, "jpeg").getEntry().getImage();
    assertArrayEquals(jpeg, j.getEncoded().toByteArray());
    assertEquals("image/jpeg", j.getMediaType());
    assertEquals(7, j.getWidth());
    assertEquals(5, j.getHeight());
    assertEquals(3, j.getChannels());

    Embedding e = only(c, "emb").getEntry().getEmbedding();
    assertEquals(3, e.getRows());
    assertEquals(2, e.getDims());
    assertEquals(List.of(1f, 2f, 3f, 4f, 5f, 6f), e.getValuesList());
    assertEquals(List.of("a", "b", "c"), e.getLabelsList());
    Embedding em = only(c, "embmeta").getEntry().getEmbedding();
    assertEquals(List.of("label", "split"), em.getMetadataHeaderList());
    assertEquals(List.of("dog", "test"), em.getMetadataRows(1).getCellsList());

    assertEquals("# Title\n**bold** ünïcödé", only(c, "notes").getEntry().getText().getMarkdown());
    assertEquals(5, only(c, "notes").getStep());
    var pd = only(c, "pr").getEntry().getPluginData();
    assertEquals("pr_curve", pd.getPluginName());
    assertArrayEquals(new byte[] {1, 2, 3}, pd.getData().toByteArray());
    assertEquals(3, only(c, "pr2").getEntry().getPluginData().getDataVersion());
    assertEquals(Kind.KIND_PLUGIN, c.tablets.get("pr2/KIND_PLUGIN").getKind());
    assertEquals("pr_curve", c.tablets.get("pr2/KIND_PLUGIN").getPlugin().getName());
    assertEquals(3, c.tablets.get("pr2/KIND_PLUGIN").getPlugin().getDataVersion());
  }

  private static Record only(RunContents c, String tag) {
    List<Record> list = c.records.get(tag);
    assertEquals(1, list == null ? 0 : list.size(), tag);
    return list.get(0);
  }

  static byte[] encode(BufferedImage image, String format) throws Exception {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    assertTrue(ImageIO.write(image, format, out));
    return out.toByteArray();
  }

  @Test
  void badTagsAndBadInputAreRejectedWithAClearMessage() throws Exception {
    try (LogWriter log = LogWriter.open(dir.resolve("run"))) {
      assertTrue(assertThrows(IllegalArgumentException.class, () -> log.addScalar("", 0, 1))
          .getMessage().contains("tag is empty"));
      assertTrue(assertThrows(IllegalArgumentException.class, () -> log.addScalar(null, 0, 1))
          .getMessage().contains("tag is empty"));
      assertTrue(assertThrows(IllegalArgumentException.class,
          () -> log.addScalar("x".repeat(300), 0, 1)).getMessage().contains("limit is 256"));
      String msg = assertThrows(IllegalArgumentException.class,
          () -> log.addText("a\nb", 0, "x")).getMessage();
      assertTrue(msg.contains("control character") && !msg.contains("\n"), msg);
      assertTrue(assertThrows(IllegalArgumentException.class,
          () -> log.addImage("img", 0, new byte[] {1, 2, 3, 4})).getMessage()
          .contains("neither PNG nor JPEG"));
      assertThrows(IllegalArgumentException.class,
          () -> log.addEmbedding("e", 0, new float[][] {{1, 2}, {3}}, null));
      assertThrows(IllegalArgumentException.class,
          () -> log.addEmbedding("e", 0, new float[][] {{1, 2}}, List.of("a", "b")));
      assertThrows(IllegalArgumentException.class,
          () -> log.addHistogram("h", 0, new double[] {0, 1}, new double[] {1, 2}));
      assertThrows(IllegalArgumentException.class,
          () -> log.addPluginData("", "t", 0, new byte[0]));
      log.addScalar("fine", 0, 1);
    }
    RunContents c = RunContents.read(dir.resolve("run"));
    assertEquals(Set.of("fine"), c.scalars.keySet());
    assertTrue(c.records.isEmpty());
  }

  @Test
  void manyThreadsLoseNothingAndDuplicateNothing() throws Exception {
    Path run = dir.resolve("run");
    int threads = 8;
    int perThread = 50_000;
    ExecutorService pool = Executors.newFixedThreadPool(threads);
    CountDownLatch start = new CountDownLatch(1);
    // A small buffer bound and a rotation size make the background thread and back-pressure work.
    try (LogWriter log = LogWriter.builder(run).maxBufferedBytes(64 * 1024).rotateBytes(256 * 1024)
        .flushInterval(Duration.ofMillis(5)).open()) {
      List<Future<?>> futures = new ArrayList<>();
      for (int t = 0; t < threads; t++) {
        int id = t;
        futures.add(pool.submit(() -> {
          start.await();
          String own = "thread/" + id;
          for (int i = 0; i < perThread; i++) {
            log.addScalar(own, i, i * 0.5);
            log.addScalar("shared", (long) i * threads + id, id);
            if (i % 5000 == 0) {
              log.addText("text/" + id, i, "at " + i);
              log.flush();
            }
          }
          return null;
        }));
      }
      start.countDown();
      for (Future<?> f : futures) {
        f.get();
      }
    } finally {
      pool.shutdown();
    }
    assertTrue(RunReader.recordFiles(run).size() > 1, "rotation happened");
    RunContents c = RunContents.read(run);
    assertEquals(List.of(), c.result.problems());
    for (int t = 0; t < threads; t++) {
      List<RunContents.Point> own = c.scalars.get("thread/" + t);
      assertEquals(perThread, own.size());
      for (int i = 0; i < perThread; i++) {
        assertEquals(i, own.get(i).step(), "one thread's points stay in order");
        assertEquals(i * 0.5, own.get(i).value());
      }
      assertEquals(perThread / 5000, c.records.get("text/" + t).size());
    }
    List<RunContents.Point> shared = c.scalars.get("shared");
    assertEquals(threads * perThread, shared.size());
    Set<Long> steps = new HashSet<>();
    for (RunContents.Point p : shared) {
      assertTrue(steps.add(p.step()), "step " + p.step() + " twice");
      assertEquals(p.step() % threads, (long) p.value());
    }
  }

  @Test
  void tagsRegisteredWhileTheBackgroundThreadWritesAreNotLost() throws Exception {
    Path run = dir.resolve("run");
    int threads = 4;
    int tagsPerThread = 60;
    int perTag = 400;
    Thread[] workers = new Thread[threads];
    try (LogWriter log = LogWriter.builder(run).flushInterval(Duration.ofMillis(1)).open()) {
      for (int t = 0; t < threads; t++) {
        int id = t;
        workers[t] = new Thread(() -> {
          // A new tag every few hundred points, so registrations race with the writing thread.
          for (int k = 0; k < tagsPerThread; k++) {
            String tag = "t" + id + "/tag" + k;
            for (int i = 0; i < perTag; i++) {
              log.addScalar(tag, i, k);
            }
          }
        });
        workers[t].start();
      }
      for (Thread w : workers) {
        w.join();
      }
    }
    RunContents c = RunContents.read(run);
    assertEquals(List.of(), c.result.problems());
    assertEquals(threads * tagsPerThread, c.scalars.size());
    for (List<RunContents.Point> points : c.scalars.values()) {
      assertEquals(perTag, points.size());
    }
  }

  @Test
  void dataReachesTheFileWithoutFlushWithinTheFlushInterval() throws Exception {
    Path run = dir.resolve("run");
    try (LogWriter log = LogWriter.builder(run).flushInterval(Duration.ofMillis(50)).open()) {
      log.addScalar("loss", 1, 2.0);
      RunContents c = RunContents.read(run);
      for (int i = 0; i < 400 && !c.scalars.containsKey("loss"); i++) {
        Thread.sleep(25);
        c = RunContents.read(run);
      }
      assertEquals(1, c.scalars.get("loss").size());
    }
  }

  @Test
  void flushPutsEverythingInTheFileAndClosedWritersSaySo() throws Exception {
    Path run = dir.resolve("run");
    LogWriter log = LogWriter.builder(run).flushInterval(Duration.ofHours(1)).fsync(true).open();
    for (int i = 0; i < 1000; i++) {
      log.addScalar("loss", i, i);
    }
    log.flush();
    assertEquals(1000, RunContents.read(run).scalars.get("loss").size());
    log.close();
    log.close();
    assertThrows(IllegalStateException.class, () -> log.addScalar("loss", 0, 0));
    assertThrows(IllegalStateException.class, log::flush);
    assertFalse(RunContents.read(run).result.incompleteTail());
  }
}
