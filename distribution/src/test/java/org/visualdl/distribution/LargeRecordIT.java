package org.visualdl.distribution;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import java.util.zip.CRC32C;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.visualdl.sdk.LogWriter;

/**
 * A frame whose length claims 250 MB, with every byte present and both checksums right, under
 * -Xmx256m: the server reports it once, skips it, serves the rest and stays up.
 */
class LargeRecordIT {
  static final int BIG = 250 * 1024 * 1024;

  private static int masked(CRC32C crc) {
    int c = (int) crc.getValue();
    return ((c >>> 15) | (c << 17)) + 0xa282ead8;
  }

  /** Appends one TFRecord frame of {@code length} zero bytes, streamed, never held in memory. */
  static void appendZeroFrame(Path file, int length) throws Exception {
    ByteBuffer header = ByteBuffer.allocate(12).order(ByteOrder.LITTLE_ENDIAN);
    header.putLong(length);
    CRC32C lengthCrc = new CRC32C();
    lengthCrc.update(header.array(), 0, 8);
    header.putInt(masked(lengthCrc));
    header.flip();
    CRC32C payloadCrc = new CRC32C();
    byte[] zeros = new byte[1 << 20];
    try (FileChannel ch = FileChannel.open(file, StandardOpenOption.WRITE, StandardOpenOption.APPEND)) {
      ch.write(header);
      for (int left = length; left > 0; left -= zeros.length) {
        int n = Math.min(left, zeros.length);
        payloadCrc.update(zeros, 0, n);
        ch.write(ByteBuffer.wrap(zeros, 0, n));
      }
      ByteBuffer footer = ByteBuffer.allocate(4).order(ByteOrder.LITTLE_ENDIAN);
      footer.putInt(masked(payloadCrc));
      footer.flip();
      ch.write(footer);
    }
  }

  private static List<String> bigProblems(VisualDLProcess server) throws Exception {
    List<String> out = new ArrayList<>();
    for (JsonNode p : server.json("/api/health").get("problems")) {
      if (p.asText().contains("more than the")) {
        out.add(p.asText());
      }
    }
    return out;
  }

  @Test
  void aRecordLongerThanTheHeapCanSpareIsSkippedAndReportedOnce(@TempDir Path logs) throws Exception {
    try (LogWriter log = LogWriter.open(logs.resolve("big"))) {
      for (int i = 0; i < 100; i++) {
        log.addScalar("loss", i, 1.0 / (i + 1));
      }
    }
    Path file;
    try (Stream<Path> s = Files.list(logs.resolve("big"))) {
      file = s.filter(Files::isRegularFile).findFirst().orElseThrow();
    }
    appendZeroFrame(file, BIG);

    try (VisualDLProcess server =
        VisualDLProcess.start(Map.of("VISUALDL_OPTS", "-Xmx256m"), "--logdir", logs.toString())) {
      long deadline = System.currentTimeMillis() + 120_000;
      while (bigProblems(server).isEmpty() && System.currentTimeMillis() < deadline) {
        Thread.sleep(200);
      }
      assertEquals(1, bigProblems(server).size(), server.json("/api/health").toString());
      JsonNode series = server.json("/api/plugins/scalar/series?run=big&tag=loss");
      assertEquals(100, series.get("total").asInt());

      // The server goes on: a new run is served, and the big frame is not reported again.
      try (LogWriter log = LogWriter.open(logs.resolve("after"))) {
        log.addScalar("loss", 0, 1.0);
      }
      while (server.get("/api/plugins/scalar/series?run=after&tag=loss").statusCode() != 200
          && System.currentTimeMillis() < deadline) {
        Thread.sleep(200);
      }
      assertEquals(1, server.json("/api/plugins/scalar/series?run=after&tag=loss").get("total").asInt());
      assertEquals(1, bigProblems(server).size(), "reported once");
      assertTrue(server.process().isAlive());
      assertFalse(server.output().stream().anyMatch(l -> l.contains("OutOfMemoryError")), server.output().toString());
    }
  }
}
