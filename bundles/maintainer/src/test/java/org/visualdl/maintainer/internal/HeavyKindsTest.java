package org.visualdl.maintainer.internal;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.visualdl.api.EmbeddingMatrix;
import org.visualdl.api.HistogramSample;
import org.visualdl.api.ImageSample;
import org.visualdl.api.Kind;
import org.visualdl.api.StoreChange;
import org.visualdl.api.TextSample;
import org.visualdl.sdk.LogWriter;

/** Histograms, images, embeddings and texts written by the SDK, kept as bounded samples. */
class HeavyKindsTest {
  @TempDir Path logs;
  final InformationMaintainer store = new InformationMaintainer();

  @AfterEach
  void stop() {
    store.stop();
  }

  @Test
  void keepsBoundedSamplesThatAlwaysHoldTheNewest() throws Exception {
    store.configure(List.of(new LogDirectory("", logs)), new org.visualdl.storage.RecordLogFormat());
    store.configureLimits(new SampleLimits(10, 3, 2, 5, 5), Long.MAX_VALUE);
    try (LogWriter w = LogWriter.open(logs.resolve("run"))) {
      for (int step = 0; step < 100; step++) {
        w.addHistogram("weights", step, new double[] {0, 0.5, 1, step});
        w.addText("notes", step, "step **" + step + "**");
      }
    }
    store.scan();
    List<HistogramSample> h = store.histograms("run", "weights").orElseThrow();
    assertEquals(10, h.size());
    assertEquals(99, h.get(h.size() - 1).step(), "the newest is always kept");
    for (int i = 1; i < h.size(); i++) {
      assertTrue(h.get(i).step() > h.get(i - 1).step(), "step order");
    }
    double counted = 0;
    for (double c : h.get(h.size() - 1).counts()) {
      counted += c;
    }
    assertEquals(4, counted, 0.0, "histogram counts add up to the values written");
    List<TextSample> t = store.texts("run", "notes").orElseThrow();
    assertEquals(5, t.size());
    assertEquals("step **99**", t.get(4).markdown());
  }

  @Test
  void imagesAndEmbeddingsAreReadFromDiskOnDemand() throws Exception {
    store.configure(List.of(new LogDirectory("", logs)), new org.visualdl.storage.RecordLogFormat());
    BufferedImage img = new BufferedImage(4, 3, BufferedImage.TYPE_INT_RGB);
    img.setRGB(1, 2, 0xff0000);
    ByteArrayOutputStream png = new ByteArrayOutputStream();
    ImageIO.write(img, "png", png);
    try (LogWriter w = LogWriter.open(logs.resolve("run"))) {
      w.addImage("sample", 7, png.toByteArray());
      w.addEmbedding("features", 3, new float[][] {{1, 2}, {3, 4}, {5, 6}}, List.of("a", "b", "c"));
    }
    store.scan();
    ImageSample meta = store.images("run", "sample").orElseThrow().get(0);
    assertEquals(7, meta.step());
    assertEquals(4, meta.width());
    assertEquals(3, meta.height());
    assertEquals("image/png", meta.mediaType());
    assertArrayEquals(png.toByteArray(), store.imageBytes("run", "sample", 7).orElseThrow());
    assertTrue(store.imageBytes("run", "sample", 8).isEmpty());
    EmbeddingMatrix m = store.embedding("run", "features", 3).orElseThrow();
    assertEquals(3, m.rows());
    assertEquals(2, m.dims());
    assertArrayEquals(new float[] {1, 2, 3, 4, 5, 6}, m.values());
    assertEquals(List.of("a", "b", "c"), m.labels());
    assertEquals(1, store.tablets(Kind.EMBEDDING).size());
  }

  @Test
  void listenersHearNewRunsTabletsAndData() throws Exception {
    List<StoreChange> heard = new ArrayList<>();
    InformationMaintainer m = new InformationMaintainer();
    try {
      java.lang.reflect.Field f = InformationMaintainer.class.getDeclaredField("listeners");
      f.setAccessible(true);
      f.set(m, List.of((org.visualdl.api.StoreListener) heard::addAll));
      m.configure(List.of(new LogDirectory("", logs)), new org.visualdl.storage.RecordLogFormat());
      try (LogWriter w = LogWriter.open(logs.resolve("run"))) {
        w.addScalar("loss", 5, 1.0);
        w.flush();
        m.scan();
        assertTrue(heard.contains(new StoreChange(StoreChange.Type.RUN_ADDED, "run", "", null, 0)));
        assertTrue(heard.contains(new StoreChange(StoreChange.Type.TABLET_ADDED, "run", "loss", Kind.SCALAR, 0)));
        assertTrue(heard.contains(new StoreChange(StoreChange.Type.DATA, "run", "loss", Kind.SCALAR, 5)));
        heard.clear();
        m.scan();
        assertTrue(heard.isEmpty(), "nothing new, nothing heard: " + heard);
        w.addScalar("loss", 6, 1.0);
        w.flush();
        m.scan();
        assertEquals(List.of(new StoreChange(StoreChange.Type.DATA, "run", "loss", Kind.SCALAR, 6)), heard);
      }
    } finally {
      m.stop();
    }
  }
}
