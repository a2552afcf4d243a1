package org.visualdl.storage;

import java.nio.file.Path;
import java.util.Comparator;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Names of record files: {@code <startMs>.<host>.<pid>.<sequence>.vdl}. One writer process writes
 * one file at a time; rotation bumps the sequence; a restarted writer starts a new file beside the
 * old ones. Sorting by {@link #READING_ORDER} gives the order in which they were written.
 */
public final class RecordFiles {
  public static final String SUFFIX = ".vdl";
  private static final Pattern NAME =
      Pattern.compile("(\\d{1,19})\\.([A-Za-z0-9_-]{1,64})\\.(\\d{1,10})\\.(\\d{1,10})\\.vdl");

  /** Orders file names by start time, then sequence, then name (files of any format). */
  public static final Comparator<String> NAME_ORDER =
      Comparator.comparingLong((String n) -> startMs(n))
          .thenComparingLong(RecordFiles::sequence)
          .thenComparing(n -> n);

  /** Orders files by start time, then sequence, then name. */
  public static final Comparator<Path> READING_ORDER =
      Comparator.comparing((Path p) -> p.getFileName().toString(), NAME_ORDER);

  private RecordFiles() {}

  /** Whether the path names a VisualDL record file (by its name; the content is not read). */
  public static boolean isRecordFile(Path path) {
    Path name = path.getFileName();
    return name != null && isRecordFileName(name.toString());
  }

  /** Whether a file name is that of a VisualDL record file. */
  public static boolean isRecordFileName(String name) {
    return name.endsWith(SUFFIX);
  }

  /** The file name for a writer. The host is reduced to letters, digits, '-' and '_'. */
  public static String fileName(long startMs, String host, long pid, int sequence) {
    String safeHost = host.replaceAll("[^A-Za-z0-9_-]", "_");
    if (safeHost.isEmpty()) {
      safeHost = "host";
    } else if (safeHost.length() > 64) {
      safeHost = safeHost.substring(0, 64);
    }
    return startMs + "." + safeHost + "." + pid + "." + sequence + SUFFIX;
  }

  private static long startMs(String name) {
    Matcher m = NAME.matcher(name);
    return m.matches() ? Long.parseLong(m.group(1)) : Long.MAX_VALUE;
  }

  private static long sequence(String name) {
    Matcher m = NAME.matcher(name);
    return m.matches() ? Long.parseLong(m.group(4)) : 0;
  }
}
