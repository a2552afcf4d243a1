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
import java.util.Map;
import org.visualdl.api.BlobRef;
import org.visualdl.api.Kind;
import org.visualdl.api.Sample;
import org.visualdl.api.StoreChange;
import org.visualdl.proto.Embedding;
import org.visualdl.proto.Histogram;
import org.visualdl.proto.Image;
import org.visualdl.proto.Shape;
import org.visualdl.proto.Text;
import org.visualdl.sdk.LogWriter;

/** Histograms, images, embeddings and texts written by the SDK, kept as bounded samples. */
class HeavyKindsTest {
  static final Kind HISTOGRAM = new Kind("histogram");
  static final Kind IMAGE = new Kind("image");
  static final Kind EMBEDDING = new Kind("embedding");
  static final Kind TEXT = new Kind("text");
  @TempDir Path logs;
  final InformationMaintainer store = new InformationMaintainer();

  @AfterEach
  void stop() {
    store.stop();
  }

  @Test
  void keepsBoundedSamplesThatAlwaysHoldTheNewest() throws Exception {
    store.configure(List.of(new LogDirectory("", logs.toUri())), new org.visualdl.storage.RecordLogFormat());
    store.configureLimits(new SampleLimits(10, 3, Map.of("text", 5)), Long.MAX_VALUE);
    try (LogWriter w = LogWriter.open(logs.resolve("run"))) {
      for (int step = 0; step < 100; step++) {
        w.addHistogram("weights", step, new double[] {0, 0.5, 1, step});
        w.addText("notes", step, "step **" + step + "**");
      }
    }
    store.scan();
    List<Sample> h = store.samples("run", "weights", HISTOGRAM).orElseThrow();
    assertEquals(10, h.size());
    assertEquals(99, h.get(h.size() - 1).step(), "the newest is always kept");
    for (int i = 1; i < h.size(); i++) {
      assertTrue(h.get(i).step() > h.get(i - 1).step(), "step order");
    }
    double counted = 0;
    for (double c : Histogram.parseFrom(h.get(h.size() - 1).payload()).getCountsList()) {
      counted += c;
    }
    assertEquals(4, counted, 0.0, "histogram counts add up to the values written");
    List<Sample> t = store.samples("run", "notes", TEXT).orElseThrow();
    assertEquals(5, t.size(), "the per-kind limit of texts");
    assertEquals("step **99**", Text.parseFrom(t.get(4).payload()).getMarkdown());
    assertTrue(store.blobs("run", "notes", TEXT).isEmpty(), "a samples tablet holds no blobs");
  }

  @Test
  void imagesAndEmbeddingsAreReadFromDiskOnDemand() throws Exception {
    store.configure(List.of(new LogDirectory("", logs.toUri())), new org.visualdl.storage.RecordLogFormat());
    BufferedImage img = new BufferedImage(4, 3, BufferedImage.TYPE_INT_RGB);
    img.setRGB(1, 2, 0xff0000);
    ByteArrayOutputStream png = new ByteArrayOutputStream();
    ImageIO.write(img, "png", png);
    try (LogWriter w = LogWriter.open(logs.resolve("run"))) {
      w.addImage("sample", 7, png.toByteArray());
      w.addEmbedding("features", 3, new float[][] {{1, 2}, {3, 4}, {5, 6}}, List.of("a", "b", "c"));
    }
    store.scan();
    BlobRef ref = store.blobs("run", "sample", IMAGE).orElseThrow().get(0);
    assertEquals(7, ref.step());
    assertEquals(0, ref.index());
    Image header = Image.parseFrom(ref.header());
    assertEquals(4, header.getWidth());
    assertEquals(3, header.getHeight());
    assertEquals("image/png", header.getMediaType());
    assertTrue(header.getEncoded().isEmpty(), "the header leaves the bytes on disk");
    Image image = Image.parseFrom(store.blob("run", "sample", IMAGE, 7, 0).orElseThrow());
    assertArrayEquals(png.toByteArray(), image.getEncoded().toByteArray());
    assertTrue(store.blob("run", "sample", IMAGE, 8, 0).isEmpty());
    assertTrue(store.blob("run", "sample", IMAGE, 7, 1).isEmpty());
    BlobRef e = store.blobs("run", "features", EMBEDDING).orElseThrow().get(0);
    assertEquals(3, Embedding.parseFrom(e.header()).getRows());
    Embedding m = Embedding.parseFrom(store.blob("run", "features", EMBEDDING, 3, 0).orElseThrow());
    assertEquals(3, m.getRows());
    assertEquals(2, m.getDims());
    assertEquals(List.of(1f, 2f, 3f, 4f, 5f, 6f), m.getValuesList());
    assertEquals(List.of("a", "b", "c"), m.getLabelsList());
    assertEquals(1, store.tablets(EMBEDDING).size());
    assertEquals(List.of("features", "sample"),
        store.tablets("run").stream().map(t -> t.tag()).toList(), "sorted by kind, then tag");
  }

  @Test
  void aPluginKindIsKeptAsItsTabletSaysAndTheFirstShapeWins() throws Exception {
    store.configure(List.of(new LogDirectory("", logs.toUri())), new org.visualdl.storage.RecordLogFormat());
    try (LogWriter w = LogWriter.open(logs.resolve("run"))) {
      w.addPluginData("curve", 2, Shape.SHAPE_SAMPLES, "roc", 1, new byte[] {1, 2}, new byte[0]);
      w.addPluginData("sound", 1, Shape.SHAPE_BLOBS, "speech", 1, new byte[] {9, 9, 9},
          new byte[] {7});
    }
    store.scan();
    try (LogWriter w = LogWriter.open(logs.resolve("run"))) {
      w.addPluginData("curve", 2, Shape.SHAPE_BLOBS, "roc", 2, new byte[] {3}, new byte[] {3});
    }
    store.scan();
    Kind curve = new Kind("curve");
    List<Sample> samples = store.samples("run", "roc", curve).orElseThrow();
    assertEquals(1, samples.size(), "the blob of a samples tablet is skipped");
    assertEquals(2, samples.get(0).payloadVersion());
    assertArrayEquals(new byte[] {1, 2}, samples.get(0).payload());
    assertTrue(store.status().problems().stream()
        .anyMatch(p -> p.contains("'roc' of kind 'curve' holds samples")), "reported");
    Kind sound = new Kind("sound");
    BlobRef blob = store.blobs("run", "speech", sound).orElseThrow().get(0);
    assertArrayEquals(new byte[] {7}, blob.header());
    assertEquals(3, blob.byteSize());
    assertArrayEquals(new byte[] {9, 9, 9}, store.blob("run", "speech", sound, 1, 0).orElseThrow());
  }

  @Test
  void perKindLimitsOverrideTheDefaultOfTheShape() {
    SampleLimits limits = new SampleLimits(7, 9, SampleLimits.parsePerKind("image:2, my-kind:4"));
    assertEquals(2, limits.capacity(IMAGE, RecordShape.BLOBS));
    assertEquals(4, limits.capacity(new Kind("my-kind"), RecordShape.SAMPLES));
    assertEquals(7, limits.capacity(HISTOGRAM, RecordShape.SAMPLES));
    assertEquals(9, limits.capacity(EMBEDDING, RecordShape.BLOBS));
    assertEquals(500, SampleLimits.DEFAULTS.capacity(IMAGE, RecordShape.BLOBS));
    assertEquals(50, SampleLimits.DEFAULTS.capacity(EMBEDDING, RecordShape.BLOBS));
    assertEquals(1000, SampleLimits.DEFAULTS.capacity(HISTOGRAM, RecordShape.SAMPLES));
    IllegalArgumentException bad = org.junit.jupiter.api.Assertions.assertThrows(
        IllegalArgumentException.class, () -> SampleLimits.parsePerKind("image=5"));
    assertTrue(bad.getMessage().contains("'image=5'"), bad.getMessage());
  }

  @Test
  void listenersHearNewRunsTabletsAndData() throws Exception {
    List<StoreChange> heard = new ArrayList<>();
    InformationMaintainer m = new InformationMaintainer();
    try {
      java.lang.reflect.Field f = InformationMaintainer.class.getDeclaredField("listeners");
      f.setAccessible(true);
      f.set(m, List.of((org.visualdl.api.StoreListener) heard::addAll));
      m.configure(List.of(new LogDirectory("", logs.toUri())), new org.visualdl.storage.RecordLogFormat());
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
