package org.visualdl.maintainer.internal;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * One served log directory, optionally named. With a name, its runs are listed as
 * {@code name/run}. A {@code name:path} whose path is a file (the launcher's {@code --model
 * FILE}) serves that one file alone as the run {@code name}: {@code path} is then its folder and
 * {@code file} the file; nothing else of the folder is read.
 */
record LogDirectory(String name, Path path, Path file) {
  LogDirectory(String name, Path path) {
    this(name, path, null);
  }

  private static final Pattern NAMED = Pattern.compile("([A-Za-z0-9_.-]+):(.+)");

  /** Parses {@code "a,b"} and {@code "name:path,..."}. */
  static List<LogDirectory> parse(String spec) {
    List<LogDirectory> dirs = new ArrayList<>();
    if (spec == null) {
      return dirs;
    }
    for (String part : spec.split(",")) {
      String p = part.trim();
      if (p.isEmpty()) {
        continue;
      }
      Matcher m = NAMED.matcher(p);
      String name = m.matches() ? m.group(1) : "";
      Path path = Path.of(m.matches() ? m.group(2) : p).toAbsolutePath().normalize();
      if (Files.isRegularFile(path) && path.getParent() != null) {
        String runName = name.isEmpty() ? path.getFileName().toString() : name;
        dirs.add(new LogDirectory(runName, path.getParent(), path));
      } else {
        dirs.add(new LogDirectory(name, path));
      }
    }
    return dirs;
  }

  /** The run name of a folder inside this log directory. */
  String runName(Path folder) {
    Path rel = path.relativize(folder);
    String relName = rel.toString().isEmpty() ? "." : rel.toString().replace('\\', '/');
    if (name.isEmpty()) {
      return relName;
    }
    return relName.equals(".") ? name : name + "/" + relName;
  }

  @Override
  public String toString() {
    Path shown = file != null ? file : path;
    return name.isEmpty() ? shown.toString() : name + ":" + shown;
  }
}
