package org.visualdl.maintainer.internal;

import java.io.IOException;
import java.nio.file.DirectoryIteratorException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.function.BiConsumer;
import java.util.function.Function;
import org.visualdl.api.format.LogFormat;

/**
 * One walk over the served log directories: the folders that hold log files, and their files with
 * the format of each.
 *
 * <p>Nothing stops the walk but its end: a folder that cannot be listed (permissions, a name too
 * long, a folder that vanished) is one problem and the walk goes on with the others; it is noted
 * as unlisted, so runs already known below it are kept as they are rather than dropped. Folders
 * are walked with a queue, not recursion, down to {@value #MAX_DEPTH} levels; a folder deeper than
 * that is a problem, never silently left out.
 *
 * <p>Symbolic links, files and folders alike, are followed when their target (every link
 * resolved) lies inside the log directory's own real path; a link whose target lies outside, leads
 * nowhere or loops is not followed and is one problem. A folder reached twice (a link to a folder
 * already walked, a loop) is walked once, under the first name met: real folders come before
 * linked ones. This is the same rule the formats apply to paths named inside log files.
 */
class RunDiscovery {
  static final int MAX_DEPTH = 1000;

  /** What one walk found. */
  record Found(
      Map<Path, Map<Path, LogFormat>> filesByFolder,
      Map<Path, LogDirectory> ownerOf,
      List<Path> folders,
      Set<Path> unlisted) {

    /** Whether the folder is one the walk could not look into, or lies below one. */
    boolean unknown(Path folder) {
      for (Path u : unlisted) {
        if (folder.startsWith(u)) {
          return true;
        }
      }
      return false;
    }
  }

  private record Folder(Path path, Path real, int depth) {}

  private final Function<Path, LogFormat> formatOf;
  private final BiConsumer<String, String> problem;

  RunDiscovery(Function<Path, LogFormat> formatOf, BiConsumer<String, String> problem) {
    this.formatOf = formatOf;
    this.problem = problem;
  }

  /** Lists a folder; tests replace it to make one folder fail. */
  DirectoryStream<Path> list(Path folder) throws IOException {
    return Files.newDirectoryStream(folder);
  }

  Found walk(List<LogDirectory> directories) {
    Found found = new Found(new HashMap<>(), new HashMap<>(), new ArrayList<>(), new HashSet<>());
    for (LogDirectory dir : directories) {
      if (!Files.isDirectory(dir.path())) {
        problem.accept(dir.path().toString(), "log directory does not exist or is not a directory");
        continue;
      }
      if (dir.file() != null) {
        // One file served alone (--model FILE): the rest of its folder is not looked at.
        found.folders().add(dir.path());
        LogFormat format = Files.isRegularFile(dir.file()) ? formatOf.apply(dir.file()) : null;
        if (format != null) {
          found.filesByFolder().computeIfAbsent(dir.path(), k -> new HashMap<>())
              .put(dir.file(), format);
          found.ownerOf().putIfAbsent(dir.path(), dir);
        } else {
          problem.accept(dir.file().toString(), "not a file any log format reads");
        }
        continue;
      }
      Path root;
      try {
        root = dir.path().toRealPath();
      } catch (IOException e) {
        problem.accept(dir.path().toString(), "cannot be resolved (" + e + ")");
        found.unlisted().add(dir.path());
        continue;
      }
      walk(dir, root, found);
    }
    return found;
  }

  private void walk(LogDirectory dir, Path root, Found found) {
    Set<Path> walked = new HashSet<>();
    Deque<Folder> queue = new ArrayDeque<>();
    Deque<Folder> linked = new ArrayDeque<>();
    queue.add(new Folder(dir.path(), root, 0));
    while (!queue.isEmpty() || !linked.isEmpty()) {
      Folder f = queue.isEmpty() ? linked.removeFirst() : queue.removeFirst();
      if (!walked.add(f.real())) {
        continue;
      }
      found.folders().add(f.path());
      Map<Path, BasicFileAttributes> entries = new TreeMap<>();
      try (DirectoryStream<Path> s = list(f.path())) {
        for (Path p : s) {
          try {
            entries.put(p, Files.readAttributes(p, BasicFileAttributes.class,
                LinkOption.NOFOLLOW_LINKS));
          } catch (NoSuchFileException e) {
            // gone since the listing: the next scan will not see it either
          }
        }
      } catch (IOException | DirectoryIteratorException | SecurityException e) {
        found.unlisted().add(f.path());
        problem.accept(f.path().toString(), "folder cannot be read, its runs are not updated ("
            + describe(e) + ")");
        continue;
      }
      for (Map.Entry<Path, BasicFileAttributes> e : entries.entrySet()) {
        Path p = e.getKey();
        BasicFileAttributes a = e.getValue();
        Path real = f.real().resolve(p.getFileName());
        boolean isLink = a.isSymbolicLink();
        if (isLink) {
          try {
            real = p.toRealPath();
            a = Files.readAttributes(real, BasicFileAttributes.class);
          } catch (IOException ex) {
            problem.accept(p.toString(), "symbolic link that leads nowhere or loops, not followed ("
                + describe(ex) + ")");
            continue;
          }
          if (!real.startsWith(root)) {
            problem.accept(p.toString(), "symbolic link to " + real + ", outside the log directory,"
                + " not followed; serve that folder as a log directory of its own"
                + " (--logdir name:path)");
            continue;
          }
        }
        if (a.isDirectory()) {
          if (f.depth() + 1 > MAX_DEPTH) {
            found.unlisted().add(p);
            problem.accept(p.toString(), "more than " + MAX_DEPTH + " folders below the log"
                + " directory, not read; serve a folder nearer to it as a log directory");
            continue;
          }
          (isLink ? linked : queue).add(new Folder(p, real, f.depth() + 1));
        } else if (a.isRegularFile()) {
          LogFormat format = formatOf.apply(p);
          if (format != null) {
            found.filesByFolder().computeIfAbsent(f.path(), k -> new HashMap<>()).put(p, format);
            found.ownerOf().putIfAbsent(f.path(), dir);
          }
        }
      }
    }
  }

  private static String describe(Throwable e) {
    Throwable t = e instanceof DirectoryIteratorException d ? d.getCause() : e;
    String m = t.getMessage();
    return t.getClass().getSimpleName() + (m == null ? "" : ": " + m);
  }
}
