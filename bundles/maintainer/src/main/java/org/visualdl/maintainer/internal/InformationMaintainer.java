package org.visualdl.maintainer.internal;

import java.io.IOException;
import java.net.URI;
import java.nio.file.NoSuchFileException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentSkipListMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Function;
import org.osgi.framework.BundleContext;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.ConfigurationPolicy;
import org.osgi.service.component.annotations.Deactivate;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.component.annotations.ReferenceCardinality;
import org.osgi.service.component.annotations.ReferencePolicy;
import org.osgi.service.component.annotations.ReferencePolicyOption;
import org.osgi.service.metatype.annotations.Designate;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.visualdl.api.BlobRef;
import org.visualdl.api.Kind;
import org.visualdl.api.LogStore;
import org.visualdl.api.RunInfo;
import org.visualdl.api.Sample;
import org.visualdl.api.ScalarPoint;
import org.visualdl.api.ScalarPoints;
import org.visualdl.api.ScalarQuery;
import org.visualdl.api.StoreChange;
import org.visualdl.api.StoreListener;
import org.visualdl.api.StoreStatus;
import org.visualdl.api.TabletInfo;
import org.visualdl.api.format.LogFile;
import org.visualdl.api.format.LogFormat;
import org.visualdl.api.storage.FileStat;
import org.visualdl.api.storage.Listing;
import org.visualdl.api.storage.StorageBackend;
import org.visualdl.api.storage.StorageResolver;

/**
 * The Information Maintainer: discovers runs in the served log directories, reads their record
 * files into memory in parallel, keeps reading them as they grow (every poll interval, and at once
 * when the local file system reports a change), answers queries from memory, and tells
 * {@link StoreListener}s what changed.
 *
 * <p>It reaches log directories only through the storage SPI ({@link StorageBackend} services, one
 * listing per directory per poll) and formats only through {@link LogFile}s, so a log directory
 * may be a local path, {@code hdfs://...} or {@code s3://...}; it knows no backend.
 */
@Component(
    service = LogStore.class,
    configurationPid = MaintainerConfiguration.PID,
    configurationPolicy = ConfigurationPolicy.OPTIONAL)
@Designate(ocd = MaintainerConfiguration.class)
public final class InformationMaintainer implements LogStore {
  /** Framework property that names the log directories when no configuration does. */
  public static final String LOGDIR_PROPERTY = "visualdl.logdir";

  private static final Logger LOG = LoggerFactory.getLogger(InformationMaintainer.class);
  private static final int MAX_PROBLEMS = 200;
  static final long DEFAULT_POLL_MS = 1000;
  static final long DEFAULT_REMOTE_POLL_MS = 5000;

  private final Map<String, RunState> runs = new ConcurrentSkipListMap<>();
  private final ProblemLog problems = new ProblemLog(MAX_PROBLEMS, System::currentTimeMillis);
  private final AtomicBoolean scanQueued = new AtomicBoolean();
  private volatile List<ServedDirectory> directories = List.of();
  private SampleLimits limits = SampleLimits.DEFAULTS;
  private long memoryBudget = Runtime.getRuntime().maxMemory() / 4 * 3;
  private int loaderThreads = Runtime.getRuntime().availableProcessors();
  private long pollIntervalMs = DEFAULT_POLL_MS;
  private long remotePollIntervalMs = DEFAULT_REMOTE_POLL_MS;
  private ScheduledExecutorService scheduler;
  private ExecutorService loaders;
  private DirectoryWatch watch;
  private volatile boolean ready;
  private volatile boolean inOsgi;
  /** Changes whenever runs or tablets come or go; guards the tablet lists below. */
  private final java.util.concurrent.atomic.AtomicLong structure = new java.util.concurrent.atomic.AtomicLong();
  private final Map<Kind, Cached> tabletCache = new java.util.concurrent.ConcurrentHashMap<>();

  private record Cached(long version, List<TabletInfo> tablets) {}
  private volatile long storeBytes;
  private boolean budgetWarned;

  @Reference(
      cardinality = ReferenceCardinality.MULTIPLE,
      policy = ReferencePolicy.DYNAMIC,
      policyOption = ReferencePolicyOption.GREEDY)
  volatile List<StoreListener> listeners = new ArrayList<>();

  /** The log formats that can be read: VisualDL's own and every format bundle installed. */
  private final List<LogFormat> formats = new java.util.concurrent.CopyOnWriteArrayList<>();

  /** The storage backends log directories can live on, in the order they came. */
  private final List<StorageBackend> backends = new java.util.concurrent.CopyOnWriteArrayList<>();
  private volatile StorageResolver storage = new StorageResolver(List.of());

  // At least one format (VisualDL's own, from the storage bundle) before the first scan, so the
  // first pass over the log directories, after which the store says "ready", reads them.
  @Reference(
      service = LogFormat.class,
      cardinality = ReferenceCardinality.AT_LEAST_ONE,
      policy = ReferencePolicy.DYNAMIC,
      policyOption = ReferencePolicyOption.GREEDY)
  void addFormat(LogFormat format) {
    formats.add(format);
    LOG.info("Log format '{}' available", format.name());
    // Files no format read before may be of this one: every reachable directory is listed again
    // at once (a format comes at start-up or when a plugin bundle is dropped in, so this is rare).
    for (ServedDirectory d : directories) {
      if (!d.unreachable()) {
        d.retrySoon();
      }
    }
    scanSoon();
  }

  void removeFormat(LogFormat format) {
    formats.remove(format);
    for (RunState r : runs.values()) {
      r.forgetFormat(format);
    }
  }

  /**
   * A storage backend came (the local file system, HDFS, S3, ...): log directories on it that
   * could not be listed yet are listed at once.
   */
  @Reference(
      service = StorageBackend.class,
      cardinality = ReferenceCardinality.MULTIPLE,
      policy = ReferencePolicy.DYNAMIC,
      policyOption = ReferencePolicyOption.GREEDY)
  void addBackend(StorageBackend backend) {
    backends.add(backend);
    storage = new StorageResolver(backends);
    LOG.info("Storage backend for {} available", backend.schemes());
    for (ServedDirectory d : directories) {
      if (d.unreachable()) {
        d.retrySoon();
      }
    }
    scanSoon();
  }

  void removeBackend(StorageBackend backend) {
    backends.remove(backend);
    storage = new StorageResolver(backends);
  }

  LogFormat formatOf(LogFile file) {
    for (LogFormat f : formats) {
      try {
        if (f.recognizes(file)) {
          return f;
        }
      } catch (RuntimeException e) {
        problem(file.toString(), "log format '" + f.name() + "' failed: " + e);
      }
    }
    return null;
  }

  @Activate
  void activate(MaintainerConfiguration config, BundleContext context) {
    inOsgi = true;
    String spec = config.logdir();
    if (spec == null || spec.isBlank()) {
      spec = context.getProperty(LOGDIR_PROPERTY);
    }
    Function<String, String> prop = name -> context.getProperty("visualdl." + name);
    long poll = longOr(prop.apply("pollIntervalMs"), config.pollIntervalMs());
    long remotePoll = longOr(prop.apply("remotePollIntervalMs"), config.remotePollIntervalMs());
    long budgetMb = longOr(prop.apply("memoryBudgetMb"), config.memoryBudgetMb());
    if (budgetMb > 0) {
      memoryBudget = budgetMb * 1024 * 1024;
    }
    int threads = (int) longOr(prop.apply("loaderThreads"), config.loaderThreads());
    if (threads > 0) {
      loaderThreads = threads;
    }
    limits =
        new SampleLimits(
            (int) longOr(prop.apply("samplesPerTag"), config.samplesPerTag()),
            (int) longOr(prop.apply("blobsPerTag"), config.blobsPerTag()),
            SampleLimits.parsePerKind(
                stringOr(prop.apply("keptPerKind"), config.keptPerKind())));
    List<LogDirectory> dirs;
    try {
      dirs = LogDirectory.parse(spec);
    } catch (IllegalArgumentException e) {
      problem(spec, e.getMessage());
      LOG.error("{}", e.getMessage());
      dirs = List.of();
    }
    start(dirs, poll, remotePoll);
  }

  private static String stringOr(String value, String fallback) {
    return value == null || value.isBlank() ? fallback : value;
  }

  private static long longOr(String value, long fallback) {
    if (value == null || value.isBlank()) {
      return fallback;
    }
    try {
      return Long.parseLong(value.trim());
    } catch (NumberFormatException e) {
      LOG.warn("Ignoring '{}': not a whole number", value);
      return fallback;
    }
  }

  /**
   * Sets the storage backends outside OSGi (tests, tools); without this, {@link #configure} takes
   * those on the class path ({@link StorageResolver#fromServiceLoader()}).
   */
  void configureBackends(StorageBackend... extraBackends) {
    for (StorageBackend b : extraBackends) {
      addBackend(b);
    }
  }

  /**
   * Sets the served directories and, outside OSGi, the formats (and, when none were given, the
   * storage backends on the class path), without starting any thread (tests then call scan()).
   */
  void configure(List<LogDirectory> dirs, LogFormat... extraFormats) {
    formats.addAll(List.of(extraFormats));
    if (!inOsgi && backends.isEmpty()) {
      configureBackends(
          StorageResolver.fromServiceLoader().backends().toArray(StorageBackend[]::new));
    }
    directories = dirs.stream()
        .map(d -> new ServedDirectory(d, d.local() ? pollIntervalMs : remotePollIntervalMs))
        .toList();
    if (directories.isEmpty()) {
      LOG.warn("No log directory configured: serving no runs. Start with --logdir DIR.");
    }
  }

  void configureLimits(SampleLimits sampleLimits, long budgetBytes) {
    limits = sampleLimits;
    memoryBudget = budgetBytes;
  }

  /**
   * Starts loading: the scheduler thread lists each log directory when it is due (local ones
   * every {@code pollIntervalMs}, remote ones every {@code remotePollIntervalMs}); loader threads
   * read runs.
   */
  void start(List<LogDirectory> dirs, long pollMs, long remotePollMs) {
    pollIntervalMs = Math.max(50, pollMs);
    remotePollIntervalMs = Math.max(50, remotePollMs);
    configure(dirs);
    AtomicInteger n = new AtomicInteger();
    loaders =
        Executors.newFixedThreadPool(
            loaderThreads,
            r -> {
              Thread t = new Thread(r, "visualdl-loader-" + n.incrementAndGet());
              t.setDaemon(true);
              return t;
            });
    scheduler =
        Executors.newSingleThreadScheduledExecutor(
            r -> {
              Thread t = new Thread(r, "visualdl-maintainer");
              t.setDaemon(true);
              return t;
            });
    // Each directory is listed only when it is due; the tick only looks at the clock, so it is
    // short (at most 200 ms) for a directory to be listed close to when it is due, not up to a
    // whole tick later.
    long tick = Math.max(50, Math.min(Math.min(pollIntervalMs, remotePollIntervalMs), 200));
    scheduler.scheduleWithFixedDelay(() -> scanSafely(false), 0, tick, TimeUnit.MILLISECONDS);
    watch = DirectoryWatch.start(this::changedOnDisk);
  }

  /** A local log directory changed: list the local ones that are reachable now. */
  private void changedOnDisk() {
    for (ServedDirectory d : directories) {
      if (d.spec.local() && !d.unreachable()) {
        d.retrySoon();
      }
    }
    scanSoon();
  }

  /** Asks for a scan of what is due as soon as possible; several requests make one scan. */
  void scanSoon() {
    if (scheduler != null && scanQueued.compareAndSet(false, true)) {
      scheduler.schedule(
          () -> {
            scanQueued.set(false);
            scanSafely(false);
          },
          20,
          TimeUnit.MILLISECONDS);
    }
  }

  @Deactivate
  void stop() {
    if (watch != null) {
      watch.close();
    }
    for (ExecutorService e : new ExecutorService[] {scheduler, loaders}) {
      if (e != null) {
        e.shutdownNow();
        try {
          e.awaitTermination(5, TimeUnit.SECONDS);
        } catch (InterruptedException ie) {
          Thread.currentThread().interrupt();
        }
      }
    }
    runs.values().forEach(RunState::close);
  }

  private void scanSafely(boolean all) {
    try {
      long t0 = System.nanoTime();
      boolean first = !ready;
      if (first) {
        LOG.info("Loading {}", directories);
      }
      scan(all || first);
      if (first) {
        ready = true;
        StoreStatus s = status();
        double seconds = (System.nanoTime() - t0) / 1e9;
        LOG.info(
            "Loaded {} runs, {} files, {} scalar points in {} s ({} points/s, {} MB in memory)",
            s.runs(), s.files(), s.scalarPoints(), String.format("%.2f", seconds),
            String.format("%.0f", s.scalarPoints() / Math.max(seconds, 1e-9)),
            s.storeBytes() / (1024 * 1024));
      }
    } catch (RuntimeException e) {
      problem("", "loading failed: " + e);
      LOG.error("Loading failed", e);
    }
  }

  /** One pass over every log directory, due or not (tests and tools). */
  void scan() {
    scan(true);
  }

  /** What one listing of a served directory gave: its files by run folder. */
  private record Listed(ServedDirectory dir, Listing listing,
      Map<String, Map<String, RunState.Found>> byFolder) {}

  /**
   * One pass: list each log directory that is due (all of them when {@code all}), once each;
   * drop runs whose files are all gone, read what is new in each run (runs in parallel), rebuild
   * runs whose files were replaced or cut, notify. Directories not listed this time, or whose
   * listing failed, keep their runs as they are.
   */
  void scan(boolean all) {
    long now = System.currentTimeMillis();
    Map<ServedDirectory, Listed> listed = new java.util.LinkedHashMap<>();
    for (ServedDirectory d : directories) {
      if (all || d.due(now)) {
        Listed l = list(d, now);
        if (l != null) {
          listed.put(d, l);
        }
      }
    }
    if (listed.isEmpty()) {
      // Nothing listed (none due, or every listing failed): nothing can have changed, and the
      // problem log's "found again in the next scan" counts listings, not idle ticks.
      return;
    }
    List<StoreChange> changes = new ArrayList<>();
    List<RunState> toRead = new ArrayList<>();
    Map<RunState, Map<String, RunState.Found>> files = new HashMap<>();
    Set<String> seen = new HashSet<>();
    for (Listed l : listed.values()) {
      LogDirectory served = l.dir().resolved();
      for (Map.Entry<String, Map<String, RunState.Found>> e : l.byFolder().entrySet()) {
        String folder = e.getKey();
        String name = served.runName(folder);
        RunState run = runs.get(name);
        if (run == null) {
          run = new RunState(name, l.dir(), folder, limits);
          runs.put(name, run);
          changes.add(new StoreChange(StoreChange.Type.RUN_ADDED, name, "", null, 0));
        } else if (run.dir() != l.dir() || !run.folder().equals(folder)) {
          problem(served.display(folder),
              "another folder maps to the run name '" + name + "'; serving " + run.where());
          seen.add(name);
          continue;
        }
        seen.add(name);
        toRead.add(run);
        files.put(run, e.getValue());
      }
    }
    // Runs with no log file left (folder gone, or its files deleted) are no longer served; runs
    // of a directory not listed this time, or below a folder that could not be listed, stay.
    for (RunState run : List.copyOf(runs.values())) {
      Listed l = listed.get(run.dir());
      if (!seen.contains(run.name()) && l != null && !l.listing().unknown(run.folder())) {
        runs.remove(run.name());
        run.close();
        LOG.info("Run '{}' removed: no log file left in {}", run.name(), run.where());
        changes.add(new StoreChange(StoreChange.Type.RUN_REMOVED, run.name(), "", null, 0));
      }
    }
    storeBytes = currentBytes();
    if (storeBytes >= memoryBudget) {
      problem("", "memory budget of " + memoryBudget / (1024 * 1024) + " MB reached: new data is"
          + " not loaded; restart with more heap (e.g. VISUALDL_OPTS=-Xmx8g) to load it");
    } else {
      if (!budgetWarned && storeBytes >= memoryBudget / 10 * 8) {
        budgetWarned = true;
        LOG.warn("The store holds {} MB, 80% of its memory budget of {} MB",
            storeBytes / (1024 * 1024), memoryBudget / (1024 * 1024));
      }
      readAll(toRead, files, changes);
      storeBytes = currentBytes();
    }
    problems.scanDone();
    if (changes.stream().anyMatch(c -> c.type() != StoreChange.Type.DATA)) {
      structure.incrementAndGet();
    }
    if (!changes.isEmpty()) {
      notifyListeners(changes);
    }
  }

  /**
   * Lists one served directory (one listing; a directory that is one file: one stat), groups its
   * files into runs by folder, and notes the listing as the directory's latest. Returns null when
   * it cannot be listed now: the directory is then unreachable (reported once) and tried again
   * after a backoff.
   */
  private Listed list(ServedDirectory d, long now) {
    Listing listing;
    StorageBackend backend;
    LogDirectory served = d.resolved();
    try {
      backend = storage.backendFor(d.spec.root());
    } catch (IOException e) {
      // "no storage backend for s3:// URIs (...): add the org.visualdl.storage.s3 bundle"
      d.backend(null);
      if (d.failed(e.getMessage(), now)) {
        problem(d.spec.toString(), e.getMessage());
      }
      return null;
    }
    d.backend(backend);
    try {
      if (served == null) {
        served = decide(d, backend);
      }
      listing = served.file() != null ? listFile(served, backend) : backend.listing(served.root());
    } catch (IOException | RuntimeException e) {
      String error = describe(d, e);
      if (d.failed(error, now)) {
        problem(d.spec.toString(), error);
      }
      return null;
    }
    if (d.unreachable()) {
      LOG.info("{}: listed again", d.spec);
    }
    d.resolve(served);
    d.listed(now);
    for (Listing.Problem p : listing.problems()) {
      problem(p.path(), p.cause());
    }
    Map<String, FileStat> latest = new HashMap<>();
    // What is known below folders not listed this time stays known (side files for lookups).
    if (!listing.unlisted().isEmpty()) {
      for (FileStat f : d.latest().values()) {
        if (listing.unknown(f.parent())) {
          latest.put(f.relativePath(), f);
        }
      }
    }
    for (FileStat f : listing.files()) {
      latest.put(f.relativePath(), f);
    }
    d.latest(latest);
    Map<String, Map<String, RunState.Found>> byFolder = new HashMap<>();
    Set<String> folders = new HashSet<>();
    for (FileStat f : listing.files()) {
      ListedFile file = new ListedFile(d, f);
      folders.add(f.parent());
      LogFormat format = formatOf(file);
      if (format != null) {
        byFolder.computeIfAbsent(f.parent(), k -> new HashMap<>())
            .put(f.relativePath(), new RunState.Found(file, format));
      } else if (served.file() != null) {
        problem(file.toString(), "not a file any log format reads");
      }
    }
    if (watch != null && served.local()) {
      // File-system events for the root and the folders of listed files (a file served alone:
      // its folder); the paths only name what to watch, nothing is read through them.
      List<java.nio.file.Path> watched = new ArrayList<>();
      watched.add(java.nio.file.Path.of(served.root()));
      for (String folder : folders) {
        if (!folder.isEmpty() && served.file() == null) {
          watched.add(java.nio.file.Path.of(StorageResolver.child(served.root(), folder)));
        }
      }
      watch.register(watched);
    }
    return new Listed(d, listing, byFolder);
  }

  /**
   * Whether the configured location is one file (served alone) or a directory: a regular file
   * for its backend's stat is a file; no such file means a directory (whose listing then says
   * whether it exists).
   */
  private static LogDirectory decide(ServedDirectory d, StorageBackend backend)
      throws IOException {
    try {
      FileStat s = backend.stat(d.spec.root());
      return s != null ? d.spec.asFile() : d.spec;
    } catch (NoSuchFileException e) {
      return d.spec;
    }
  }

  /** The "listing" of a directory that is one file: the file alone, or nothing when gone. */
  private static Listing listFile(LogDirectory served, StorageBackend backend) throws IOException {
    URI uri = StorageResolver.child(served.root(), served.file());
    try {
      FileStat s = backend.stat(uri);
      return Listing.of(List.of(
          new FileStat(s.uri(), served.file(), s.size(), s.modifiedMs(), s.key())));
    } catch (NoSuchFileException e) {
      return new Listing(List.of(), List.of(new Listing.Problem(LogDirectory.display(uri),
          "no such file; it is served again when it is back")), Set.of());
    }
  }

  /** One line for a listing that failed. */
  private static String describe(ServedDirectory d, Exception e) {
    String m = e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
    if (e instanceof NoSuchFileException) {
      return "log directory does not exist or is not reachable (" + m + "); what was loaded"
          + " from it stays served, and it is listed again until it is there";
    }
    if (e instanceof java.nio.file.NotDirectoryException) {
      return "log directory is not a directory (" + m + ")";
    }
    if (e instanceof java.nio.file.AccessDeniedException) {
      return "log directory cannot be listed: access denied (" + m + "); check the credentials"
          + " or permissions";
    }
    return "log directory cannot be listed (" + m + ")";
  }

  /** What a loader did with one run: the run read (a new one when rebuilt) and its pass. */
  private record Loaded(RunState run, RunState.Pass pass, String rebuiltBecause) {}

  /**
   * Reads what is new in the run; when a file it read was replaced, cut or deleted, reads the run
   * again from scratch into a new RunState, so that old and new data never mix. The old state
   * keeps being served until the new one replaces it.
   */
  private Loaded load(RunState run, Map<String, RunState.Found> runFiles) {
    // The budget is checked run by run, so that the first pass, which reads every run, stops at
    // the budget too instead of running out of heap.
    if (storeBytes >= memoryBudget) {
      problem("", "memory budget of " + memoryBudget / (1024 * 1024) + " MB reached: new data is"
          + " not loaded; restart with more heap (e.g. VISUALDL_OPTS=-Xmx8g) to load it");
      return new Loaded(run, new RunState.Pass(List.of(), List.of(), 0, null), null);
    }
    StorageBackend backend = run.dir().backend();
    boolean rewritable = backend != null && backend.rewritableInPlace();
    long was = run.bytes();
    RunState.Pass pass = run.readNew(runFiles, rewritable);
    if (pass.rebuildBecause() == null) {
      addStoreBytes(run.bytes() - was);
      return new Loaded(run, pass, null);
    }
    RunState fresh = new RunState(run.name(), run.dir(), run.folder(), limits);
    RunState.Pass freshPass = fresh.readNew(runFiles, rewritable);
    addStoreBytes(fresh.bytes() - was);
    return new Loaded(fresh, freshPass, pass.rebuildBecause());
  }

  private void readAll(List<RunState> toRead, Map<RunState, Map<String, RunState.Found>> files,
      List<StoreChange> changes) {
    if (toRead.isEmpty()) {
      return;
    }
    List<Future<Loaded>> futures = new ArrayList<>();
    for (RunState run : toRead) {
      if (loaders == null) {
        collect(run, load(run, files.get(run)), changes);
      } else {
        futures.add(loaders.submit(() -> load(run, files.get(run))));
      }
    }
    long lastReport = System.nanoTime();
    for (int i = 0; i < futures.size(); i++) {
      if (!ready && System.nanoTime() - lastReport > 2_000_000_000L) {
        lastReport = System.nanoTime();
        StoreStatus s = status();
        LOG.info("Loading: {} of {} runs read, {} files, {} scalar points so far",
            i, toRead.size(), s.files(), s.scalarPoints());
      }
      try {
        collect(toRead.get(i), futures.get(i).get(), changes);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        return;
      } catch (java.util.concurrent.ExecutionException e) {
        problem(toRead.get(i).where(), "loading failed: " + e.getCause());
        LOG.error("Loading run {} failed", toRead.get(i).name(), e.getCause());
      }
    }
  }

  private synchronized void addStoreBytes(long delta) {
    storeBytes += delta;
  }

  private void collect(RunState run, Loaded loaded, List<StoreChange> changes) {
    if (loaded.rebuiltBecause() != null) {
      // Clients drop what they hold of the run and load it again.
      runs.put(run.name(), loaded.run());
      run.close();
      LOG.info("Run '{}' read again from scratch: {}", run.name(), loaded.rebuiltBecause());
      changes.add(new StoreChange(StoreChange.Type.RUN_REMOVED, run.name(), "", null, 0));
      changes.add(new StoreChange(StoreChange.Type.RUN_ADDED, run.name(), "", null, 0));
    }
    for (ProblemLog.Problem p : loaded.pass().problems()) {
      problem(p.path(), p.cause());
    }
    changes.addAll(loaded.pass().changes());
  }

  private long currentBytes() {
    long b = 0;
    for (RunState r : runs.values()) {
      b += r.bytes();
    }
    return b;
  }

  private void notifyListeners(List<StoreChange> changes) {
    List<StoreChange> copy = List.copyOf(changes);
    for (StoreListener l : listeners) {
      try {
        l.changed(copy);
      } catch (RuntimeException e) {
        LOG.warn("A store listener failed: {}", e.toString());
      }
    }
  }

  /** Records a problem; the same (path, cause) again only counts (see {@link ProblemLog}). */
  void problem(String path, String cause) {
    problems.report(path, cause);
  }

  // ---- LogStore ----

  @Override
  public List<RunInfo> runs() {
    List<RunInfo> out = new ArrayList<>();
    for (RunState r : runs.values()) {
      out.add(new RunInfo(r.name(), r.lastWriteMs(), r.tablets().size()));
    }
    return out;
  }

  @Override
  public List<TabletInfo> tablets(Kind kind) {
    long version = structure.get();
    Cached cached = tabletCache.get(kind);
    if (cached != null && cached.version() == version) {
      return cached.tablets();
    }
    List<TabletInfo> list = collectTablets(kind);
    tabletCache.put(kind, new Cached(version, list));
    return list;
  }

  @Override
  public List<TabletInfo> tablets(String run) {
    RunState r = runs.get(run);
    if (r == null) {
      return List.of();
    }
    List<TabletInfo> out = new ArrayList<>(r.tablets().values());
    out.sort(Comparator.comparing((TabletInfo t) -> t.kind().id()).thenComparing(TabletInfo::tag));
    return List.copyOf(out);
  }

  private List<TabletInfo> collectTablets(Kind kind) {
    List<TabletInfo> out = new ArrayList<>();
    for (RunState r : runs.values()) {
      for (TabletInfo t : r.tablets().values()) {
        if (t.kind().equals(kind)) {
          out.add(t);
        }
      }
    }
    out.sort(Comparator.comparing(TabletInfo::run).thenComparing(TabletInfo::tag));
    return List.copyOf(out);
  }

  @Override
  public Optional<TabletInfo> tablet(String run, String tag, Kind kind) {
    RunState r = runs.get(run);
    return r == null ? Optional.empty() : Optional.ofNullable(r.tablets().get(new TabletKey(kind, tag)));
  }

  @Override
  public Optional<ScalarPoints> scalars(String run, String tag, ScalarQuery query) {
    ScalarColumn c = column(run, tag);
    return c == null ? Optional.empty() : Optional.of(c.query(query));
  }

  @Override
  public Optional<ScalarPoint> latestScalar(String run, String tag) {
    ScalarColumn c = column(run, tag);
    return c == null ? Optional.empty() : Optional.ofNullable(c.latest());
  }

  private ScalarColumn column(String run, String tag) {
    RunState r = runs.get(run);
    return r == null ? null : r.scalars(tag);
  }

  @Override
  public Optional<List<Sample>> samples(String run, String tag, Kind kind) {
    RecordTablet t = records(run, tag, kind);
    return Optional.ofNullable(t == null ? null : t.samples());
  }

  @Override
  public Optional<List<BlobRef>> blobs(String run, String tag, Kind kind) {
    RecordTablet t = records(run, tag, kind);
    return Optional.ofNullable(t == null ? null : t.blobRefs());
  }

  @Override
  public Optional<byte[]> blob(String run, String tag, Kind kind, long step, int index) {
    RecordTablet t = records(run, tag, kind);
    KeptBlob b = t == null ? null : t.blob(step, index);
    if (b == null) {
      return Optional.empty();
    }
    // Never a locator of the old file against a new one under the same name: the blob is gone
    // with the file, and the next scan reads the run again.
    if (!b.fileUnchanged()) {
      scanSoon();
      return Optional.empty();
    }
    try {
      return Optional.of(b.read());
    } catch (java.io.UncheckedIOException e) {
      if (!b.fileUnchanged()) {
        scanSoon();
        return Optional.empty();
      }
      throw e;
    }
  }

  private RecordTablet records(String run, String tag, Kind kind) {
    RunState r = runs.get(run);
    return r == null ? null : r.records(new TabletKey(kind, tag));
  }

  @Override
  public long dataVersion(String run, String tag, Kind kind) {
    RunState r = runs.get(run);
    return r == null ? 0 : r.dataVersion(new TabletKey(kind, tag));
  }

  @Override
  public StoreStatus status() {
    int files = 0;
    long points = 0;
    long loaded = 0;
    for (RunState r : runs.values()) {
      files += r.fileCount();
      points += r.scalarPoints();
      loaded += r.loadedBytes();
    }
    List<org.visualdl.api.StoreProblem> details = problems.list();
    return new StoreStatus(
        ready ? "ready" : "loading",
        directories.stream().map(ServedDirectory::toString).toList(),
        runs.size(),
        files,
        points,
        currentBytes(),
        memoryBudget,
        loaded,
        details.stream().map(org.visualdl.api.StoreProblem::line).toList(),
        details,
        problems.notListed(),
        directories.stream().map(ServedDirectory::status).toList());
  }
}
