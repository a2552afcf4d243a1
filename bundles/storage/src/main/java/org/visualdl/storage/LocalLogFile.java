package org.visualdl.storage;

import java.io.IOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.Optional;
import org.visualdl.api.format.LogFile;
import org.visualdl.api.storage.FileStat;
import org.visualdl.api.storage.SeekableByteSource;
import org.visualdl.storage.internal.LocalFileBackend;

/**
 * A local file as a {@link LogFile}, for tools and tests that read files of a folder without a
 * server (the server's maintainer makes its own from each listing). {@link #stat} is what a
 * listing would say now (the file is asked each time), so a reader kept open sees the file
 * grow, shrink or be written again. {@link #lookup} finds regular files whose real path (links
 * resolved) lies inside the root's.
 *
 * <pre>{@code
 * LogFile f = LocalLogFile.of(runFolder, runFolder.resolve("events.out.tfevents.1.host"));
 * try (LogFileReader r = format.open(f)) { r.readAvailable(sink); }
 * }</pre>
 */
public final class LocalLogFile implements LogFile {
  private final Path root;
  private final Path file;

  private LocalLogFile(Path root, Path file) {
    this.root = root.toAbsolutePath().normalize();
    this.file = file.toAbsolutePath().normalize();
  }

  /** The file, in a log directory that is its folder. */
  public static LocalLogFile of(Path file) {
    Path abs = file.toAbsolutePath().normalize();
    return new LocalLogFile(abs.getParent() == null ? abs : abs.getParent(), abs);
  }

  /** The file, in the log directory {@code root}. */
  public static LocalLogFile of(Path root, Path file) {
    return new LocalLogFile(root, file);
  }

  /** The file's path. */
  public Path path() {
    return file;
  }

  @Override
  public FileStat stat() {
    return LocalFileBackend.statOrEmpty(root, file);
  }

  @Override
  public URI uri() {
    return file.toUri();
  }

  @Override
  public String name() {
    Path n = file.getFileName();
    return n == null ? "" : n.toString();
  }

  @Override
  public String folder() {
    Path parent = root.relativize(file).getParent();
    return parent == null ? "" : parent.toString().replace(file.getFileSystem().getSeparator(), "/");
  }

  @Override
  public URI root() {
    return root.toUri();
  }

  @Override
  public SeekableByteSource open() throws IOException {
    return LocalFileBackend.source(file);
  }

  @Override
  public Optional<LogFile> lookup(String relativePath) {
    Path candidate = root.resolve(relativePath.replace('\\', '/')).normalize();
    if (!candidate.startsWith(root)) {
      return Optional.empty();
    }
    try {
      Path real = candidate.toRealPath();
      if (!real.startsWith(root.toRealPath())
          || !Files.readAttributes(real, BasicFileAttributes.class).isRegularFile()) {
        return Optional.empty();
      }
    } catch (IOException e) {
      return Optional.empty();
    }
    return Optional.of(new LocalLogFile(root, candidate));
  }

  @Override
  public String toString() {
    return file.toString();
  }
}
