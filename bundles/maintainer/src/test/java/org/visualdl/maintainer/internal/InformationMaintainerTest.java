package org.visualdl.maintainer.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.visualdl.api.Kind;
import org.visualdl.api.RunInfo;
import org.visualdl.api.ScalarPoints;
import org.visualdl.api.ScalarQuery;
import org.visualdl.sdk.LogWriter;

/** The maintainer over real files written by the SDK, outside OSGi. */
class InformationMaintainerTest {
  @TempDir Path logs;
  final InformationMaintainer maintainer = new InformationMaintainer();

  @AfterEach
  void stop() {
    maintainer.stop();
  }

  private void scanOnce() {
    maintainer.configure(LogDirectory.parse(logs.toString()), new org.visualdl.storage.RecordLogFormat());
    maintainer.scan();
  }

  @Test
  void loadsNestedRunsAndTheirScalars() throws Exception {
    try (LogWriter a = LogWriter.open(logs.resolve("exp/a"));
        LogWriter root = LogWriter.open(logs)) {
      for (int i = 0; i < 100; i++) {
        a.addScalar("loss", i, i * 0.5);
      }
      root.addScalar("acc", 7, 0.9);
    }
    scanOnce();
    assertEquals(List.of(".", "exp/a"), maintainer.runs().stream().map(RunInfo::name).toList());
    ScalarPoints p = maintainer.scalars("exp/a", "loss", ScalarQuery.everyPoint()).orElseThrow();
    assertEquals(100, p.size());
    assertEquals(49.5, p.values()[99], 0.0);
    assertEquals(2, maintainer.tablets(Kind.SCALAR).size());
    assertTrue(maintainer.tablet(".", "acc", Kind.SCALAR).isPresent());
    assertFalse(maintainer.scalars("exp/a", "nope", ScalarQuery.everyPoint()).isPresent());
  }

  @Test
  void aFileGivenAloneIsOneRunAndTheRestOfItsFolderIsNotRead() throws Exception {
    Path served;
    try (LogWriter a = LogWriter.open(logs.resolve("folder"))) {
      a.addScalar("served", 0, 1);
      served = a.currentFile();
    }
    try (LogWriter b = LogWriter.open(logs.resolve("folder"))) {
      b.addScalar("other", 0, 2);
    }
    maintainer.configure(LogDirectory.parse("model:" + served),
        new org.visualdl.storage.RecordLogFormat());
    maintainer.scan();
    assertEquals(List.of("model"), maintainer.runs().stream().map(RunInfo::name).toList());
    assertTrue(maintainer.tablet("model", "served", Kind.SCALAR).isPresent());
    assertFalse(maintainer.tablet("model", "other", Kind.SCALAR).isPresent());
  }

  @Test
  void tailsAGrowingFile() throws Exception {
    maintainer.configure(LogDirectory.parse(logs.toString()), new org.visualdl.storage.RecordLogFormat());
    try (LogWriter w = LogWriter.open(logs.resolve("run"))) {
      w.addScalar("x", 0, 1);
      w.flush();
      maintainer.scan();
      assertEquals(1, maintainer.scalars("run", "x", ScalarQuery.everyPoint()).orElseThrow().size());
      w.addScalar("x", 1, 2);
      w.flush();
      maintainer.scan();
      assertEquals(2, maintainer.scalars("run", "x", ScalarQuery.everyPoint()).orElseThrow().size());
    }
  }

  @Test
  void aRestartedRunIsMergedAndTheLatestValueOfAStepWins() throws Exception {
    try (LogWriter first = LogWriter.open(logs.resolve("run"))) {
      for (int i = 0; i < 10; i++) {
        first.addScalar("loss", i, 1.0, 1000 + i);
      }
    }
    try (LogWriter resumed = LogWriter.open(logs.resolve("run"))) {
      for (int i = 5; i < 15; i++) {
        resumed.addScalar("loss", i, 2.0, 2000 + i);
      }
    }
    scanOnce();
    ScalarPoints p = maintainer.scalars("run", "loss", ScalarQuery.everyPoint()).orElseThrow();
    assertEquals(List.of(), maintainer.status().problems());
    assertEquals(2, maintainer.status().files());
    assertEquals(15, p.size(), java.util.Arrays.toString(p.steps()));
    for (int i = 0; i < 15; i++) {
      assertEquals(i, p.steps()[i]);
      assertEquals(i < 5 ? 1.0 : 2.0, p.values()[i], 0.0, "step " + i);
    }
  }

  @Test
  void garbageBesideAGoodFileIsReportedAndTheGoodDataServed() throws Exception {
    try (LogWriter w = LogWriter.open(logs.resolve("run"))) {
      w.addScalar("x", 0, 1);
    }
    Files.write(logs.resolve("run/999.garbage.1.0.vdl"), "this is not a record file".getBytes());
    scanOnce();
    assertEquals(1, maintainer.scalars("run", "x", ScalarQuery.everyPoint()).orElseThrow().size());
    assertFalse(maintainer.status().problems().isEmpty());
  }

  @Test
  void aMissingLogDirectoryIsAProblemNotACrash() {
    maintainer.configure(LogDirectory.parse(logs.resolve("nope").toString()), new org.visualdl.storage.RecordLogFormat());
    maintainer.scan();
    assertTrue(maintainer.runs().isEmpty());
    assertTrue(maintainer.status().problems().get(0).contains("does not exist"));
  }
}
