package org.visualdl.format.visualdl2.internal;

import org.visualdl.format.testing.CollectingSink;
import org.visualdl.format.testing.Corpus;
import org.visualdl.storage.LocalLogFile;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.visualdl.api.Kind;
import org.visualdl.api.format.LogFileReader;
import org.visualdl.api.format.ReadStatus;
import org.visualdl.proto.Hparam;
import org.visualdl.proto.Hparams;
import org.visualdl.proto.PrCurve;

/** VisualDL's own demo logs in ../shared/corpus/visualdl2. */
class VisualDl2CorpusTest {
  private static final Corpus CORPUS = new Corpus("visualdl2", "VisualDL 2.x logs");
  private final VisualDl2Format format = new VisualDl2Format();

  private CollectingSink read(Path file) throws IOException {
    assertTrue(format.recognizes(LocalLogFile.of(file)));
    CollectingSink sink = new CollectingSink();
    try (LogFileReader r = format.open(LocalLogFile.of(file))) {
      ReadStatus s = r.readAvailable(sink);
      assertEquals(List.of(), s.problems(), file.toString());
      assertFalse(s.incompleteTail());
      assertFalse(s.notThisFormat());
      assertEquals(Files.size(file), s.bytesRead());
      assertEquals(0, r.readAvailable(sink).bytesRead());
    }
    return sink;
  }

  @Test
  void hyperParameterRun() throws IOException {
    CollectingSink s = read(CORPUS.file("visualdl2/hp/run2", "vdlrecords"));
    List<CollectingSink.Point> loss = s.scalars.get("train/loss");
    assertEquals(93, loss.size());
    assertEquals(93, s.scalars.get("train/acc").size());
    assertEquals(new CollectingSink.Point(10, (double) 3.789813995361328f, 1621667990487L),
        loss.get(0));
    assertEquals(930, loss.get(92).step());
    assertEquals((double) 0.078125f, s.scalars.get("train/acc").get(0).value());
    assertEquals(List.of(), s.pluginData);
    List<CollectingSink.Sample> hp = samples(s, "hparams");
    assertEquals(1, hp.size());
    assertEquals("hparam", hp.get(0).tag());
    assertEquals(1, hp.get(0).step());
    assertEquals(1621667988629L, hp.get(0).wallMs());
    assertEquals(new Kind("hparams"), s.tablets.get("hparam").kind());
    Hparams h = Hparams.parseFrom(hp.get(0).payload());
    assertEquals(List.of("learning rate", "batch size", "optimizer"),
        h.getHparamsList().stream().map(Hparam::getName).toList());
    assertEquals(0.0001, h.getHparams(0).getNumber());
    assertEquals(64, h.getHparams(1).getNumber());
    assertEquals("Adam", h.getHparams(2).getText());
    assertEquals(List.of("train/loss", "train/acc"), h.getMetricTagsList());
    assertFalse(s.tablets.containsKey("meta_data_tag"));
  }

  @Test
  void everyHpRunLoads() throws IOException {
    int[] expected = {93, 187, 375, 46, 46};
    String[] runs = {"run2", "run3", "run4", "run5", "run7"};
    for (int i = 0; i < runs.length; i++) {
      CollectingSink s = read(CORPUS.file("visualdl2/hp/" + runs[i], "vdlrecords"));
      assertEquals(expected[i], s.scalars.get("train/loss").size(), runs[i]);
      assertEquals(1, samples(s, "hparams").size(), runs[i]);
      assertEquals(List.of("train/loss", "train/acc"),
          Hparams.parseFrom(samples(s, "hparams").get(0).payload()).getMetricTagsList(), runs[i]);
    }
  }

  @Test
  void prCurvesWithTimestampsInSeconds() throws IOException {
    Path file = CORPUS.file("visualdl2/pr_new", "vdlrecords");
    CollectingSink s = read(file);
    assertEquals(List.of(), s.pluginData);
    List<CollectingSink.Sample> curves = samples(s, "pr-curve");
    assertEquals(6, curves.size());
    for (CollectingSink.Sample d : curves) {
      assertEquals(1599819168000L, d.wallMs(), "seconds turned into milliseconds");
      assertEquals(0, d.step(), "proto3 leaves out step 0");
      PrCurve c = PrCurve.parseFrom(d.payload());
      assertEquals(c.getTpCount(), c.getThresholdsCount());
      assertEquals(c.getTpCount(), c.getRecallCount());
      assertEquals(c.getTpCount(), c.getFnCount());
    }
    assertEquals("vegetables_cls/bocai_pr_curve", curves.get(0).tag());
    assertEquals(new Kind("pr-curve"), s.tablets.get("vegetables_cls/bocai_pr_curve").kind());
    PrCurve first = PrCurve.parseFrom(curves.get(0).payload());
    assertEquals(100, first.getTpCount());
    assertEquals(List.of(40.0, 40.0), first.getTpList().subList(0, 2), "TP, as stored");
    assertEquals(0.0, first.getThresholds(0));
    assertEquals(1.0, first.getThresholds(99));
    for (int i = 0; i < 100; i++) {
      assertEquals(first.getTp(i) + first.getFn(i), first.getTp(0) + first.getFn(0),
          "positives are the same at every threshold");
    }
  }

  static List<CollectingSink.Sample> samples(CollectingSink s, String kind) {
    return s.samples.stream().filter(x -> x.kind().equals(new Kind(kind))).toList();
  }

  @Test
  void texts() throws IOException {
    CollectingSink s = read(CORPUS.file("visualdl2/text", "vdlrecords"));
    assertEquals(23, s.texts.size());
    assertEquals(11, s.texts.stream().filter(t -> t.tag().equals("output1")).count());
    assertEquals(12, s.texts.stream().filter(t -> t.tag().equals("output2")).count());
    CollectingSink.Text first = s.texts.get(0);
    assertEquals("output1", first.tag());
    assertEquals(0, first.step());
    assertEquals(1611892411645L, first.wallMs());
    assertEquals("上联: 众 佛 群 灵 光 圣 地\t下联: 众 生 一 念 证 菩 提", first.markdown());
    assertEquals(new Kind("text"), s.tablets.get("output1").kind());
  }

  @Test
  void everyCorpusFileLoads() throws IOException {
    try (Stream<Path> files = Files.walk(CORPUS.dir().resolve("visualdl2"))) {
      for (Path p : files.filter(Files::isRegularFile)
          .filter(p -> format.recognizes(LocalLogFile.of(p))).toList()) {
        assertTrue(read(p).records() > 0, p.toString());
      }
    }
  }
}
