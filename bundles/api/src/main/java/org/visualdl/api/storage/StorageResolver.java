package org.visualdl.api.storage;

import java.io.IOException;
import java.net.URI;
import java.net.URISyntaxException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Locale;
import java.util.ServiceLoader;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Pattern;

/**
 * Which {@link StorageBackend} serves a URI. Inside OSGi, build one from the backend services you
 * hold (a dynamic reference list); on a plain class path (the Java SDK), from
 * {@link ServiceLoader}. Immutable and thread-safe: build a new one when the backends change.
 *
 * <pre>{@code
 * StorageResolver storage = StorageResolver.fromServiceLoader();
 * URI dir = StorageResolver.toUri(args[0]);           // "/tmp/logs", "s3://bucket/logs", ...
 * List<FileStat> files = storage.backendFor(dir).list(dir);
 * }</pre>
 */
public final class StorageResolver {

  private static final Pattern HAS_SCHEME = Pattern.compile("^[A-Za-z][A-Za-z0-9+.-]*:/.*");
  private static final Pattern WINDOWS_DRIVE = Pattern.compile("^[A-Za-z]:[\\\\/].*");

  private final List<StorageBackend> backends;

  /** Backends in order of preference: the first that serves a scheme wins. */
  public StorageResolver(Collection<? extends StorageBackend> backends) {
    this.backends = List.copyOf(backends);
  }

  /**
   * Every backend on the class path ({@code META-INF/services}), through the thread's context
   * class loader and this class's own.
   */
  public static StorageResolver fromServiceLoader() {
    List<StorageBackend> found = new ArrayList<>();
    Set<String> classes = new TreeSet<>();
    ClassLoader context = Thread.currentThread().getContextClassLoader();
    for (ClassLoader loader : new ClassLoader[] {context, StorageResolver.class.getClassLoader()}) {
      if (loader == null) {
        continue;
      }
      for (StorageBackend b : ServiceLoader.load(StorageBackend.class, loader)) {
        if (classes.add(b.getClass().getName())) {
          found.add(b);
        }
      }
    }
    return new StorageResolver(found);
  }

  /** The backends this resolver chooses from. */
  public List<StorageBackend> backends() {
    return backends;
  }

  /** Every scheme some backend serves. */
  public Set<String> schemes() {
    Set<String> all = new TreeSet<>();
    backends.forEach(b -> all.addAll(b.schemes()));
    return all;
  }

  /**
   * The backend for {@code uri}'s scheme ({@code file} when it has none).
   *
   * @throws IOException with a one-line message naming the missing bundle when none serves it
   */
  public StorageBackend backendFor(URI uri) throws IOException {
    String scheme = uri.getScheme() == null ? "file" : uri.getScheme().toLowerCase(Locale.ROOT);
    for (StorageBackend b : backends) {
      if (b.schemes().contains(scheme)) {
        return b;
      }
    }
    throw new IOException("no storage backend for " + scheme + ":// URIs (" + uri + "): "
        + switch (scheme) {
          case "hdfs" -> "add the org.visualdl.storage.hdfs bundle (or its jar on the class path)";
          case "s3" -> "add the org.visualdl.storage.s3 bundle (or its jar on the class path)";
          case "file" -> "add the org.visualdl.storage bundle (or its jar on the class path)";
          default -> "the schemes served here are " + schemes();
        });
  }

  /**
   * A log directory as a URI: {@code /path}, {@code relative/path} and {@code C:\path} become
   * absolute {@code file:} URIs; {@code file:/path}, {@code hdfs://...}, {@code s3://...} are
   * taken as they are (a trailing {@code /} is dropped). Split a {@code name:location} form
   * before calling this.
   *
   * @throws IllegalArgumentException with a one-line message when it is not a valid URI
   */
  public static URI toUri(String location) {
    String s = location.strip();
    if (s.isEmpty()) {
      throw new IllegalArgumentException("empty log directory");
    }
    if (!HAS_SCHEME.matcher(s).matches() || WINDOWS_DRIVE.matcher(s).matches()) {
      return Path.of(s).toAbsolutePath().normalize().toUri();
    }
    try {
      URI uri = new URI(s);
      if ("file".equalsIgnoreCase(uri.getScheme())) {
        return Path.of(uri).toAbsolutePath().normalize().toUri();
      }
      String path = uri.getPath();
      if (path != null && path.length() > 1 && path.endsWith("/")) {
        uri = new URI(uri.getScheme(), uri.getAuthority(), path.substring(0, path.length() - 1),
            uri.getQuery(), uri.getFragment());
      }
      return uri;
    } catch (URISyntaxException | IllegalArgumentException e) {
      throw new IllegalArgumentException("not a valid log directory URI: " + location
          + " (" + e.getMessage() + "); use /path, hdfs://namenode:port/path or s3://bucket/prefix");
    }
  }

  /**
   * {@code relativePath} (segments separated by {@code /}) below {@code root}, for example the
   * file a writer creates in a run folder.
   */
  public static URI child(URI root, String relativePath) {
    String base = root.getPath() == null ? "" : root.getPath();
    String rel = relativePath.startsWith("/") ? relativePath.substring(1) : relativePath;
    String path = base.endsWith("/") ? base + rel : base + "/" + rel;
    try {
      return new URI(root.getScheme(), root.getAuthority(), path, null, null);
    } catch (URISyntaxException e) {
      throw new IllegalArgumentException(e.getMessage(), e);
    }
  }
}
