package org.visualdl.maintainer.internal;

import java.net.URI;
import java.net.URISyntaxException;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.visualdl.api.storage.StorageResolver;

/**
 * One served log directory, optionally named: a URI root on any storage backend ({@code
 * file:/path}, {@code hdfs://nn:8020/path}, {@code s3://bucket/prefix}). With a name, its runs are
 * listed as {@code name/run}. A location that turns out to be a file (the launcher's {@code
 * --model FILE}) is served alone as the run {@code name}: {@code root} is then its folder and
 * {@code file} its name; nothing else of the folder is read. Whether a location is a file is
 * learnt from its backend on the first scan ({@link #asFile}); parsing asks no store.
 */
record LogDirectory(String name, URI root, String file) {
  LogDirectory(String name, URI root) {
    this(name, root, null);
  }

  private static final Pattern NAMED = Pattern.compile("([A-Za-z0-9_.-]+):(.+)");
  private static final Pattern URI_WITH_AUTHORITY = Pattern.compile("^[A-Za-z][A-Za-z0-9+.-]*://.*");

  /**
   * Parses {@code "a,b"} and {@code "name:location,..."}. A part that starts with a URI scheme and
   * {@code //} ({@code s3://b/p}, {@code hdfs://nn:8020/p}) or with {@code file:} is a location,
   * never {@code name:location}; {@code exp:s3://b/p} and {@code exp:/tmp/x} are named.
   *
   * @throws IllegalArgumentException with a one-line message for a location that is no valid URI
   */
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
      String name = "";
      String location = p;
      if (!isLocation(p)) {
        Matcher m = NAMED.matcher(p);
        if (m.matches()) {
          name = m.group(1);
          location = m.group(2);
        }
      }
      dirs.add(new LogDirectory(name, StorageResolver.toUri(location)));
    }
    return dirs;
  }

  private static boolean isLocation(String part) {
    return URI_WITH_AUTHORITY.matcher(part).matches()
        || part.regionMatches(true, 0, "file:", 0, 5);
  }

  /**
   * This location as one file served alone: its folder becomes the root, and the run is named
   * after the file when the directory has no name.
   */
  LogDirectory asFile() {
    String path = root.getPath() == null ? "" : root.getPath();
    int slash = path.lastIndexOf('/');
    String fileName = path.substring(slash + 1);
    String parent = slash <= 0 ? "/" : path.substring(0, slash);
    try {
      URI folder = new URI(root.getScheme(), root.getAuthority(), parent, null, null);
      return new LogDirectory(name.isEmpty() ? fileName : name, folder, fileName);
    } catch (URISyntaxException e) {
      throw new IllegalArgumentException(e.getMessage(), e);
    }
  }

  /** Whether the directory is on the local file system (file-system events, short polls). */
  boolean local() {
    return root.getScheme() == null || "file".equalsIgnoreCase(root.getScheme());
  }

  /**
   * The run name of a folder inside this log directory, given relative to its root ({@code ""}
   * for the root, segments separated by {@code /}): the folder, {@code "."} for the root, after
   * {@code name/} when named.
   */
  String runName(String folder) {
    String relName = folder.isEmpty() ? "." : folder;
    if (name.isEmpty()) {
      return relName;
    }
    return relName.equals(".") ? name : name + "/" + relName;
  }

  /** A URI of this directory as people write it: a local path, or the URI itself. */
  static String display(URI uri) {
    if (uri.getScheme() == null || "file".equalsIgnoreCase(uri.getScheme())) {
      String path = uri.getPath();
      return path.length() > 1 && path.endsWith("/") ? path.substring(0, path.length() - 1) : path;
    }
    return uri.toString();
  }

  /** The folder (relative to the root) as people write it, for messages. */
  String display(String folder) {
    return display(folder.isEmpty() ? root : StorageResolver.child(root, folder));
  }

  @Override
  public String toString() {
    String shown = display(file != null ? StorageResolver.child(root, file) : root);
    return name.isEmpty() ? shown : name + ":" + shown;
  }
}
