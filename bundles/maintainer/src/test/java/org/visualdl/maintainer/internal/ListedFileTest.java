package org.visualdl.maintainer.internal;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.visualdl.api.format.LogFile;
import org.visualdl.api.storage.FileStat;
import org.visualdl.api.storage.SeekableByteSource;
import org.visualdl.api.storage.StorageBackend;
import org.visualdl.api.storage.StorageResolver;

/** A file of a served directory as formats see it, over the local backend and real files. */
class ListedFileTest {
  @TempDir Path logs;

  private ServedDirectory listed() throws Exception {
    StorageBackend local = StorageResolver.fromServiceLoader().backendFor(logs.toUri());
    ServedDirectory d = new ServedDirectory(new LogDirectory("", logs.toUri()), 1000);
    d.resolve(d.spec);
    d.backend(local);
    Map<String, FileStat> latest = new HashMap<>();
    for (FileStat f : local.listing(logs.toUri()).files()) {
      latest.put(f.relativePath(), f);
    }
    d.latest(latest);
    return d;
  }

  @Test
  void sideFilesAreFoundInTheLatestListingAndNeverOutsideTheRoot() throws Exception {
    Files.createDirectories(logs.resolve("run"));
    Files.createDirectories(logs.resolve("other"));
    Files.write(logs.resolve("run/events.out.tfevents.1.host"), new byte[] {1});
    Files.write(logs.resolve("run/tensors.tsv"), new byte[] {7, 8, 9});
    Files.write(logs.resolve("other/x.tsv"), new byte[] {2});
    ServedDirectory d = listed();
    LogFile events = new ListedFile(d, d.latest().get("run/events.out.tfevents.1.host"));
    assertEquals("run", events.folder());
    assertEquals(logs.toUri(), events.root());
    LogFile tensors = events.lookup(events.folder() + "/tensors.tsv").orElseThrow();
    byte[] got = new byte[3];
    try (SeekableByteSource in = tensors.open()) {
      in.readFully(0, got, 0, 3);
    }
    assertArrayEquals(new byte[] {7, 8, 9}, got);
    assertTrue(events.lookup("run/../other/x.tsv").isPresent());
    assertTrue(events.lookup("../" + logs.getFileName() + "/other/x.tsv").isEmpty(),
        "a path leaving the root is not looked up, even if it leads back");
    assertTrue(events.lookup("run/missing.tsv").isEmpty());
  }

  @Test
  void statIsWhatTheLatestListingSays() throws Exception {
    Files.createDirectories(logs.resolve("run"));
    Files.write(logs.resolve("run/a.vdl"), new byte[] {1});
    ServedDirectory d = listed();
    LogFile a = new ListedFile(d, d.latest().get("run/a.vdl"));
    assertEquals(1, a.stat().size());
    Files.write(logs.resolve("run/a.vdl"), new byte[] {1, 2, 3, 4});
    assertEquals(1, a.stat().size(), "no request per file: until the next listing");
    d = listed();
    assertEquals(4, new ListedFile(d, d.latest().get("run/a.vdl")).stat().size());
  }
}
