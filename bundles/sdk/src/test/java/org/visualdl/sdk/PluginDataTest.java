package org.visualdl.sdk;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.visualdl.proto.Kind;
import org.visualdl.proto.PluginData;
import org.visualdl.proto.Shape;
import org.visualdl.proto.Tablet;

/** Data of any kind, written as samples or blobs. */
class PluginDataTest {
  @TempDir Path dir;

  @Test
  void aKindIsWrittenWithItsShapeVersionAndHeader() throws Exception {
    Path run = dir.resolve("run");
    try (LogWriter log = LogWriter.open(run)) {
      log.addPluginData("tally", 3, Shape.SHAPE_SAMPLES, "clicks", 1, new byte[] {1}, new byte[0]);
      log.addPluginData("sound", 1, Shape.SHAPE_BLOBS, "speech", 2, new byte[] {9, 9},
          new byte[] {4});
      log.addPluginData("legacy", "old", 3, new byte[] {5});
    }
    RunContents c = RunContents.read(run);
    assertEquals(java.util.List.of(), c.result.problems());
    Tablet clicks = c.tablets.get("clicks/" + Kind.KIND_PLUGIN);
    assertEquals(Shape.SHAPE_SAMPLES, clicks.getShape());
    assertEquals("tally", clicks.getPlugin().getName());
    PluginData sample = c.records.get("clicks").get(0).getEntry().getPluginData();
    assertEquals(3, sample.getDataVersion());
    assertArrayEquals(new byte[] {1}, sample.getData().toByteArray());
    assertTrue(sample.getHeader().isEmpty());
    assertEquals(Shape.SHAPE_BLOBS, c.tablets.get("speech/" + Kind.KIND_PLUGIN).getShape());
    PluginData blob = c.records.get("speech").get(0).getEntry().getPluginData();
    assertArrayEquals(new byte[] {4}, blob.getHeader().toByteArray());
    assertEquals(Shape.SHAPE_BLOBS, c.tablets.get("old/" + Kind.KIND_PLUGIN).getShape(),
        "the older overloads write blobs");
  }

  @Test
  void aTagKeepsItsShapeAndSamplesCarryNoHeader() throws Exception {
    try (LogWriter log = LogWriter.open(dir.resolve("run"))) {
      log.addPluginData("tally", 1, Shape.SHAPE_SAMPLES, "clicks", 1, new byte[] {1}, new byte[0]);
      IllegalArgumentException shape = assertThrows(IllegalArgumentException.class,
          () -> log.addPluginData("tally", 1, Shape.SHAPE_BLOBS, "clicks", 2, new byte[] {1},
              new byte[0]));
      assertTrue(shape.getMessage().contains("keep writing it as SHAPE_SAMPLES"), shape.getMessage());
      assertThrows(IllegalArgumentException.class, () -> log.addPluginData("tally", 1,
          Shape.SHAPE_SAMPLES, "other", 1, new byte[] {1}, new byte[] {2}));
      assertThrows(IllegalArgumentException.class, () -> log.addPluginData("tally", 1,
          Shape.SHAPE_SCALARS, "other", 1, new byte[] {1}, new byte[0]));
      assertThrows(IllegalArgumentException.class, () -> log.addPluginData("Not A Kind", 1,
          Shape.SHAPE_SAMPLES, "other", 1, new byte[] {1}, new byte[0]));
    }
  }
}
