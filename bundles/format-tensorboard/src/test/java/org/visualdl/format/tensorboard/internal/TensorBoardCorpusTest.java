package org.visualdl.format.tensorboard.internal;

import org.visualdl.format.testing.CollectingSink;
import org.visualdl.format.testing.Corpus;
import org.visualdl.proto.Embedding;
import org.visualdl.proto.GraphModel;
import org.visualdl.proto.Hparam;
import org.visualdl.proto.Hparams;
import org.visualdl.proto.PrCurve;
import org.visualdl.proto.models.TensorFlow;
import org.visualdl.storage.LocalLogFile;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.visualdl.api.Kind;
import org.visualdl.api.format.ReadStatus;

/** Real event files of every writer generation in ../shared/corpus/tensorboard. */
class TensorBoardCorpusTest {
  private static final Corpus CORPUS = new Corpus("tensorboard", "TensorBoard logs");
  private final TensorBoardFormat format = new TensorBoardFormat();

  private record Read(CollectingSink sink, ReadStatus status) {}

  private Read read(Path file) throws IOException {
    assertTrue(format.recognizes(LocalLogFile.of(file)), file + " not recognized");
    CollectingSink sink = new CollectingSink();
    try (var reader = format.open(LocalLogFile.of(file))) {
      ReadStatus status = reader.readAvailable(sink);
      assertEquals(List.of(), status.problems(), "problems in " + file);
      assertFalse(status.notThisFormat());
      // A second pass over an unchanged file delivers nothing more.
      CollectingSink again = new CollectingSink();
      assertEquals(0, reader.readAvailable(again).bytesRead());
      assertEquals(0, again.records());
      return new Read(sink, status);
    }
  }

  @Test
  void tf2TensorScalars() throws IOException {
    Read r = read(CORPUS.file("tensorboard/tf2-summary_go-tensorboard-testdata", "tfevents"));
    List<CollectingSink.Point> points = r.sink.scalars.get("my_metric");
    assertEquals(100, points.size());
    for (int i = 0; i < 100; i++) {
      assertEquals(i, points.get(i).step());
    }
    assertEquals(0.0, points.get(0).value());
    assertEquals(0.5, points.get(1).value());
    assertEquals(1.0, points.get(2).value());
    assertEquals(1585499054133L, points.get(0).wallMs());
    assertEquals(Kind.SCALAR, r.sink.tablets.get("my_metric").kind());
    assertFalse(r.status.incompleteTail());
  }

  @Test
  void tf2TensorHistogramsAndScalarsGraphSkipped() throws IOException {
    Read r = read(CORPUS.file("tensorboard/tf2_alwaysproblem/logs/custom/20200328-162351",
        "tfevents"));
    assertEquals(50, r.sink.scalars.get("logloss").size());
    assertEquals(50, r.sink.scalars.get("metrics").size());
    for (String tag : List.of("linear/kernel:0", "linear/bias:0", "out_layer/kernel:0",
        "out_layer/bias:0")) {
      assertEquals(50, r.sink.histograms.get(tag).size(), tag);
      assertEquals(new Kind("histogram"), r.sink.tablets.get(tag).kind());
    }
    CollectingSink.Histogram h = r.sink.histograms.get("linear/kernel:0").get(0);
    assertEquals(30, h.counts().length);
    assertEquals(31, h.edges().length);
    assertEquals(1, r.sink.histograms.get("out_layer/bias:0").get(0).counts().length);
    assertNull(r.sink.tablets.get("logitic_graph"), "graph tags are skipped");
    assertTrue(r.sink.pluginData.isEmpty());
  }

  @Test
  void legacyHistogramWith568Buckets() throws IOException {
    Read r = read(CORPUS.file("tensorboard/pytorch_study-tensorboard/runs/histogram_experiment",
        "tfevents"));
    List<CollectingSink.Histogram> hs = r.sink.histograms.get("MyLinearLayer/Weights_Distribution");
    assertEquals(10, hs.size());
    CollectingSink.Histogram h = hs.get(0);
    assertEquals(0, h.step());
    assertEquals(568, h.counts().length);
    assertEquals(569, h.edges().length);
    assertEquals(100.0, h.num());
    assertEquals(100.0, Arrays.stream(h.counts()).sum());
    assertEquals(-0.4827924966812134, h.min());
    assertEquals(0.43180420994758606, h.max());
    assertEquals(0.47069243095356195, h.edges()[568]);
    for (int i = 1; i < h.edges().length; i++) {
      assertTrue(h.edges()[i] >= h.edges()[i - 1]);
    }
  }

  @Test
  void tf1HistogramsClampDblMaxAndScalars() throws IOException {
    Read r = read(CORPUS.file("tensorboard/tf1_golbin-tutorials/05-TensorBoard-Saver/logs",
        "tfevents"));
    List<CollectingSink.Point> cost = r.sink.scalars.get("optimizer/cost");
    assertEquals(100, cost.size());
    assertEquals(1, cost.get(0).step());
    assertEquals(100, cost.get(99).step());
    assertEquals((double) 0.9162012934684753f, cost.get(0).value());
    assertEquals((double) 0.5497711896896362f, cost.get(99).value());
    for (String tag : List.of("layer1/Weights", "layer1/X", "layer2/Weights", "output/Model",
        "output/Weights")) {
      List<CollectingSink.Histogram> hs = r.sink.histograms.get(tag);
      assertEquals(100, hs.size(), tag);
      for (CollectingSink.Histogram h : hs) {
        for (double e : h.edges()) {
          assertTrue(Math.abs(e) < 1e300, "±DBL_MAX clamped: " + tag);
        }
        for (int i = 1; i < h.edges().length; i++) {
          assertTrue(h.edges()[i] >= h.edges()[i - 1], tag);
        }
      }
    }
    CollectingSink.Histogram w = r.sink.histograms.get("layer1/Weights").get(0);
    // The last bucket (1.0089..., DBL_MAX] is empty: its edge clamps to max, kept ascending.
    assertEquals(1.0089710279437536, w.edges()[w.edges().length - 1]);
    assertEquals(-0.7580548669750213, w.edges()[0]);
    assertEquals(31, w.counts().length);
    Path file = CORPUS.file("tensorboard/tf1_golbin-tutorials/05-TensorBoard-Saver/logs",
        "tfevents");
    GraphModel g = graphDef(r, file, "graph_def");
    GraphModel m = graphDef(r, file, "meta_graph_def");
    assertEquals(TensorFlow.GraphDef.parseFrom(g.getData()).getNodeCount(),
        TensorFlow.GraphDef.parseFrom(m.getData()).getNodeCount(),
        "the meta graph holds the same graph");
  }

  @Test
  void legacyImages() throws IOException {
    Path file = CORPUS.file("tensorboard/pytorch_study-tensorboard/runs/image_experiment",
        "tfevents");
    Read r = read(file);
    assertEquals(5, r.sink.images.size());
    for (int i = 0; i < 5; i++) {
      CollectingSink.Image im = r.sink.images.get(i);
      assertEquals("Debug_Images/Random_Noise", im.tag());
      assertEquals(i, im.step());
      assertEquals("image/png", im.mediaType());
      assertEquals(100, im.width());
      assertEquals(100, im.height());
      assertEquals(3, im.channels());
      assertEquals(30168, im.byteSize());
      byte[] png = Payloads.imageBytes(format, file, im.locator());
      assertEquals(30168, png.length);
      assertEquals((byte) 0x89, png[0]);
      assertEquals('P', png[1]);
    }
  }

  @Test
  void prCurvesAsPrCurveSamples() throws IOException {
    Path file = CORPUS.file("tensorboard/pytorch_study-tensorboard/runs/pr_curve_experiment",
        "tfevents");
    Read r = read(file);
    assertEquals(List.of(), r.sink.pluginData);
    List<CollectingSink.Sample> curves = samples(r.sink, "pr-curve");
    assertEquals(5, curves.size());
    assertEquals(new Kind("pr-curve"), r.sink.tablets.get("Evaluations/PR_Curve").kind());
    for (CollectingSink.Sample c : curves) {
      assertEquals("Evaluations/PR_Curve", c.tag());
      PrCurve pr = PrCurve.parseFrom(c.payload());
      assertEquals(127, pr.getThresholdsCount());
      assertEquals(0.0, pr.getThresholds(0));
      assertEquals(0.5, pr.getThresholds(63));
      assertEquals(1.0, pr.getThresholds(126));
      for (var l : List.of(pr.getTpList(), pr.getFpList(), pr.getTnList(), pr.getFnList(),
          pr.getPrecisionList(), pr.getRecallList())) {
        assertEquals(127, l.size());
      }
      double positives = pr.getTp(0) + pr.getFn(0);
      assertTrue(positives > 0);
      for (int i = 0; i < 127; i++) {
        assertEquals(positives, pr.getTp(i) + pr.getFn(i), 1e-3, "row order TP, FP, TN, FN");
        assertTrue(pr.getPrecision(i) >= 0 && pr.getPrecision(i) <= 1);
        assertEquals(pr.getTp(i) / positives, pr.getRecall(i), 1e-5, "recall row");
      }
      assertEquals(1.0, pr.getRecall(0), 1e-6, "everything is predicted at threshold 0");
    }
    assertEquals(List.of(0L, 1L, 2L, 3L, 4L),
        curves.stream().map(CollectingSink.Sample::step).toList());
  }

  static List<CollectingSink.Sample> samples(CollectingSink s, String kind) {
    return s.samples.stream().filter(x -> x.kind().equals(new Kind(kind))).toList();
  }

  @Test
  void hparamsParentAndChildRuns() throws IOException {
    Path parent = CORPUS.dir().resolve("tensorboard/pytorch_study-tensorboard/runs/"
        + "hparams_search_exp_1");
    Read p = read(CORPUS.file(parent.toString(), "tfevents"));
    assertEquals(0, p.sink.records(), "the parent run holds only the file-version event");
    Read c = read(CORPUS.file(parent.resolve("1771595857.3236299").toString(), "tfevents"));
    assertEquals(List.of(), c.sink.pluginData, "experiment and session end are not shown");
    List<CollectingSink.Sample> hp = samples(c.sink, "hparams");
    assertEquals(2, hp.size());
    assertEquals("_hparams_/experiment", hp.get(0).tag());
    assertEquals(Hparams.newBuilder().addMetricTags("hparam/Final_Val_Accuracy")
        .addMetricTags("hparam/Final_Val_Loss").build(), Hparams.parseFrom(hp.get(0).payload()));
    assertEquals("_hparams_/session_start_info", hp.get(1).tag());
    assertEquals(new Kind("hparams"), c.sink.tablets.get("_hparams_/session_start_info").kind());
    Hparams h = Hparams.parseFrom(hp.get(1).payload());
    assertEquals(List.of(
        Hparam.newBuilder().setName("lr").setNumber(0.1).build(),
        Hparam.newBuilder().setName("batch_size").setNumber(32).build(),
        Hparam.newBuilder().setName("optimizer").setText("SGD").build()),
        h.getHparamsList(), "in the experiment's order");
    assertEquals(List.of("hparam/Final_Val_Accuracy", "hparam/Final_Val_Loss"),
        h.getMetricTagsList());
    assertEquals(1, c.sink.scalars.get("hparam/Final_Val_Accuracy").size());
    assertEquals((double) 84.03559875488281f,
        c.sink.scalars.get("hparam/Final_Val_Accuracy").get(0).value());
    assertEquals(1, c.sink.scalars.get("hparam/Final_Val_Loss").size());
  }

  @Test
  void duplicateStepsAllDelivered() throws IOException {
    Read r = read(CORPUS.file("tensorboard/pytorch_tensorboard-reducer_duplicate-steps/run_1",
        "tfevents"));
    assertEquals(210, r.sink.scalars.get("dup_steps/foo").size());
    assertEquals(210, r.sink.scalars.get("dup_steps/bar").size());
    assertEquals(420, r.sink.scalarCount());
    CollectingSink.Point first = r.sink.scalars.get("dup_steps/foo").get(0);
    assertEquals(0, first.step());
    assertEquals((double) 1.4962565898895264f, first.value());
    assertEquals(200, r.sink.scalars.get("dup_steps/foo").stream()
        .mapToLong(CollectingSink.Point::step).distinct().count());
  }

  @Test
  void tensorboardXWithoutFileVersion() throws IOException {
    Read r = read(CORPUS.file(
        "tensorboard/tensorboardX-2018_miaoshuyu/runs/Aug29_15-34-06_DESKTOP-4D03LNHLinear",
        "tfevents"));
    List<CollectingSink.Point> train = r.sink.scalars.get("Train");
    assertEquals(60, train.size());
    assertEquals(0, train.get(0).step());
    assertEquals(59, train.get(59).step());
    assertEquals((double) 0.6588220000267029f, train.get(0).value());
    assertEquals((double) 0.1690482348203659f, train.get(59).value());
    assertEquals(List.of("Train", "graph_def"), List.copyOf(r.sink.tablets.keySet()));
    graphDef(r, CORPUS.file(
        "tensorboard/tensorboardX-2018_miaoshuyu/runs/Aug29_15-34-06_DESKTOP-4D03LNHLinear",
        "tfevents"), "graph_def");
  }

  /** The graph blob of the tag: header and payload a GraphModel of a TensorFlow GraphDef. */
  private GraphModel graphDef(Read r, Path file, String tag) throws IOException {
    List<CollectingSink.Blob> graphs = r.sink.blobs.stream()
        .filter(b -> b.tag().equals(tag)).toList();
    assertEquals(1, graphs.size());
    CollectingSink.Blob g = graphs.get(0);
    assertEquals(new Kind("graph"), g.kind());
    assertEquals(new Kind("graph"), r.sink.tablets.get(tag).kind());
    assertEquals(1, g.payloadVersion());
    GraphModel header = GraphModel.parseFrom(g.header());
    assertEquals("tf-graphdef", header.getFormat());
    assertEquals(tag, header.getName());
    assertTrue(header.getData().isEmpty());
    byte[] bytes = format.readBlob(LocalLogFile.of(file), g.locator());
    assertEquals(g.byteSize(), bytes.length);
    GraphModel model = GraphModel.parseFrom(bytes);
    assertEquals("tf-graphdef", model.getFormat());
    TensorFlow.GraphDef def = TensorFlow.GraphDef.parseFrom(model.getData());
    assertTrue(def.getNodeCount() > 0, "the GraphDef has nodes");
    return model;
  }

  @Test
  void truncatedTailIsIncomplete() throws IOException {
    Path file = CORPUS.file(
        "tensorboard/edge_tensorboardX_truncated-tail/runs/classifier_mnist_0915", "tfevents");
    CollectingSink sink = new CollectingSink();
    try (var reader = format.open(LocalLogFile.of(file))) {
      ReadStatus s = reader.readAvailable(sink);
      assertTrue(s.incompleteTail());
      assertFalse(s.notThisFormat());
      assertEquals(List.of(), s.problems());
      assertEquals(40, s.bytesRead(), "stops before the cut-off record");
      ReadStatus again = reader.readAvailable(sink);
      assertTrue(again.incompleteTail());
      assertEquals(0, again.bytesRead());
    }
    assertEquals(0, sink.records());
  }

  @Test
  void tensorboardXProjectorEmbedding() throws IOException {
    Path config = CORPUS.dir().resolve("tensorboard/tensorboardX-2018_miaoshuyu/runs/"
        + "Aug29_15-47-56_DESKTOP-4D03LNH/projector_config.pbtxt");
    Read r = read(config);
    assertEquals(1, r.sink.embeddings.size());
    CollectingSink.Embedding e = r.sink.embeddings.get(0);
    assertEquals("default:00000", e.tag());
    assertEquals(0, e.step());
    assertEquals(100, e.rows());
    assertEquals(784, e.dims());
    assertEquals(new Kind("embedding"), r.sink.tablets.get(e.tag()).kind());
    Embedding m = Payloads.embedding(format, config, e.locator());
    assertEquals(100, m.getRows());
    assertEquals(784, m.getDims());
    assertEquals(100 * 784, m.getValuesCount());
    assertEquals("tensor(7)", m.getLabelsList().get(0));
    assertEquals("tensor(2)", m.getLabelsList().get(1));
    assertEquals(100, m.getLabelsList().size());
  }

  @Test
  void standaloneProjectorJsonWithRawTensor() throws IOException {
    Path config = CORPUS.dir().resolve(
        "tensorboard/projector_standalone-demo/oss_data/oss_demo_projector_config.json");
    assertTrue(format.recognizes(LocalLogFile.of(config)));
    CollectingSink sink = new CollectingSink();
    try (var reader = format.open(LocalLogFile.of(config))) {
      ReadStatus s = reader.readAvailable(sink);
      // Five of the six embeddings name files that are not in the corpus: reported, skipped.
      assertEquals(5, s.problems().size(), s.problems().toString());
    }
    assertEquals(1, sink.embeddings.size());
    CollectingSink.Embedding e = sink.embeddings.get(0);
    assertEquals("Iris", e.tag());
    assertEquals(150, e.rows());
    assertEquals(4, e.dims());
    Embedding m = Payloads.embedding(format, config, e.locator());
    assertEquals(List.of("sepal-length", "sepal-width", "petal-length", "petal-width", "class"),
        m.getMetadataHeaderList());
    assertEquals(150, m.getMetadataRowsCount());
    assertEquals(150, m.getLabelsList().size());
    assertEquals(5.1f, m.getValues(0));
    assertEquals(3.5f, m.getValues(1));
    assertEquals(1.4f, m.getValues(2));
    assertEquals(0.2f, m.getValues(3));
    assertEquals("5.1", m.getMetadataRows(0).getCells(0));
  }

  @Test
  void everyCorpusEventFileLoadsWithoutProblems() throws IOException {
    try (Stream<Path> s = Files.walk(CORPUS.dir().resolve("tensorboard"))) {
      for (Path p : s.filter(Files::isRegularFile).filter(p -> format.recognizes(LocalLogFile.of(p))).toList()) {
        if (p.getFileName().toString().endsWith(".json")) {
          continue; // names tensors that are not in the corpus; checked above
        }
        CollectingSink sink = new CollectingSink();
        try (var reader = format.open(LocalLogFile.of(p))) {
          ReadStatus st = reader.readAvailable(sink);
          assertEquals(List.of(), st.problems(), p.toString());
          assertFalse(st.notThisFormat(), p.toString());
        }
      }
    }
  }

  @Test
  void projectorConfigsAreRecognizedAndOtherFilesNot() {
    assertTrue(format.recognizes(LocalLogFile.of(Path.of("runs/a/events.out.tfevents.123.host"))));
    assertTrue(format.recognizes(LocalLogFile.of(Path.of("runs/a b/my.tfevents.custom"))));
    assertTrue(format.recognizes(LocalLogFile.of(Path.of("runs/projector_config.pbtxt"))));
    assertTrue(format.recognizes(LocalLogFile.of(Path.of("x/oss_demo_projector_config.json"))));
    assertFalse(format.recognizes(LocalLogFile.of(Path.of("runs/a/tensors.tsv"))));
    assertFalse(format.recognizes(LocalLogFile.of(Path.of("runs/a/vdlrecords.1.log"))));
    assertArrayEquals(new long[0], new long[0]);
  }
}
