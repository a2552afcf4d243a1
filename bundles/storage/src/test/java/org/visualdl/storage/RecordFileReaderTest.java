package org.visualdl.storage;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Random;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.visualdl.proto.Entry;
import org.visualdl.proto.Frame;
import org.visualdl.proto.Kind;
import org.visualdl.proto.Record;
import org.visualdl.proto.Tablet;
import org.visualdl.proto.Text;
import org.visualdl.storage.TestFiles.RawFrame;
import org.visualdl.storage.internal.Crc32c;
import org.visualdl.storage.internal.Frames;

class RecordFileReaderTest {
  @TempDir Path dir;

  private static ReadResult readAll(Path file, CountingSink sink) throws IOException {
    try (RecordFileReader r = new RecordFileReader(file)) {
      return r.readAvailable(sink);
    }
  }

  @Test
  void readsWhatWasWritten() throws IOException {
    Path file = TestFiles.writeSample(dir, 3);
    CountingSink sink = new CountingSink();
    ReadResult r = readAll(file, sink);
    assertEquals(List.of(), r.problems());
    assertFalse(r.incompleteTail());
    assertEquals(0, r.corruptFrames());
    assertEquals(Files.size(file), r.bytesConsumed());
    assertEquals(1, sink.headers);
    assertEquals(30, sink.points.size());
    assertEquals("loss@0=2.0/1700000000000", sink.points.get(0));
    assertEquals(3, sink.events.stream().filter(e -> e.startsWith("record notes")).count());
  }

  @Test
  void truncationAtEveryOffsetDeliversExactlyTheCompleteFrames() throws IOException {
    Path source = TestFiles.writeSample(dir.resolve("src"), 4);
    byte[] bytes = Files.readAllBytes(source);
    List<RawFrame> frames = TestFiles.frames(bytes);
    Path cut = dir.resolve("cut.vdl");
    for (int length = 0; length <= bytes.length; length++) {
      TestFiles.write(cut, bytes, length);
      CountingSink sink = new CountingSink();
      ReadResult r = readAll(cut, sink);
      int complete = 0;
      long boundary = 0;
      for (RawFrame f : frames) {
        if (f.end() <= length) {
          complete++;
          boundary = f.end();
        }
      }
      assertEquals(complete, r.frames(), "cut at " + length);
      assertEquals(0, r.corruptFrames(), "cut at " + length);
      assertEquals(boundary, r.bytesConsumed(), "cut at " + length);
      assertEquals(length != boundary, r.incompleteTail(), "cut at " + length);
    }
  }

  @Test
  void tailsAGrowingFileFromWhereItStopped() throws IOException {
    Path source = TestFiles.writeSample(dir.resolve("src"), 6);
    byte[] bytes = Files.readAllBytes(source);
    CountingSink expected = new CountingSink();
    readAll(source, expected);

    Path growing = dir.resolve("growing.vdl");
    Files.write(growing, new byte[0]);
    Random random = new Random(7);
    CountingSink sink = new CountingSink();
    int frames = 0;
    try (RecordFileReader reader = new RecordFileReader(growing)) {
      int written = 0;
      while (written < bytes.length) {
        int n = Math.min(bytes.length - written, 1 + random.nextInt(40));
        Files.write(growing, java.util.Arrays.copyOfRange(bytes, written, written + n),
            java.nio.file.StandardOpenOption.APPEND);
        written += n;
        ReadResult r = reader.readAvailable(sink);
        assertEquals(0, r.corruptFrames());
        frames += r.frames();
      }
      assertEquals(bytes.length, reader.position());
    }
    assertEquals(expected.events, sink.events);
    assertEquals(expected.points, sink.points);
    assertEquals(TestFiles.frames(bytes).size(), frames);
  }

  @Test
  void randomBitFlipsLoseOnlyTheDamagedFrames() throws IOException {
    Path source = TestFiles.writeSample(dir.resolve("src"), 8);
    byte[] original = Files.readAllBytes(source);
    List<RawFrame> frames = TestFiles.frames(original);
    Path damaged = dir.resolve("damaged.vdl");
    Random random = new Random(12345);
    for (int round = 0; round < 300; round++) {
      byte[] bytes = original.clone();
      int flips = 1 + random.nextInt(3);
      Set<Integer> touched = new HashSet<>();
      for (int f = 0; f < flips; f++) {
        int bit = random.nextInt(bytes.length * 8);
        bytes[bit / 8] ^= (byte) (1 << (bit % 8));
        for (int i = 0; i < frames.size(); i++) {
          if (bit / 8 >= frames.get(i).offset() && bit / 8 < frames.get(i).end()) {
            touched.add(i);
          }
        }
      }
      // A frame survives unless it is damaged or refers to a tablet whose declaration is.
      Set<Integer> lostTablets = new HashSet<>();
      int expected = 0;
      for (int i = 0; i < frames.size(); i++) {
        Frame f = frames.get(i).frame();
        if (touched.contains(i)) {
          if (f.hasTablet()) {
            lostTablets.add(f.getTablet().getId());
          }
          continue;
        }
        int ref = f.hasScalars() ? f.getScalars().getTabletId()
            : f.hasRecord() ? f.getRecord().getTabletId() : -1;
        if (!lostTablets.contains(ref)) {
          expected++;
        }
      }
      TestFiles.write(damaged, bytes, bytes.length);
      ReadResult r = readAll(damaged, new CountingSink());
      assertEquals(expected, r.frames(), "round " + round + ", damaged frames " + touched);
      assertTrue(r.corruptFrames() >= 1, "round " + round);
      assertFalse(r.problems().isEmpty());
      // Damage in the last frame leaves its last 11 bytes to be looked at again on the next pass.
      assertTrue(r.bytesConsumed() >= bytes.length - Frames.HEADER_BYTES + 1, "round " + round);
    }
  }

  @Test
  void absurdLengthsAreNeverTrusted() throws IOException {
    byte[] good = Files.readAllBytes(TestFiles.writeSample(dir.resolve("src"), 1));
    // A header claiming 2^40 bytes, with a valid CRC, followed by a good file.
    byte[] huge = new byte[Frames.HEADER_BYTES];
    Frames.putLongLE(huge, 0, 1L << 40);
    Frames.putIntLE(huge, 8, Crc32c.masked(huge, 0, 8));
    Path file = dir.resolve("huge.vdl");
    byte[] both = new byte[huge.length + good.length];
    System.arraycopy(huge, 0, both, 0, huge.length);
    System.arraycopy(good, 0, both, huge.length, good.length);
    Files.write(file, both);
    ReadResult r = readAll(file, new CountingSink());
    assertEquals(1, r.corruptFrames());
    assertEquals(TestFiles.frames(good).size(), r.frames());

    // A plausible length beyond the end of the file: waits for the rest, allocates nothing big.
    byte[] big = new byte[Frames.HEADER_BYTES + 10];
    Frames.putHeader(big, 0, 200 * 1024 * 1024);
    Path file2 = dir.resolve("big.vdl");
    Files.write(file2, big);
    ReadResult r2 = readAll(file2, new CountingSink());
    assertTrue(r2.incompleteTail());
    assertEquals(0, r2.frames());

    // A negative length.
    Frames.putLongLE(huge, 0, -5);
    Frames.putIntLE(huge, 8, Crc32c.masked(huge, 0, 8));
    Files.write(file, huge);
    ReadResult r3 = readAll(file, new CountingSink());
    assertEquals(1, r3.corruptFrames());
  }

  @Test
  void garbageIsNotARecordFileAndDamageAtTheTailIsReportedOnce() throws IOException {
    Path file = dir.resolve("garbage.vdl");
    byte[] garbage = new byte[5000];
    new Random(3).nextBytes(garbage);
    Files.write(file, garbage);
    try (RecordFileReader reader = new RecordFileReader(file)) {
      ReadResult r = reader.readAvailable(new CountingSink());
      assertEquals(0, r.frames());
      assertEquals(1, r.corruptFrames());
      assertTrue(r.problems().stream().anyMatch(p -> p.contains("not a VisualDL record file")),
          r.problems().toString());
      assertTrue(reader.notARecordFile());
      ReadResult again = reader.readAvailable(new CountingSink());
      assertEquals(0, again.corruptFrames());
      assertEquals(List.of(), again.problems());
    }
  }

  @Test
  void aFrameAppendedAfterDamageIsFoundOnTheNextPass() throws IOException {
    byte[] good = Files.readAllBytes(TestFiles.writeSample(dir.resolve("src"), 1));
    List<RawFrame> frames = TestFiles.frames(good);
    Path file = dir.resolve("f.vdl");
    // good frames, then 7 garbage bytes, then the first 5 bytes of a frame still being written
    RawFrame first = frames.get(0);
    byte[] garbage = {1, 2, 3, 4, 5, 6, 7};
    Files.write(file, good);
    Files.write(file, garbage, java.nio.file.StandardOpenOption.APPEND);
    Files.write(file, java.util.Arrays.copyOfRange(good, 0, 5),
        java.nio.file.StandardOpenOption.APPEND);
    try (RecordFileReader reader = new RecordFileReader(file)) {
      ReadResult r1 = reader.readAvailable(new CountingSink());
      assertEquals(frames.size(), r1.frames());
      assertEquals(1, r1.corruptFrames());
      Files.write(file, java.util.Arrays.copyOfRange(good, 5, (int) first.end()),
          java.nio.file.StandardOpenOption.APPEND);
      CountingSink sink = new CountingSink();
      ReadResult r2 = reader.readAvailable(sink);
      assertEquals(1, r2.frames());
      assertEquals(0, r2.corruptFrames());
      assertEquals(1, sink.headers);
    }
  }

  @Test
  void unknownFieldsAndFrameKindsAreSkipped() throws IOException {
    Path file = dir.resolve("future.vdl");
    byte[] header = Frame.newBuilder()
        .setStorage(org.visualdl.proto.Storage.newBuilder().setFormatVersion(1)).build()
        .toByteArray();
    // Frame field 15 (a kind from the future) and a Storage with unknown field 99.
    byte[] future = {(byte) 0x7a, 2, 8, 1};
    byte[] storageWithUnknown = concat(new byte[] {0x0a, 5, 0x08, 1, (byte) 0x98, 0x06, 1});
    try (var out = Files.newOutputStream(file)) {
      for (byte[] p : List.of(header, future, storageWithUnknown)) {
        byte[] frame = new byte[Frames.HEADER_BYTES + p.length + Frames.FOOTER_BYTES];
        Frames.putHeader(frame, 0, p.length);
        System.arraycopy(p, 0, frame, Frames.HEADER_BYTES, p.length);
        Frames.putIntLE(frame, Frames.HEADER_BYTES + p.length, Crc32c.masked(p, 0, p.length));
        out.write(frame);
      }
    }
    CountingSink sink = new CountingSink();
    ReadResult r = readAll(file, sink);
    assertEquals(List.of(), r.problems());
    assertEquals(3, r.frames());
    assertEquals(2, sink.headers);
  }

  @Test
  void aFileOfANewerFormatVersionIsReportedAndSkipped() throws IOException {
    Path file = dir.resolve("new.vdl");
    byte[] p = Frame.newBuilder()
        .setStorage(org.visualdl.proto.Storage.newBuilder().setFormatVersion(2)).build()
        .toByteArray();
    byte[] frame = new byte[Frames.HEADER_BYTES + p.length + Frames.FOOTER_BYTES];
    Frames.putHeader(frame, 0, p.length);
    System.arraycopy(p, 0, frame, Frames.HEADER_BYTES, p.length);
    Frames.putIntLE(frame, Frames.HEADER_BYTES + p.length, Crc32c.masked(p, 0, p.length));
    byte[] rest = Files.readAllBytes(TestFiles.writeSample(dir.resolve("src"), 1));
    Files.write(file, frame);
    Files.write(file, java.util.Arrays.copyOfRange(rest, TestFiles.frames(rest).get(0).length()
        + 16, rest.length), java.nio.file.StandardOpenOption.APPEND);
    try (RecordFileReader reader = new RecordFileReader(file)) {
      CountingSink sink = new CountingSink();
      ReadResult r = reader.readAvailable(sink);
      assertTrue(r.problems().get(0).contains("format version 2"), r.problems().toString());
      assertEquals(List.of(), sink.events);
      assertEquals(List.of(), reader.readAvailable(sink).problems());
    }
  }

  private static byte[] concat(byte[] a) {
    return a;
  }

  @Test
  void aRecordIsReadAgainByItsOffset() throws IOException {
    Path file = TestFiles.writeSample(dir, 2);
    List<Long> offsets = new ArrayList<>();
    List<Record> records = new ArrayList<>();
    try (RecordFileReader reader = new RecordFileReader(file)) {
      reader.readAvailable(new FrameSink() {
        @Override
        public void record(Tablet tablet, Record record, long frameOffset) {
          offsets.add(frameOffset);
          records.add(record);
        }
      });
    }
    assertEquals(2, offsets.size());
    for (int i = 0; i < offsets.size(); i++) {
      assertEquals(records.get(i), RecordFileReader.readRecordAt(LocalLogFile.of(file), offsets.get(i)));
    }
  }

  @Test
  void writerRotatesAndDeclaresTabletsAgainInEveryFile() throws IOException {
    Path run = dir.resolve("run");
    Tablet text = Tablet.newBuilder().setTag("t").setKind(Kind.KIND_TEXT).build();
    try (RecordWriter w = RecordWriter.open(run, new RecordWriter.Options(2048, false, "test"))) {
      for (int i = 0; i < 200; i++) {
        w.writeRecord(text, i, 1000 + i,
            Entry.newBuilder().setText(Text.newBuilder().setMarkdown("line " + i)).build());
      }
    }
    List<Path> files = RunReader.recordFiles(run);
    assertTrue(files.size() > 2, files.toString());
    List<Long> steps = new ArrayList<>();
    try (RunReader reader = new RunReader(run)) {
      ReadResult r = reader.readAvailable(new FrameSink() {
        @Override
        public void record(Tablet tablet, Record record, long frameOffset) {
          steps.add(record.getStep());
        }
      });
      assertEquals(List.of(), r.problems());
    }
    assertEquals(200, steps.size());
    for (int i = 0; i < 200; i++) {
      assertEquals(i, steps.get(i));
    }
  }
}
