package org.visualdl.sdk;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.visualdl.proto.Record;

class CrashTest {
  @TempDir Path dir;

  @Test
  void everythingFlushedBeforeSigkillReadsBackExactly() throws Exception {
    Path run = dir.resolve("run");
    List<String> lines = new ArrayList<>();
    // Wait for the third flush, so the kill lands while the writer is busy writing more.
    Process p = ChildJvm.startAndAwait(ChildJvm.testClasspath(), CrashingWriterProgram.class,
        l -> l.startsWith("FLUSHED ") && lines.stream().filter(x -> x.startsWith("FLUSHED")).count() >= 2,
        lines, run.toString());
    String last = lines.get(lines.size() - 1);
    long flushed = Long.parseLong(last.substring("FLUSHED ".length()));
    p.destroyForcibly(); // SIGKILL
    assertTrue(p.waitFor(30, TimeUnit.SECONDS));

    RunContents c = RunContents.read(run);
    assertEquals(0, c.result.corruptFrames(), c.result.problems().toString());
    List<RunContents.Point> loss = c.scalars.get("loss");
    List<RunContents.Point> acc = c.scalars.get("acc");
    assertTrue(loss.size() >= flushed, loss.size() + " < " + flushed);
    assertTrue(acc.size() >= flushed);
    for (int i = 0; i < loss.size(); i++) {
      assertEquals(new RunContents.Point(i, i * 0.25, 1_700_000_000_000L + i), loss.get(i));
      assertEquals(-i, acc.get(i).value());
    }
    List<Record> notes = c.records.get("note");
    assertTrue(notes.size() >= 2, "one text record per flushed round");
    // The file stays readable: a second reading agrees, and a cut-off tail (if any) is only that.
    RunContents again = RunContents.read(run);
    assertEquals(loss.size(), again.scalars.get("loss").size());
    assertFalse(again.result.problems().stream().anyMatch(s -> s.contains("not a VisualDL")));
  }
}
