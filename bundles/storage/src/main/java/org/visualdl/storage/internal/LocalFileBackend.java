package org.visualdl.storage.internal;

import java.io.IOException;
import java.net.URI;
import java.nio.file.AccessDeniedException;
import java.nio.file.DirectoryIteratorException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.NoSuchFileException;
import java.nio.file.NotDirectoryException;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import org.osgi.service.component.annotations.Component;
import org.visualdl.api.storage.FileStat;
import org.visualdl.api.storage.Listing;
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
  /** How many folders deep below a root the listing goes. */
  public static final int MAX_DEPTH = 1000;

  @Override
  public Set<String> schemes() {
    return Set.of("file");
  }

  @Override
  public List<FileStat> list(URI root) throws IOException {
    return listing(root).files();
  }

  /**
   * Every regular file below the root, walked with a queue (not recursion) down to
   * {@value #MAX_DEPTH} folders. Nothing stops the walk but its end: a folder that cannot be read
   * is a problem and unlisted, and the walk goes on. Symbolic links, files and folders alike, are
   * followed when their target (every link resolved) lies inside the root's real path; others are
   * a problem and not followed. A folder reached twice (a link to a folder already walked, a loop)
   * is walked once, under the first name met: real folders come before linked ones.
   *
   * @throws NoSuchFileException when the root does not exist
   * @throws AccessDeniedException when the root itself cannot be read
   */
  @Override
  public Listing listing(URI root) throws IOException {
    Path dir = path(root);
    BasicFileAttributes rootAttributes = attributes(dir);
    if (!rootAttributes.isDirectory()) {
      throw new NotDirectoryException(dir + " is a file, not a log directory");
    }
    Path real;
    try {
      real = dir.toRealPath();
    } catch (NoSuchFileException e) {
      throw new NoSuchFileException(dir.toString(), null, "no such file or folder");
    }
    List<FileStat> files = new ArrayList<>();
    List<Listing.Problem> problems = new ArrayList<>();
    Set<String> unlisted = new HashSet<>();
    Set<Path> walked = new HashSet<>();
    Deque<Folder> queue = new ArrayDeque<>();
    Deque<Folder> linked = new ArrayDeque<>();
    queue.add(new Folder(dir, real, 0));
    while (!queue.isEmpty() || !linked.isEmpty()) {
      Folder f = queue.isEmpty() ? linked.removeFirst() : queue.removeFirst();
      if (!walked.add(f.real())) {
        continue;
      }
      Map<Path, BasicFileAttributes> entries = new TreeMap<>();
      try (DirectoryStream<Path> s = Files.newDirectoryStream(f.path())) {
        for (Path p : s) {
          try {
            entries.put(p, Files.readAttributes(p, BasicFileAttributes.class,
                LinkOption.NOFOLLOW_LINKS));
          } catch (NoSuchFileException e) {
            // gone since the folder was read: the next listing will not see it either
          }
        }
      } catch (IOException | DirectoryIteratorException | SecurityException e) {
        if (f.depth() == 0) {
          // The root itself: the whole listing fails (the reader keeps what it has and retries).
          if (!exists(dir)) {
            throw new NoSuchFileException(dir.toString(), null, "no such file or folder");
          }
          if (e instanceof AccessDeniedException) {
            throw new AccessDeniedException(dir.toString(), null, "permission denied");
          }
          throw new IOException(dir + " cannot be read (" + describe(e) + ")", e);
        }
        unlisted.add(relative(dir, f.path()));
        problems.add(new Listing.Problem(f.path().toString(),
            "folder cannot be read, its runs are not updated (" + describe(e) + ")"));
        continue;
      }
      for (Map.Entry<Path, BasicFileAttributes> e : entries.entrySet()) {
        Path p = e.getKey();
        BasicFileAttributes a = e.getValue();
        Path target = f.real().resolve(p.getFileName());
        boolean isLink = a.isSymbolicLink();
        if (isLink) {
          try {
            target = p.toRealPath();
            a = Files.readAttributes(target, BasicFileAttributes.class);
          } catch (IOException ex) {
            problems.add(new Listing.Problem(p.toString(), "symbolic link that leads nowhere or"
                + " loops, not followed (" + describe(ex) + ")"));
            continue;
          }
          if (!target.startsWith(real)) {
            problems.add(new Listing.Problem(p.toString(), "symbolic link to " + target
                + ", outside the log directory, not followed; serve that folder as a log"
                + " directory of its own (--logdir name:path)"));
            continue;
          }
        }
        if (a.isDirectory()) {
          if (f.depth() + 1 > MAX_DEPTH) {
            unlisted.add(relative(dir, p));
            problems.add(new Listing.Problem(p.toString(), "more than " + MAX_DEPTH
                + " folders below the log directory, not read; serve a folder nearer to it as a"
                + " log directory"));
            continue;
          }
          (isLink ? linked : queue).add(new Folder(p, target, f.depth() + 1));
        } else if (a.isRegularFile()) {
          files.add(stat(p, dir.relativize(p), a));
        }
      }
    }
    return new Listing(files, problems, unlisted);
  }

  private record Folder(Path path, Path real, int depth) {}

  private static String relative(Path root, Path p) {
    Path rel = root.relativize(p);
    return rel.toString().replace(rel.getFileSystem().getSeparator(), "/");
  }

  private static String describe(Throwable e) {
    Throwable t = e instanceof DirectoryIteratorException d ? d.getCause() : e;
    String m = t.getMessage();
    return t.getClass().getSimpleName() + (m == null ? "" : ": " + m);
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
