package org.visualdl.maintainer.internal;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * One served log directory, optionally named. With a name, its runs are listed as
 * {@code name/run}.
 */
record LogDirectory(String name, Path path) {
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
      if (m.matches()) {
        dirs.add(new LogDirectory(m.group(1), Path.of(m.group(2)).toAbsolutePath().normalize()));
      } else {
        dirs.add(new LogDirectory("", Path.of(p).toAbsolutePath().normalize()));
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
    return name.isEmpty() ? path.toString() : name + ":" + path;
  }
}
