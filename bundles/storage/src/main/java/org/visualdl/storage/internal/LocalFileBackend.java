package org.visualdl.storage.internal;

import java.io.IOException;
import java.net.URI;
import java.nio.file.AccessDeniedException;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.NoSuchFileException;
import java.nio.file.NotDirectoryException;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import org.osgi.service.component.annotations.Component;
import org.visualdl.api.storage.FileStat;
import org.visualdl.api.storage.SeekableByteSource;
import org.visualdl.api.storage.StorageBackend;
import org.visualdl.api.storage.StorageWriter;

/**
 * The local file system as a {@link StorageBackend}: {@code file:} URIs (and paths, which
 * {@link org.visualdl.api.storage.StorageResolver#toUri} turns into them). Also listed in
 * {@code META-INF/services} for the Java SDK without OSGi.
 */
@Component(service = StorageBackend.class, property = StorageBackend.SCHEMES_PROPERTY + "=file")
public final class LocalFileBackend implements StorageBackend {

  @Override
  public Set<String> schemes() {
    return Set.of("file");
  }

  @Override
  public List<FileStat> list(URI root) throws IOException {
    Path dir = path(root);
    BasicFileAttributes rootAttributes = attributes(dir);
    if (!rootAttributes.isDirectory()) {
      throw new NotDirectoryException(dir + " is a file, not a log directory");
    }
    List<FileStat> files = new ArrayList<>();
    Files.walkFileTree(dir, new SimpleFileVisitor<>() {
      @Override
      public FileVisitResult visitFile(Path file, BasicFileAttributes attrs) {
        if (attrs.isRegularFile()) {
          files.add(stat(file, dir.relativize(file), attrs));
        }
        return FileVisitResult.CONTINUE;
      }

      @Override
      public FileVisitResult visitFileFailed(Path file, IOException e) {
        // A file removed or made unreadable while we walk is simply not there this time.
        return FileVisitResult.CONTINUE;
      }
    });
    return files;
  }

  /** Local files can be cut and written again in place. */
  @Override
  public boolean rewritableInPlace() {
    return true;
  }

  @Override
  public FileStat stat(URI file) throws IOException {
    Path p = path(file);
    BasicFileAttributes attrs = attributes(p);
    if (!attrs.isRegularFile()) {
      throw new NoSuchFileException(p.toString(), null, "not a regular file");
    }
    return stat(p, p.getFileName(), attrs);
  }

  @Override
  public SeekableByteSource open(URI file) throws IOException {
    return new LocalFileSource(path(file));
  }

  @Override
  public StorageWriter create(URI file) throws IOException {
    return LocalFileWriter.create(path(file));
  }

  @Override
  public StorageWriter append(URI file) throws IOException {
    return LocalFileWriter.append(path(file));
  }

  @Override
  public void delete(URI file) throws IOException {
    Files.deleteIfExists(path(file));
  }

  /**
   * Forces what a writer of this backend wrote to the device ({@code fsync} of the data); does
   * nothing for writers of other backends, whose flush is as durable as their store makes it.
   */
  public static void force(StorageWriter writer) throws IOException {
    if (writer instanceof LocalFileWriter local) {
      local.force();
    }
  }

  static Path path(URI uri) {
    if (uri.getScheme() == null) {
      return Path.of(uri.getPath()).toAbsolutePath();
    }
    if (!"file".equalsIgnoreCase(uri.getScheme())) {
      throw new IllegalArgumentException("not a local file URI: " + uri);
    }
    return Path.of(uri);
  }

  private static BasicFileAttributes attributes(Path p) throws IOException {
    try {
      return Files.readAttributes(p, BasicFileAttributes.class);
    } catch (NoSuchFileException e) {
      throw new NoSuchFileException(p.toString(), null, "no such file or folder");
    } catch (AccessDeniedException e) {
      throw new AccessDeniedException(p.toString(), null, "permission denied");
    }
  }

  private static FileStat stat(Path file, Path relative, BasicFileAttributes attrs) {
    Object inode = attrs.fileKey();
    String key = inode != null ? inode.toString()
        : file.toString() + "@" + attrs.creationTime().toMillis();
    String rel = relative.toString().replace(relative.getFileSystem().getSeparator(), "/");
    return new FileStat(file.toUri(), rel, attrs.size(), attrs.lastModifiedTime().toMillis(), key);
  }

  /** Positional reads of a local file (for {@link org.visualdl.storage.LocalLogFile}). */
  public static SeekableByteSource source(Path file) {
    return new LocalFileSource(file);
  }

  /**
   * The file's listing entry relative to {@code root}; a file that cannot be read yet has size 0
   * and an empty key (reading it then says why).
   */
  public static FileStat statOrEmpty(Path root, Path file) {
    Path rel = root.relativize(file);
    try {
      return stat(file, rel, Files.readAttributes(file, BasicFileAttributes.class));
    } catch (IOException e) {
      String r = rel.toString().replace(rel.getFileSystem().getSeparator(), "/");
      return new FileStat(file.toUri(), r, 0, 0, "");
    }
  }

  static boolean exists(Path p) {
    return Files.exists(p, LinkOption.NOFOLLOW_LINKS);
  }
}
