package org.visualdl.storage;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class RunReaderTest {
  @TempDir Path dir;

  @Test
  void garbageAndEmptyFilesBesideRealOnesAreReportedAndIgnored() throws Exception {
    Path run = dir.resolve("run");
    TestFiles.writeSample(run, 2);
    CountingSink expected = new CountingSink();
    try (RunReader alone = new RunReader(run)) {
      alone.readAvailable(expected);
    }
    byte[] garbage = new byte[3000];
    new Random(1).nextBytes(garbage);
    Files.write(run.resolve("1.host.1.0.vdl"), garbage);
    Files.write(run.resolve("2.host.2.0.vdl"), new byte[0]);
    Files.write(run.resolve("junk.vdl"), "hello, not a record file\n".repeat(20).getBytes());
    Files.write(run.resolve("notes.txt"), "ignored: not a .vdl file".getBytes());

    CountingSink sink = new CountingSink();
    List<Path> announced = new ArrayList<>();
    try (RunReader reader = new RunReader(run)) {
      ReadResult r = reader.readAvailable(new FrameSink() {
        @Override
        public void file(Path file) {
          announced.add(file.getFileName());
        }

        @Override
        public void header(org.visualdl.proto.Storage header) {
          sink.header(header);
        }

        @Override
        public void tablet(org.visualdl.proto.Tablet tablet) {
          sink.tablet(tablet);
        }

        @Override
        public void scalars(org.visualdl.proto.Tablet t, org.visualdl.proto.ScalarBlock b) {
          sink.scalars(t, b);
        }

        @Override
        public void record(org.visualdl.proto.Tablet t, org.visualdl.proto.Record rec, long o) {
          sink.record(t, rec, o);
        }
      });
      assertEquals(expected.events, sink.events);
      assertEquals(expected.points, sink.points);
      assertEquals(2, r.problems().stream().filter(p -> p.contains("not a VisualDL record file"))
          .count(), r.problems().toString());
      assertTrue(r.problems().stream().anyMatch(p -> p.contains("2.host.2.0.vdl: empty")));
      assertFalse(announced.contains(Path.of("notes.txt")));
      assertEquals(1, reader.files().size());

      // Ignored files are not read or reported again.
      ReadResult again = reader.readAvailable(new CountingSink());
      assertEquals(0, again.frames());
      assertEquals(List.of(), again.problems());
    }
  }

  @Test
  void aRestartedWriterAddsAFileAndBothAreRead() throws Exception {
    Path run = dir.resolve("run");
    TestFiles.writeSample(run, 1);
    Thread.sleep(5); // a later start time, as a restarted process would have
    TestFiles.writeSample(run, 1);
    List<Path> files = RunReader.recordFiles(run);
    assertEquals(2, files.size());
    CountingSink sink = new CountingSink();
    try (RunReader reader = new RunReader(run)) {
      ReadResult r = reader.readAvailable(sink);
      assertEquals(List.of(), r.problems());
    }
    assertEquals(2, sink.headers);
    assertEquals(20, sink.points.size());
  }
}
