package org.visualdl.maintainer.internal;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.Deque;
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
import java.util.stream.Stream;
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
import org.visualdl.api.format.LogFormat;

/**
 * The Information Maintainer: discovers runs in the served log directories, reads their record
 * files into memory in parallel, keeps reading them as they grow (every poll interval, and at once
 * when the file system reports a change), answers queries from memory, and tells
 * {@link StoreListener}s what changed.
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
  private static final int MAX_DEPTH = 64;

  private final Map<String, RunState> runs = new ConcurrentSkipListMap<>();
  private final Deque<String> problems = new ArrayDeque<>();
  private final Set<String> reported = new HashSet<>();
  private final AtomicBoolean scanQueued = new AtomicBoolean();
  private List<LogDirectory> directories = List.of();
  private SampleLimits limits = SampleLimits.DEFAULTS;
  private long memoryBudget = Runtime.getRuntime().maxMemory() / 4 * 3;
  private int loaderThreads = Runtime.getRuntime().availableProcessors();
  private ScheduledExecutorService scheduler;
  private ExecutorService loaders;
  private DirectoryWatch watch;
  private volatile boolean ready;
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
  private volatile List<StoreListener> listeners = new ArrayList<>();

  /** The log formats that can be read: VisualDL's own and every format bundle installed. */
  private final List<LogFormat> formats = new java.util.concurrent.CopyOnWriteArrayList<>();

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
    scanSoon();
  }

  void removeFormat(LogFormat format) {
    formats.remove(format);
    for (RunState r : runs.values()) {
      r.forgetFormat(format);
    }
  }

  private LogFormat formatOf(Path file) {
    for (LogFormat f : formats) {
      try {
        if (f.recognizes(file)) {
          return f;
        }
      } catch (RuntimeException e) {
        problemOnce("log format '" + f.name() + "' failed on " + file + ": " + e);
      }
    }
    return null;
  }

  @Activate
  void activate(MaintainerConfiguration config, BundleContext context) {
    String spec = config.logdir();
    if (spec == null || spec.isBlank()) {
      spec = context.getProperty(LOGDIR_PROPERTY);
    }
    Function<String, String> prop = name -> context.getProperty("visualdl." + name);
    long poll = longOr(prop.apply("pollIntervalMs"), config.pollIntervalMs());
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
    start(LogDirectory.parse(spec), Math.max(50, poll));
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
   * Sets the served directories and, outside OSGi, the formats, without starting any thread
   * (tests then call scan()).
   */
  void configure(List<LogDirectory> dirs, LogFormat... extraFormats) {
    formats.addAll(List.of(extraFormats));
    directories = List.copyOf(dirs);
    if (directories.isEmpty()) {
      LOG.warn("No log directory configured: serving no runs. Start with --logdir DIR.");
    }
  }

  void configureLimits(SampleLimits sampleLimits, long budgetBytes) {
    limits = sampleLimits;
    memoryBudget = budgetBytes;
  }

  /** Starts loading: the scheduler thread runs every scan; loader threads read runs. */
  void start(List<LogDirectory> dirs, long pollIntervalMs) {
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
    scheduler.scheduleWithFixedDelay(this::scanSafely, 0, pollIntervalMs, TimeUnit.MILLISECONDS);
    watch = DirectoryWatch.start(this::scanSoon);
  }

  /** Asks for a scan as soon as possible; several requests before it runs make one scan. */
  void scanSoon() {
    if (scheduler != null && scanQueued.compareAndSet(false, true)) {
      scheduler.schedule(
          () -> {
            scanQueued.set(false);
            scanSafely();
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

  private void scanSafely() {
    try {
      long t0 = System.nanoTime();
      boolean first = !ready;
      if (first) {
        LOG.info("Loading {}", directories);
      }
      scan();
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
      problem("loading failed: " + e);
      LOG.error("Loading failed", e);
    }
  }

  /** One pass: find record files, read what is new in each run (runs in parallel), notify. */
  void scan() {
    Map<Path, Map<Path, LogFormat>> filesByFolder = new HashMap<>();
    Map<Path, LogDirectory> ownerOf = new HashMap<>();
    List<Path> folders = new ArrayList<>();
    for (LogDirectory dir : directories) {
      if (!Files.isDirectory(dir.path())) {
        problemOnce("log directory " + dir.path() + " does not exist or is not a directory");
        continue;
      }
      if (dir.file() != null) {
        // One file served alone (--model FILE): the rest of its folder is not looked at.
        folders.add(dir.path());
        LogFormat format = Files.isRegularFile(dir.file()) ? formatOf(dir.file()) : null;
        if (format != null) {
          filesByFolder.computeIfAbsent(dir.path(), k -> new HashMap<>()).put(dir.file(), format);
          ownerOf.putIfAbsent(dir.path(), dir);
        } else {
          problemOnce(dir.file() + " is not a file any log format reads");
        }
        continue;
      }
      try (Stream<Path> walk = Files.walk(dir.path(), MAX_DEPTH)) {
        walk.forEach(
            p -> {
              if (Files.isDirectory(p)) {
                folders.add(p);
                return;
              }
              LogFormat format = formatOf(p);
              if (format != null && Files.isRegularFile(p)) {
                filesByFolder.computeIfAbsent(p.getParent(), k -> new HashMap<>()).put(p, format);
                ownerOf.putIfAbsent(p.getParent(), dir);
              }
            });
      } catch (IOException | UncheckedIOException e) {
        problemOnce("cannot list " + dir.path() + ": " + e.getMessage());
      }
    }
    if (watch != null) {
      watch.register(folders);
    }
    List<StoreChange> changes = new ArrayList<>();
    Set<Path> present = new HashSet<>();
    filesByFolder.values().forEach(m -> present.addAll(m.keySet()));
    List<RunState> toRead = new ArrayList<>();
    Map<RunState, Map<Path, LogFormat>> files = new HashMap<>();
    for (Map.Entry<Path, Map<Path, LogFormat>> e : filesByFolder.entrySet()) {
      LogDirectory dir = ownerOf.get(e.getKey());
      String name = dir.runName(e.getKey());
      RunState run = runs.get(name);
      if (run == null) {
        run = new RunState(name, e.getKey(), limits);
        runs.put(name, run);
        changes.add(new StoreChange(StoreChange.Type.RUN_ADDED, name, "", null, 0));
      } else if (!run.folder().equals(e.getKey())) {
        problemOnce("two folders map to the run name '" + name + "'; serving " + run.folder());
        continue;
      }
      toRead.add(run);
      files.put(run, e.getValue());
    }
    // Runs whose folder is gone are no longer served.
    for (RunState run : List.copyOf(runs.values())) {
      if (!Files.isDirectory(run.folder())) {
        runs.remove(run.name());
        run.close();
        LOG.info("Run '{}' removed: its folder {} is gone", run.name(), run.folder());
        changes.add(new StoreChange(StoreChange.Type.RUN_REMOVED, run.name(), "", null, 0));
      } else {
        run.forgetMissing(present);
      }
    }
    storeBytes = currentBytes();
    if (storeBytes >= memoryBudget) {
      problemOnce(
          "memory budget of " + memoryBudget / (1024 * 1024) + " MB reached: new data is not"
              + " loaded; restart with more heap (e.g. VISUALDL_OPTS=-Xmx8g) to load it");
    } else {
      if (!budgetWarned && storeBytes >= memoryBudget / 10 * 8) {
        budgetWarned = true;
        LOG.warn("The store holds {} MB, 80% of its memory budget of {} MB",
            storeBytes / (1024 * 1024), memoryBudget / (1024 * 1024));
      }
      readAll(toRead, files, changes);
      storeBytes = currentBytes();
    }
    if (changes.stream().anyMatch(c -> c.type() != StoreChange.Type.DATA)) {
      structure.incrementAndGet();
    }
    if (!changes.isEmpty()) {
      notifyListeners(changes);
    }
  }

  private void readAll(
      List<RunState> toRead, Map<RunState, Map<Path, LogFormat>> files, List<StoreChange> changes) {
    if (toRead.isEmpty()) {
      return;
    }
    List<Future<RunState.Pass>> futures = new ArrayList<>();
    for (RunState run : toRead) {
      if (loaders == null) {
        RunState.Pass pass = run.readNew(files.get(run));
        collect(run, pass, changes);
      } else {
        futures.add(loaders.submit(() -> run.readNew(files.get(run))));
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
        problem(toRead.get(i).name() + ": loading failed: " + e.getCause());
        LOG.error("Loading run {} failed", toRead.get(i).name(), e.getCause());
      }
    }
  }

  private void collect(RunState run, RunState.Pass pass, List<StoreChange> changes) {
    for (String p : pass.problems()) {
      problem(run.name() + ": " + p);
    }
    changes.addAll(pass.changes());
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

  private void problemOnce(String message) {
    synchronized (problems) {
      if (!reported.add(message)) {
        return;
      }
    }
    problem(message);
  }

  private void problem(String message) {
    LOG.warn(message);
    synchronized (problems) {
      problems.addLast(message);
      while (problems.size() > MAX_PROBLEMS) {
        problems.removeFirst();
      }
    }
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
    return b == null ? Optional.empty() : Optional.of(b.read());
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
    List<String> copy;
    synchronized (problems) {
      copy = List.copyOf(problems);
    }
    return new StoreStatus(
        ready ? "ready" : "loading",
        directories.stream().map(LogDirectory::toString).toList(),
        runs.size(),
        files,
        points,
        currentBytes(),
        memoryBudget,
        loaded,
        copy);
  }
}
