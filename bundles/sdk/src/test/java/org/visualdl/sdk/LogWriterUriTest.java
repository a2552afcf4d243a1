package org.visualdl.sdk;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.visualdl.storage.RecordFiles;

/** {@link LogWriter#open(URI)}: a file: URI is a local run folder; a scheme without a backend fails. */
class LogWriterUriTest {
  @TempDir Path dir;

  @Test
  void aFileUriWritesALocalRunFolder() throws Exception {
    Path run = dir.resolve("exp").resolve("train");
    URI uri = run.toUri();
    assertEquals("file", uri.getScheme());
    try (LogWriter log = LogWriter.open(uri)) {
      for (int step = 0; step < 50; step++) {
        log.addScalar("loss", step, 1.0 / (step + 1), 1000 + step);
      }
      log.addText("notes", 3, "written through a file: URI");
      log.flush();
      // Flushed data is in the file while the writer is still open.
      assertEquals(50, RunContents.read(run).scalars.get("loss").size());
      assertEquals(log.currentFile().toUri(), log.currentFileUri());
      assertTrue(log.currentFile().startsWith(run), log.currentFile().toString());
      assertTrue(RecordFiles.isRecordFileName(log.currentFile().getFileName().toString()),
          log.currentFile().toString());
    }
    RunContents c = RunContents.read(run);
    assertEquals(List.of(), c.result.problems());
    List<RunContents.Point> loss = c.scalars.get("loss");
    assertEquals(50, loss.size());
    assertEquals(new RunContents.Point(7, 1.0 / 8, 1007), loss.get(7));
    assertEquals("written through a file: URI",
        c.records.get("notes").get(0).getEntry().getText().getMarkdown());
  }

  @Test
  void theBuilderOfAUriTakesTheSameOptionsAsThePathOne() throws Exception {
    Path run = dir.resolve("rotating");
    try (LogWriter log = LogWriter.builder(run.toUri()).rotateBytes(1024).fsync(true)
        .flushInterval(Duration.ofHours(1)).open()) {
      for (int i = 0; i < 200; i++) {
        log.addText("notes", i, "a line of text that fills the file up to its rotation size " + i);
      }
      log.flush();
    }
    try (Stream<Path> files = Files.list(run)) {
      List<String> names = files.map(p -> p.getFileName().toString()).sorted().toList();
      assertTrue(names.size() > 3, names.toString());
      assertTrue(names.stream().allMatch(RecordFiles::isRecordFileName), names.toString());
    }
    RunContents c = RunContents.read(run);
    assertEquals(List.of(), c.result.problems());
    assertEquals(200, c.records.get("notes").size());
  }

  @Test
  void aSchemeWithoutBackendFailsWithOneLineNamingWhatToAdd() {
    IOException hdfs = assertThrows(IOException.class,
        () -> LogWriter.open(URI.create("hdfs://127.0.0.1:9/logs/run1")));
    assertEquals("no storage backend for hdfs:// URIs (hdfs://127.0.0.1:9/logs/run1): add the"
        + " org.visualdl.storage.hdfs bundle (or its jar on the class path)", hdfs.getMessage());
    IOException s3 = assertThrows(IOException.class,
        () -> LogWriter.builder(URI.create("s3://bucket/logs/run1")).open());
    assertTrue(s3.getMessage().contains("org.visualdl.storage.s3"), s3.getMessage());
    IOException unknown = assertThrows(IOException.class,
        () -> LogWriter.open(URI.create("gopher://host/logs/run1")));
    assertTrue(unknown.getMessage().startsWith("no storage backend for gopher:// URIs"),
        unknown.getMessage());
    assertTrue(unknown.getMessage().contains("[file]"), unknown.getMessage());
    assertFalse(unknown.getMessage().contains("\n"), unknown.getMessage());
  }

  @Test
  void aRemovedRunFolderIsReportedForAUriWriterToo() throws Exception {
    Path run = dir.resolve("gone");
    LogWriter log = LogWriter.builder(run.toUri()).flushInterval(Duration.ofHours(1)).open();
    log.addScalar("loss", 0, 1);
    log.flush();
    LogWriterFailureTest.deleteTree(run);
    log.addScalar("loss", 1, 2);
    IOException flushed = assertThrows(IOException.class, log::flush);
    assertTrue(flushed.getMessage().contains("removed while being written"), flushed.getMessage());
    assertThrows(IOException.class, log::close);
  }
}
