package org.visualdl.launcher;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.Comparator;
import java.util.Optional;
import java.util.stream.Stream;

/**
 * The temporary folders of a server process ({@code visualdl-felix-*}, the framework cache, and
 * {@code visualdl-demo-*}, the demo's logs). Each holds an owner file with the pid and start time
 * of the process that made it, so a later start can tell a folder whose process was killed (and
 * could not clean up) from one in use, and remove it.
 */
final class TempFolders {
  static final String OWNER_FILE = "visualdl.owner";
  static final String FELIX_PREFIX = "visualdl-felix-";
  static final String DEMO_PREFIX = "visualdl-demo-";
  /** A folder without an owner file (made before owner files, or just being made) must be this old. */
  static final Duration UNOWNED_GRACE = Duration.ofMinutes(10);

  private TempFolders() {}

  static Path tempRoot() {
    return Path.of(System.getProperty("java.io.tmpdir"));
  }

  /** A new folder {@code prefix*} in the temporary directory, owned by this process. */
  static Path create(String prefix) throws IOException {
    Path dir = Files.createTempDirectory(prefix);
    ProcessHandle self = ProcessHandle.current();
    String start = self.info().startInstant().map(Instant::toString).orElse("");
    Files.writeString(dir.resolve(OWNER_FILE), self.pid() + " " + start + "\n", StandardCharsets.UTF_8);
    return dir;
  }

  /**
   * Removes the folders {@code prefix*} in {@code root} whose owner process is gone.
   *
   * @return how many were removed
   */
  static int removeStale(Path root, String prefix) {
    int removed = 0;
    try (DirectoryStream<Path> dirs = Files.newDirectoryStream(root, prefix + "*")) {
      for (Path dir : dirs) {
        if (Files.isDirectory(dir, java.nio.file.LinkOption.NOFOLLOW_LINKS) && stale(dir)) {
          deleteTree(dir);
          removed += Files.exists(dir) ? 0 : 1;
        }
      }
    } catch (IOException | RuntimeException e) {
      // Cleaning up after other processes is a courtesy; never a reason not to start.
    }
    return removed;
  }

  static boolean stale(Path dir) {
    Path owner = dir.resolve(OWNER_FILE);
    String text;
    try {
      text = Files.readString(owner, StandardCharsets.UTF_8).strip();
    } catch (IOException e) {
      try {
        Instant modified = Files.getLastModifiedTime(dir).toInstant();
        return modified.isBefore(Instant.now().minus(UNOWNED_GRACE));
      } catch (IOException gone) {
        return false;
      }
    }
    String[] parts = text.split(" ", 2);
    long pid;
    try {
      pid = Long.parseLong(parts[0]);
    } catch (NumberFormatException e) {
      return true;
    }
    Optional<ProcessHandle> process = ProcessHandle.of(pid);
    if (process.isEmpty() || !process.get().isAlive()) {
      return true;
    }
    // The pid may have been reused by another process since: compare start times when known.
    String start = parts.length > 1 ? parts[1].strip() : "";
    Optional<Instant> actual = process.get().info().startInstant();
    return !start.isEmpty() && actual.isPresent() && !actual.get().toString().equals(start);
  }

  static void deleteTree(Path root) {
    if (root == null || !Files.exists(root)) {
      return;
    }
    try (Stream<Path> s = Files.walk(root)) {
      s.sorted(Comparator.reverseOrder())
          .forEach(
              p -> {
                try {
                  Files.deleteIfExists(p);
                } catch (IOException e) {
                  // a leftover temporary file is harmless; the next start tries again
                }
              });
    } catch (IOException e) {
      // as above
    }
  }
}
