package org.visualdl.maintainer.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;

class LogDirectoryTest {
  @Test
  void parsesPlainAndNamedDirectories() {
    List<LogDirectory> dirs = LogDirectory.parse("/a/b, base:/c/d ,");
    assertEquals(2, dirs.size());
    assertEquals("", dirs.get(0).name());
    assertEquals(Path.of("/a/b"), dirs.get(0).path());
    assertEquals("base", dirs.get(1).name());
    assertEquals(Path.of("/c/d"), dirs.get(1).path());
  }

  @Test
  void runNamesAreRelativeFoldersWithSlashes() {
    LogDirectory plain = new LogDirectory("", Path.of("/logs"));
    assertEquals(".", plain.runName(Path.of("/logs")));
    assertEquals("exp/train", plain.runName(Path.of("/logs/exp/train")));
    LogDirectory named = new LogDirectory("base", Path.of("/logs"));
    assertEquals("base", named.runName(Path.of("/logs")));
    assertEquals("base/exp", named.runName(Path.of("/logs/exp")));
  }

  @Test
  void aFileIsServedAloneUnderItsName(@org.junit.jupiter.api.io.TempDir Path dir)
      throws Exception {
    Path model = java.nio.file.Files.write(dir.resolve("net.onnx"), new byte[] {1});
    LogDirectory named = LogDirectory.parse("model:" + model).get(0);
    assertEquals("model", named.name());
    assertEquals(dir.toAbsolutePath().normalize(), named.path());
    assertEquals(model.toAbsolutePath().normalize(), named.file());
    assertEquals("model", named.runName(named.path()));
    assertEquals("net.onnx", LogDirectory.parse(model.toString()).get(0).name());
  }
}
