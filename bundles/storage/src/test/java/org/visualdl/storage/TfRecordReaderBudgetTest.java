package org.visualdl.storage;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.visualdl.storage.internal.Crc32c;
import org.visualdl.storage.internal.Frames;

/** A record longer than the memory budget is skipped and reported once, never loaded. */
class TfRecordReaderBudgetTest {
  @TempDir Path dir;

  static byte[] frame(byte[] payload, boolean goodCrc) {
    byte[] f = new byte[Frames.HEADER_BYTES + payload.length + Frames.FOOTER_BYTES];
    Frames.putHeader(f, 0, payload.length);
    System.arraycopy(payload, 0, f, Frames.HEADER_BYTES, payload.length);
    int crc = Crc32c.masked(payload, 0, payload.length) ^ (goodCrc ? 0 : 1);
    Frames.putIntLE(f, Frames.HEADER_BYTES + payload.length, crc);
    return f;
  }

  static byte[] filled(int n, int value) {
    byte[] b = new byte[n];
    Arrays.fill(b, (byte) value);
    return b;
  }

  private static final class Payloads implements TfRecordReader.PayloadHandler {
    final List<Integer> lengths = new ArrayList<>();

    @Override
    public String payload(byte[] buf, int off, int len, long recordOffset) {
      lengths.add(len);
      return null;
    }
  }

  @Test
  void aRecordOverTheBudgetIsSkippedOnceAndTheRestIsRead() throws Exception {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    out.write(frame(filled(100, 1), true));
    out.write(frame(filled(3 * 1024 * 1024, 2), true)); // over a 1 MiB budget, spans pieces
    out.write(frame(filled(200, 3), true));
    Path file = Files.write(dir.resolve("big.rec"), out.toByteArray());

    try (TfRecordReader reader = new TfRecordReader(LocalLogFile.of(file), "frame", 1 << 20)) {
      Payloads got = new Payloads();
      TfRecordReader.Pass pass = reader.readAvailable(got);
      assertEquals(List.of(100, 200), got.lengths);
      assertEquals(1, pass.damaged());
      assertEquals(1, pass.problems().size(), pass.problems().toString());
      assertTrue(pass.problems().get(0).contains("more than the 1048576 bytes"), pass.problems().get(0));
      assertEquals(Files.size(file), reader.position());

      Files.write(file, frame(filled(50, 4), true), java.nio.file.StandardOpenOption.APPEND);
      TfRecordReader.Pass next = reader.readAvailable(got);
      assertEquals(List.of(100, 200, 50), got.lengths);
      assertTrue(next.problems().isEmpty(), "reported once: " + next.problems());
    }
  }

  @Test
  void anOverBudgetRecordWithABadChecksumIsReportedAsDamage() throws Exception {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    out.write(frame(filled(2 * 1024 * 1024, 5), false));
    out.write(frame(filled(10, 6), true));
    Path file = Files.write(dir.resolve("bad.rec"), out.toByteArray());
    try (TfRecordReader reader = new TfRecordReader(LocalLogFile.of(file), "frame", 1 << 20)) {
      Payloads got = new Payloads();
      TfRecordReader.Pass pass = reader.readAvailable(got);
      assertEquals(List.of(10), got.lengths);
      assertEquals(1, pass.damaged());
      assertTrue(pass.problems().get(0).contains("checksum mismatch"), pass.problems().get(0));
    }
  }

  @Test
  void anOverBudgetRecordNotFullyWrittenIsWaitedForWithoutReadingIt() throws Exception {
    byte[] big = frame(filled(2 * 1024 * 1024, 7), true);
    Path file = Files.write(dir.resolve("tail.rec"), Arrays.copyOf(big, 1000));
    try (TfRecordReader reader = new TfRecordReader(LocalLogFile.of(file), "frame", 1 << 20)) {
      TfRecordReader.Pass pass = reader.readAvailable(new Payloads());
      assertTrue(pass.incompleteTail());
      assertTrue(pass.problems().isEmpty());
      assertFalse(pass.damaged() > 0);
    }
  }

  @Test
  void theDefaultBudgetIsBoundedByTheHeap() {
    int budget = TfRecordReader.defaultRecordBudget();
    assertTrue(budget >= 1 << 20 && budget <= Frames.MAX_PAYLOAD_BYTES);
    assertTrue(budget <= Math.max(1 << 20, Runtime.getRuntime().maxMemory() / 8));
  }
}
