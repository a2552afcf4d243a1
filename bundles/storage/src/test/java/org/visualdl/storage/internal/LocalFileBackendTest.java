package org.visualdl.storage.internal;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.io.IOException;
import java.net.URI;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.visualdl.api.storage.FileStat;
import org.visualdl.api.storage.SeekableByteSource;
import org.visualdl.api.storage.StorageResolver;
import org.visualdl.api.storage.StorageWriter;

class LocalFileBackendTest {

  @TempDir Path dir;
  private final LocalFileBackend backend = new LocalFileBackend();

  @Test
  void listsEveryFileBelowTheRootWithSizeTimeAndKey() throws IOException {
    Files.createDirectories(dir.resolve("run1/sub"));
    Files.write(dir.resolve("run1/a.vdl"), new byte[3]);
    Files.write(dir.resolve("run1/sub/b.vdl"), new byte[5]);
    Files.write(dir.resolve("top.vdl"), new byte[1]);
    Map<String, FileStat> files = backend.list(StorageResolver.toUri(dir.toString())).stream()
        .collect(Collectors.toMap(FileStat::relativePath, f -> f));
    assertEquals(3, files.size());
    assertEquals(5, files.get("run1/sub/b.vdl").size());
    assertEquals("run1/sub", files.get("run1/sub/b.vdl").parent());
    assertEquals(dir.resolve("top.vdl").toUri(), files.get("top.vdl").uri());
    assertNotEquals(files.get("top.vdl").key(), files.get("run1/a.vdl").key());
    assertEquals(files.get("top.vdl").key(), backend.stat(dir.resolve("top.vdl").toUri()).key());
  }

  @Test
  void writesAreReadableFromAnyOffsetAsTheFileGrows() throws IOException {
    URI file = dir.resolve("run/a.vdl").toUri();
    try (StorageWriter w = backend.create(file); SeekableByteSource in = backend.open(file)) {
      w.write(new byte[] {1, 2, 3}, 0, 3);
      w.flush();
      assertEquals(3, in.length());
      w.write(new byte[] {4, 5}, 0, 2);
      w.flush();
      byte[] got = new byte[2];
      in.readFully(3, got, 0, 2);
      assertArrayEquals(new byte[] {4, 5}, got);
      assertEquals(-1, in.read(5, got, 0, 2));
    }
    assertThrows(FileAlreadyExistsException.class, () -> backend.create(file));
    try (StorageWriter w = backend.append(file)) {
      assertEquals(5, w.position());
    }
  }

  @Test
  void aMissingFolderOrARemovedFileIsNoSuchFile() throws IOException {
    assertThrows(NoSuchFileException.class, () -> backend.list(dir.resolve("nope").toUri()));
    URI file = dir.resolve("a.vdl").toUri();
    try (StorageWriter w = backend.create(file)) {
      Files.delete(Path.of(file));
      w.write(new byte[1], 0, 1);
      assertThrows(NoSuchFileException.class, w::flush);
    } catch (NoSuchFileException expectedOnClose) {
      // close flushes too
    }
  }

  @Test
  void theResolverFindsItOnAPlainClassPath() throws IOException {
    assertInstanceOf(LocalFileBackend.class,
        StorageResolver.fromServiceLoader().backendFor(dir.toUri()));
    assertEquals(List.of(), backend.list(dir.toUri()));
  }
}
