package org.visualdl.storage.hdfs.internal;

import java.io.IOException;
import java.net.URI;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FSDataOutputStream;
import org.apache.hadoop.fs.FileStatus;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;
import org.apache.hadoop.ipc.RemoteException;
import org.apache.hadoop.hdfs.DistributedFileSystem;
import org.apache.hadoop.hdfs.protocol.BatchedDirectoryListing;
import org.apache.hadoop.hdfs.protocol.DirectoryListing;
import org.apache.hadoop.hdfs.protocol.HdfsPartialListing;
import org.apache.hadoop.hdfs.protocol.HdfsFileStatus;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.ConfigurationPolicy;
import org.osgi.service.component.annotations.Deactivate;
import org.visualdl.api.storage.RequestCounters;
import org.visualdl.api.storage.FileStat;
import org.visualdl.api.storage.SeekableByteSource;
import org.visualdl.api.storage.StorageBackend;
import org.visualdl.api.storage.StorageWriter;

/**
 * {@code hdfs://} log directories through Hadoop's own client ({@link FileSystem}), embedded in
 * this bundle. Cheap to activate: Hadoop is touched only when the first {@code hdfs://} URI is
 * used. One {@link FileSystem} per NameNode, closed with the component.
 */
@Component(
    service = StorageBackend.class,
    configurationPid = HdfsBackend.PID,
    configurationPolicy = ConfigurationPolicy.OPTIONAL,
    property = StorageBackend.SCHEMES_PROPERTY + "=hdfs")
public final class HdfsBackend implements StorageBackend {

  public static final String PID = "org.visualdl.storage.hdfs";

  private final Map<String, Object> properties;
  private final Map<String, FileSystem> fileSystems = new ConcurrentHashMap<>();
  /** Sizes seen by the latest listings, so a source knows a file's length without a request. */
  final Map<URI, Long> listedSizes = new ConcurrentHashMap<>();
  private volatile Configuration conf;
  final RequestCounters counters = new RequestCounters();
  /** Set once the NameNode refused a batched listing. */
  private volatile boolean batchedUnsupported;

  /** For {@link java.util.ServiceLoader}: configuration from system properties and the env. */
  public HdfsBackend() {
    this(Map.of());
  }

  @Activate
  public HdfsBackend(Map<String, Object> properties) {
    this.properties = Map.copyOf(properties);
  }

  @Deactivate
  public void close() {
    for (FileSystem fs : fileSystems.values()) {
      try {
        fs.close();
      } catch (IOException e) {
        // closing a client that cannot reach its NameNode: nothing left to do
      }
    }
    fileSystems.clear();
  }

  @Override
  public Set<String> schemes() {
    return Set.of("hdfs");
  }

  @Override
  public List<FileStat> list(URI root) throws IOException {
    return call(root, () -> {
      FileSystem fs = fileSystem(root);
      Path top = new Path(root);
      counters.stat.increment();
      FileStatus rootStatus = fs.getFileStatus(top);
      List<FileStat> files = new ArrayList<>();
      if (rootStatus.isFile()) {
        throw new java.nio.file.NotDirectoryException(root + " is a file, not a log directory");
      }
      String base = rootStatus.getPath().toUri().getPath();
      // HDFS has no recursive listing. Folder level by folder level: the folders of one level
      // in batched listings (up to BATCH folders and dfs.ls.limit entries a request), so a log
      // directory of run folders costs two requests, never one per file nor one per run.
      List<Path> level = List.of(rootStatus.getPath());
      while (!level.isEmpty()) {
        List<Path> next = new ArrayList<>();
        for (FileStatus s : listFolders(fs, level)) {
          if (s.isDirectory()) {
            next.add(s.getPath());
          } else if (s.isFile()) {
            FileStat f = stat(root, base, s);
            listedSizes.put(f.uri(), f.size());
            files.add(f);
          }
        }
        level = next;
      }
      return files;
    });
  }

  /** Folders per batched listing: the NameNode's default {@code dfs.batched.ls.limit}. */
  static final int BATCH = 100;

  /**
   * The entries of these folders: batched listings where the NameNode has them (HDFS 3.3+),
   * else one folder after the other. A folder deleted meanwhile has no entries.
   */
  private List<FileStatus> listFolders(FileSystem fs, List<Path> folders) throws IOException {
    List<FileStatus> entries = new ArrayList<>();
    if (folders.size() > 1 && !batchedUnsupported && fs instanceof DistributedFileSystem dfs) {
      try {
        for (int i = 0; i < folders.size(); i += BATCH) {
          listBatch(dfs, folders.subList(i, Math.min(folders.size(), i + BATCH)), entries);
        }
        return entries;
      } catch (RemoteException e) {
        if (!unsupported(e)) {
          throw e;
        }
        // a NameNode before 3.3, a Router or a limit below BATCH: folder by folder from now on
        counters.errors.increment();
        batchedUnsupported = true;
        entries.clear();
      }
    }
    for (Path folder : folders) {
      entries.addAll(listFolder(fs, folder));
    }
    return entries;
  }

  /** One batch of folders, page by page, each page one getBatchedListing RPC (counted). */
  private void listBatch(DistributedFileSystem dfs, List<Path> folders, List<FileStatus> entries)
      throws IOException {
    String[] srcs = new String[folders.size()];
    for (int i = 0; i < srcs.length; i++) {
      srcs[i] = folders.get(i).toUri().getPath();
    }
    URI fsUri = dfs.getUri();
    byte[] after = HdfsFileStatus.EMPTY_NAME;
    BatchedDirectoryListing page;
    do {
      counters.list.increment();
      page = dfs.getClient().batchedListPaths(srcs, after, false);
      if (page == null) {
        return;
      }
      for (HdfsPartialListing part : page.getListings()) {
        if (part.getException() != null) {
          IOException e = part.getException().unwrapRemoteException();
          if (e instanceof java.io.FileNotFoundException) {
            continue;   // deleted since its parent was listed
          }
          throw e;
        }
        Path parent = folders.get(part.getParentIdx());
        for (HdfsFileStatus h : part.getPartialListing()) {
          entries.add(h.makeQualified(fsUri, parent));
        }
      }
      after = page.getStartAfter();
    } while (page.hasMore());
  }

  private static boolean unsupported(RemoteException e) {
    String c = e.getClassName() == null ? "" : e.getClassName();
    String m = e.getMessage() == null ? "" : e.getMessage();
    return c.endsWith("RpcNoSuchMethodException") || c.endsWith("UnsupportedOperationException")
        || (c.endsWith("IllegalArgumentException") && m.contains("Too many source paths"));
  }

  /**
   * One folder's entries, page by page, each page one getListing RPC (counted). A folder
   * deleted since its parent was listed has no entries.
   */
  private List<FileStatus> listFolder(FileSystem fs, Path folder) throws IOException {
    List<FileStatus> entries = new ArrayList<>();
    if (!(fs instanceof DistributedFileSystem dfs)) {
      // another FileSystem configured for hdfs:// (fs.hdfs.impl): its pages are not visible
      // here, so count the folder as one listing
      counters.list.increment();
      for (FileStatus s : fs.listStatus(folder)) {
        entries.add(s);
      }
      return entries;
    }
    String src = folder.toUri().getPath();
    URI fsUri = fs.getUri();
    byte[] after = HdfsFileStatus.EMPTY_NAME;
    DirectoryListing page;
    do {
      counters.list.increment();
      page = dfs.getClient().listPaths(src, after);
      if (page == null) {
        return entries;
      }
      for (HdfsFileStatus h : page.getPartialListing()) {
        entries.add(h.makeQualified(fsUri, folder));
      }
      after = page.getLastName();
    } while (page.hasMore());
    return entries;
  }

  /**
   * Since this backend started: {@code list} (getListing and getBatchedListing RPCs: one per
   * page of up to {@code dfs.ls.limit} entries of the folders of one level below the root), {@code stat} (getFileInfo RPCs), {@code get}
   * (stream opens plus positional reads), {@code put} (files created or opened for append),
   * {@code delete}, {@code bytesRead}, {@code bytesWritten}, {@code errors} (failed calls;
   * "no such file" answers are not counted).
   */
  @Override
  public Map<String, Long> counters() {
    return counters.snapshot();
  }

  @Override
  public FileStat stat(URI file) throws IOException {
    return call(file, () -> {
      counters.stat.increment();
      FileStatus s = fileSystem(file).getFileStatus(new Path(file));
      if (!s.isFile()) {
        throw new java.nio.file.NoSuchFileException(file.toString(), null, "not a file");
      }
      String path = s.getPath().toUri().getPath();
      int slash = path.lastIndexOf('/');
      return stat(file, path.substring(0, Math.max(slash, 0)), s);
    });
  }

  @Override
  public SeekableByteSource open(URI file) throws IOException {
    return call(file, () -> new HdfsSource(this, fileSystem(file), file));
  }

  @Override
  public StorageWriter create(URI file) throws IOException {
    return call(file, () -> {
      counters.put.increment();
      FSDataOutputStream out = fileSystem(file).create(new Path(file), false);
      return new HdfsWriter(this, file, out, 0);
    });
  }

  @Override
  public StorageWriter append(URI file) throws IOException {
    return call(file, () -> {
      FileSystem fs = fileSystem(file);
      Path p = new Path(file);
      counters.stat.increment();
      if (!fs.exists(p)) {
        counters.put.increment();
        return new HdfsWriter(this, file, fs.create(p, false), 0);
      }
      counters.stat.increment();
      long length = fs.getFileStatus(p).getLen();
      counters.put.increment();
      return new HdfsWriter(this, file, fs.append(p), length);
    });
  }

  @Override
  public void delete(URI file) throws IOException {
    call(file, () -> {
      counters.delete.increment();
      return fileSystem(file).delete(new Path(file), false);
    });
  }

  private FileStat stat(URI root, String base, FileStatus s) {
    URI full = s.getPath().toUri();
    String path = full.getPath();
    String relative = path.startsWith(base + "/") ? path.substring(base.length() + 1)
        : path.substring(path.lastIndexOf('/') + 1);
    URI uri = URI.create(root.getScheme() + "://" + root.getRawAuthority()).resolve(full.getRawPath());
    String key = s instanceof HdfsFileStatus h ? "hdfs-inode:" + h.getFileId() : "path:" + path;
    return new FileStat(uri, relative, s.getLen(), s.getModificationTime(), key);
  }

  FileSystem fileSystem(URI uri) throws IOException {
    String authority = uri.getAuthority() == null ? "" : uri.getAuthority();
    FileSystem fs = fileSystems.get(authority);
    if (fs != null) {
      return fs;
    }
    synchronized (fileSystems) {
      fs = fileSystems.get(authority);
      if (fs == null) {
        // newInstance, not get: Hadoop's global cache would outlive this component.
        fs = FileSystem.newInstance(URI.create("hdfs://" + authority + "/"), configuration());
        fileSystems.put(authority, fs);
        preloadShutdownHook();
      }
      return fs;
    }
  }

  /**
   * Hadoop registers a JVM shutdown hook whose classes load only when the JVM exits; inside OSGi
   * this bundle's wiring is gone by then (NoClassDefFoundError at exit). Load them now.
   */
  private static void preloadShutdownHook() {
    ClassLoader loader = HdfsBackend.class.getClassLoader();
    for (String name : new String[] {"org.apache.hadoop.util.ShutdownHookManager$1",
        "org.apache.hadoop.util.ShutdownHookManager$2",
        "org.apache.hadoop.util.ShutdownHookManager$HookEntry",
        "org.apache.hadoop.fs.FileSystem$Cache$ClientFinalizer"}) {
      try {
        Class.forName(name, false, loader);
      } catch (ClassNotFoundException | LinkageError e) {
        // another Hadoop version: at worst a message at JVM exit
      }
    }
  }

  Configuration configuration() {
    Configuration c = conf;
    if (c == null) {
      c = HdfsConfiguration.build(properties, System.getProperties(), System.getenv());
      conf = c;
    }
    return c;
  }

  boolean updateLengthOnFlush() {
    return configuration().getBoolean("visualdl.updateLengthOnFlush", true);
  }

  interface HadoopCall<T> {
    T run() throws IOException;
  }

  /**
   * Runs a Hadoop call with this bundle's class loader as the context loader (Hadoop loads
   * classes, resources and JAAS modules through it) and turns its exceptions into one line.
   */
  <T> T call(URI uri, HadoopCall<T> body) throws IOException {
    Thread t = Thread.currentThread();
    ClassLoader previous = t.getContextClassLoader();
    t.setContextClassLoader(HdfsBackend.class.getClassLoader());
    try {
      return body.run();
    } catch (IOException | RuntimeException e) {
      // "no such file" (a stat telling a folder from a file, a file gone) is an answer, not a
      // failure of the store
      if (!(e instanceof java.io.FileNotFoundException
          || e instanceof java.nio.file.NoSuchFileException)) {
        counters.errors.increment();
      }
      if (e instanceof IOException io) {
        throw HdfsErrors.translate(io, uri);
      }
      throw e;
    } finally {
      t.setContextClassLoader(previous);
    }
  }
}
