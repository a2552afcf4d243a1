package org.visualdl.storage;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.ByteArrayOutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HexFormat;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The worked example of proto/README.md, byte for byte: if this fails, fix the README too. */
class FormatExampleTest {
  @TempDir Path dir;

  private static final String HEADER =
      "22 00 00 00 00 00 00 00 78 11 3d fd"
          + " 0a 20 08 01 12 10 76 69 73 75 61 6c 64 6c 2d 63 2f 30 2e 31 2e 30 1a 01 68 20 2a"
          + " 28 80 d0 95 ff bc 31"
          + " c3 63 01 57";
  private static final String TABLET =
      "0c 00 00 00 00 00 00 00 f4 c8 fe 0a"
          + " 12 0a 08 01 12 04 6c 6f 73 73 18 01"
          + " 29 96 f4 bf";
  private static final String SCALARS =
      "21 00 00 00 00 00 00 00 01 7b ec f6"
          + " 1a 1f 08 01 10 03 20 01 32 0c 00 00 00 3f 00 00 80 3e 00 00 00 3e"
          + " 40 80 d0 95 ff bc 31 4a 02 02 00"
          + " ad c8 57 e4";
  private static final String TEXT =
      "15 00 00 00 00 00 00 00 d6 ab 6b 2b"
          + " 22 13 08 02 10 07 18 82 d0 95 ff bc 31 22 06 2a 04 0a 02 68 69"
          + " 93 25 41 ba";

  private static byte[] hex(String s) {
    return HexFormat.of().parseHex(s.replace(" ", ""));
  }

  @Test
  void theReadmeExampleReadsAsDescribed() throws Exception {
    // Frame 4 refers to tablet 2, which the README declares in words; declare it here.
    byte[] notes = org.visualdl.proto.Frame.newBuilder()
        .setTablet(org.visualdl.proto.Tablet.newBuilder().setId(2).setTag("notes")
            .setKind(org.visualdl.proto.Kind.KIND_TEXT))
        .build().toByteArray();
    byte[] notesFrame = new byte[notes.length + 16];
    org.visualdl.storage.internal.Frames.putHeader(notesFrame, 0, notes.length);
    System.arraycopy(notes, 0, notesFrame, 12, notes.length);
    org.visualdl.storage.internal.Frames.putIntLE(notesFrame, 12 + notes.length,
        org.visualdl.storage.internal.Crc32c.masked(notes, 0, notes.length));

    ByteArrayOutputStream file = new ByteArrayOutputStream();
    for (byte[] b : List.of(hex(HEADER), hex(TABLET), hex(SCALARS), notesFrame, hex(TEXT))) {
      file.write(b);
    }
    Path path = dir.resolve("1700000000000.h.42.0.vdl");
    Files.write(path, file.toByteArray());

    CountingSink sink = new CountingSink();
    ReadResult r;
    try (RecordFileReader reader = new RecordFileReader(path)) {
      r = reader.readAvailable(sink);
    }
    assertEquals(List.of(), r.problems());
    assertEquals(5, r.frames());
    assertEquals(
        List.of("loss@0=0.5/1700000000000", "loss@1=0.25/1700000000001",
            "loss@2=0.125/1700000000001"),
        sink.points);
    assertEquals("record notes 7 text {\n  markdown: \"hi\"\n}\n", sink.events.get(4));

    // The CRC check value quoted in the README.
    byte[] length = hex("22 00 00 00 00 00 00 00");
    byte[] crc = new byte[4];
    org.visualdl.storage.internal.Frames.putIntLE(crc, 0,
        org.visualdl.storage.internal.Crc32c.masked(length, 0, 8));
    assertArrayEquals(hex("78 11 3d fd"), crc);
    java.util.zip.CRC32C check = new java.util.zip.CRC32C();
    check.update("123456789".getBytes(java.nio.charset.StandardCharsets.US_ASCII));
    assertEquals(0xE3069283L, check.getValue());
  }
}
