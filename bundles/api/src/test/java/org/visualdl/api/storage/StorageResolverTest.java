package org.visualdl.api.storage;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.net.URI;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

class StorageResolverTest {

  @Test
  void locationsBecomeUris() {
    assertEquals(Path.of("/tmp/logs").toUri(), StorageResolver.toUri("/tmp/logs"));
    assertEquals(Path.of("/tmp/logs").toUri(), StorageResolver.toUri("file:/tmp/logs/"));
    assertEquals(Path.of("rel").toAbsolutePath().toUri(), StorageResolver.toUri("rel"));
    assertEquals(URI.create("hdfs://nn:8020/user/me/logs"),
        StorageResolver.toUri("hdfs://nn:8020/user/me/logs/"));
    assertEquals(URI.create("s3://bucket/logs"), StorageResolver.toUri(" s3://bucket/logs "));
    assertEquals(URI.create("s3://bucket"), StorageResolver.toUri("s3://bucket"));
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
        () -> StorageResolver.toUri("s3://bucket/a b|c"));
    assertTrue(e.getMessage().startsWith("not a valid log directory URI"), e.getMessage());
  }

  @Test
  void childrenAreBelowTheirRoot() {
    assertEquals(URI.create("s3://b/logs/run%201/a.vdl"),
        StorageResolver.child(URI.create("s3://b/logs"), "run 1/a.vdl"));
    assertEquals(URI.create("s3://b/a.vdl"), StorageResolver.child(URI.create("s3://b"), "a.vdl"));
    assertEquals(URI.create("hdfs://nn:1/x/y"),
        StorageResolver.child(URI.create("hdfs://nn:1/x/"), "/y"));
  }

  @Test
  void theBackendOfTheSchemeServesAndAMissingOneIsNamed() throws IOException {
    StorageBackend s3 = new Fake("s3");
    StorageResolver resolver = new StorageResolver(List.of(new Fake("file"), s3));
    assertSame(s3, resolver.backendFor(URI.create("s3://b/p")));
    assertEquals(Set.of("file", "s3"), resolver.schemes());
    IOException e = assertThrows(IOException.class,
        () -> resolver.backendFor(URI.create("hdfs://nn:8020/logs")));
    assertEquals("no storage backend for hdfs:// URIs (hdfs://nn:8020/logs): add the "
        + "org.visualdl.storage.hdfs bundle (or its jar on the class path)", e.getMessage());
  }

  @Test
  void fileStatNamesItsParts() {
    FileStat f = new FileStat(URI.create("s3://b/l/run/a.vdl"), "run/a.vdl", 3, 1, "k");
    assertEquals("a.vdl", f.name());
    assertEquals("run", f.parent());
    assertEquals("", new FileStat(f.uri(), "a.vdl", 3, 1, "k").parent());
  }

  private record Fake(String scheme) implements StorageBackend {
    public Set<String> schemes() {
      return Set.of(scheme);
    }

    public List<FileStat> list(URI root) {
      return List.of();
    }

    public FileStat stat(URI file) {
      throw new UnsupportedOperationException();
    }

    public SeekableByteSource open(URI file) {
      throw new UnsupportedOperationException();
    }

    public StorageWriter create(URI file) {
      throw new UnsupportedOperationException();
    }

    public StorageWriter append(URI file) {
      throw new UnsupportedOperationException();
    }

    public void delete(URI file) {}
  }
}
