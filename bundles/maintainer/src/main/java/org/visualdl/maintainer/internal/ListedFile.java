package org.visualdl.maintainer.internal;

import java.io.IOException;
import java.net.URI;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.Optional;
import org.visualdl.api.format.LogFile;
import org.visualdl.api.storage.FileStat;
import org.visualdl.api.storage.SeekableByteSource;
import org.visualdl.api.storage.StorageBackend;

/**
 * A file of a served log directory as its format sees it: one per entry of a listing. Its
 * {@link #stat()} is what the directory's latest listing says of it; other files are looked up in
 * that listing, never outside the directory and without asking the store.
 */
final class ListedFile implements LogFile {
  private final ServedDirectory dir;
  private final FileStat listed;

  ListedFile(ServedDirectory dir, FileStat listed) {
    this.dir = dir;
    this.listed = listed;
  }

  /** The entry of the listing this file was made from. */
  FileStat listed() {
    return listed;
  }

  @Override
  public FileStat stat() {
    FileStat now = dir.latest().get(listed.relativePath());
    return now != null ? now : listed;
  }

  @Override
  public URI root() {
    LogDirectory served = dir.resolved();
    return served != null ? served.root() : dir.spec.root();
  }

  @Override
  public SeekableByteSource open() throws IOException {
    StorageBackend b = dir.backend();
    if (b == null) {
      throw new IOException("no storage backend for " + listed.uri() + " any more");
    }
    return b.open(listed.uri());
  }

  @Override
  public Optional<LogFile> lookup(String relativePath) {
    String key = normalize(relativePath);
    if (key == null) {
      return Optional.empty();
    }
    FileStat s = dir.latest().get(key);
    return s == null ? Optional.empty() : Optional.of(new ListedFile(dir, s));
  }

  /**
   * {@code relativePath} with {@code .} and {@code ..} resolved and {@code /} between segments,
   * or null when it leads outside the root.
   */
  static String normalize(String relativePath) {
    Deque<String> parts = new ArrayDeque<>();
    for (String seg : relativePath.replace('\\', '/').split("/")) {
      if (seg.isEmpty() || seg.equals(".")) {
        continue;
      }
      if (seg.equals("..")) {
        if (parts.isEmpty()) {
          return null;
        }
        parts.removeLast();
      } else {
        parts.addLast(seg);
      }
    }
    return parts.isEmpty() ? null : String.join("/", parts);
  }

  /**
   * Whether the file under this name is still the one whose entry was {@code whenRead}: the
   * latest listing has it with the same key and at least the size read, and, where files can be
   * replaced or cut between two listings without costing a request to tell (local files), the
   * file itself says so too.
   */
  boolean stillHolds(FileStat whenRead) {
    FileStat now = dir.latest().get(whenRead.relativePath());
    if (now == null || !now.key().equals(whenRead.key()) || now.size() < whenRead.size()) {
      return false;
    }
    StorageBackend b = dir.backend();
    if (b != null && b.rewritableInPlace()) {
      try {
        FileStat live = b.stat(whenRead.uri());
        return live.key().equals(whenRead.key()) && live.size() >= whenRead.size();
      } catch (IOException e) {
        return false;
      }
    }
    return true;
  }

  @Override
  public String toString() {
    return LogDirectory.display(listed.uri());
  }
}
