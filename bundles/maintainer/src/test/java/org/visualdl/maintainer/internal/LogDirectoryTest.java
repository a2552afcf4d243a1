package org.visualdl.maintainer.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.net.URI;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;

class LogDirectoryTest {
  @Test
  void parsesPlainAndNamedDirectories() {
    List<LogDirectory> dirs = LogDirectory.parse("/a/b, base:/c/d ,");
    assertEquals(2, dirs.size());
    assertEquals("", dirs.get(0).name());
    assertEquals(Path.of("/a/b").toUri(), dirs.get(0).root());
    assertEquals("base", dirs.get(1).name());
    assertEquals(Path.of("/c/d").toUri(), dirs.get(1).root());
    assertEquals("base:/c/d", dirs.get(1).toString());
  }

  @Test
  void remoteLocationsAreLocationsNotNameColonLocation() {
    List<LogDirectory> dirs = LogDirectory.parse(
        "s3://bucket/prefix/,hdfs://nn:8020/logs,file:/tmp/x,exp:s3://b/p,run:hdfs://nn:8020/p");
    assertEquals(5, dirs.size());
    assertEquals("", dirs.get(0).name());
    assertEquals(URI.create("s3://bucket/prefix"), dirs.get(0).root());
    assertEquals("s3://bucket/prefix", dirs.get(0).toString());
    assertEquals("", dirs.get(1).name());
    assertEquals(URI.create("hdfs://nn:8020/logs"), dirs.get(1).root());
    assertEquals("", dirs.get(2).name());
    assertEquals(Path.of("/tmp/x").toUri(), dirs.get(2).root());
    assertEquals("exp", dirs.get(3).name());
    assertEquals(URI.create("s3://b/p"), dirs.get(3).root());
    assertEquals("exp:s3://b/p", dirs.get(3).toString());
    assertEquals("run", dirs.get(4).name());
    assertEquals(URI.create("hdfs://nn:8020/p"), dirs.get(4).root());
    assertEquals("exp/train", dirs.get(3).runName("train"));
    assertEquals("exp/a/b", dirs.get(3).runName("a/b"));
  }

  @Test
  void aNamedLocalFolderAndAnInvalidUriAreTold() {
    LogDirectory named = LogDirectory.parse("exp:/tmp/x").get(0);
    assertEquals("exp", named.name());
    assertEquals(Path.of("/tmp/x").toUri(), named.root());
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
        () -> LogDirectory.parse("s3://bucket/a b^"));
    assertEquals(true, e.getMessage().startsWith("not a valid log directory URI"), e.getMessage());
  }

  @Test
  void runNamesAreRelativeFoldersWithSlashes() {
    LogDirectory plain = new LogDirectory("", URI.create("file:/logs"));
    assertEquals(".", plain.runName(""));
    assertEquals("exp/train", plain.runName("exp/train"));
    LogDirectory named = new LogDirectory("base", URI.create("s3://bucket/logs"));
    assertEquals("base", named.runName(""));
    assertEquals("base/exp", named.runName("exp"));
  }

  @Test
  void aFileIsServedAloneUnderItsName() {
    LogDirectory named = LogDirectory.parse("model:/models/net.onnx").get(0).asFile();
    assertEquals("model", named.name());
    assertEquals(Path.of("/models").toUri().getPath().replaceAll("/$", ""),
        named.root().getPath());
    assertEquals("net.onnx", named.file());
    assertEquals("model", named.runName(""));
    assertEquals("net.onnx", LogDirectory.parse("s3://b/m/net.onnx").get(0).asFile().name());
    assertEquals(URI.create("s3://b/m"), LogDirectory.parse("s3://b/m/net.onnx").get(0).asFile()
        .root());
    assertNull(LogDirectory.parse("/models").get(0).file());
  }

  @Test
  void pathsLookedUpAreNormalizedAndNeverLeaveTheRoot() {
    assertEquals("a/c.tsv", ListedFile.normalize("a/b/../c.tsv"));
    assertEquals("a/c.tsv", ListedFile.normalize("./a//c.tsv"));
    assertNull(ListedFile.normalize("../x.tsv"));
    assertNull(ListedFile.normalize("a/../../x.tsv"));
    assertNull(ListedFile.normalize("."));
  }
}
