package org.visualdl.maintainer.internal;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.FileVisitOption;
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
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.osgi.framework.BundleContext;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.ConfigurationPolicy;
import org.osgi.service.component.annotations.Deactivate;
import org.osgi.service.metatype.annotations.Designate;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.visualdl.api.Kind;
import org.visualdl.api.LogStore;
import org.visualdl.api.RunInfo;
import org.visualdl.api.ScalarPoints;
import org.visualdl.api.ScalarQuery;
import org.visualdl.api.StoreStatus;
import org.visualdl.api.TabletInfo;
import org.visualdl.storage.RecordFiles;

/**
 * The Information Maintainer: discovers runs in the served log directories, reads their record
 * files into memory, keeps reading them as they grow, and answers queries from memory.
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
  private List<LogDirectory> directories = List.of();
  private ScheduledExecutorService loader;
  private volatile boolean ready;

  @Activate
  void activate(MaintainerConfiguration config, BundleContext context) {
    String spec = config.logdir();
    if (spec == null || spec.isBlank()) {
      spec = context.getProperty(LOGDIR_PROPERTY);
    }
    start(LogDirectory.parse(spec), Math.max(50, config.pollIntervalMs()));
  }

  /** Sets the served directories without starting the loader thread (tests call scan()). */
  void configure(List<LogDirectory> dirs) {
    directories = List.copyOf(dirs);
    if (directories.isEmpty()) {
      LOG.warn("No log directory configured: serving no runs. Start with --logdir DIR.");
    }
  }

  /** Starts loading on the loader thread, the only thread that reads files. */
  void start(List<LogDirectory> dirs, long pollIntervalMs) {
    configure(dirs);
    loader =
        Executors.newSingleThreadScheduledExecutor(
            r -> {
              Thread t = new Thread(r, "visualdl-maintainer-loader");
              t.setDaemon(true);
              return t;
            });
    loader.scheduleWithFixedDelay(this::scanSafely, 0, pollIntervalMs, TimeUnit.MILLISECONDS);
  }

  @Deactivate
  void stop() {
    if (loader != null) {
      loader.shutdownNow();
      try {
        loader.awaitTermination(5, TimeUnit.SECONDS);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    }
    runs.values().forEach(RunState::close);
  }

  private void scanSafely() {
    try {
      long t0 = System.nanoTime();
      boolean first = !ready;
      scan();
      if (first) {
        ready = true;
        StoreStatus s = status();
        double seconds = (System.nanoTime() - t0) / 1e9;
        LOG.info(
            "Loaded {} runs, {} files, {} scalar points in {} s ({} points/s)",
            s.runs(),
            s.files(),
            s.scalarPoints(),
            String.format("%.2f", seconds),
            String.format("%.0f", s.scalarPoints() / Math.max(seconds, 1e-9)));
      }
    } catch (RuntimeException e) {
      problem("loading failed: " + e);
      LOG.error("Loading failed", e);
    }
  }

  /** One pass: find record files, then read what is new in each. */
  void scan() {
    Map<Path, List<Path>> filesByFolder = new HashMap<>();
    Map<Path, LogDirectory> ownerOf = new HashMap<>();
    for (LogDirectory dir : directories) {
      if (!Files.isDirectory(dir.path())) {
        problemOnce("log directory " + dir.path() + " does not exist or is not a directory");
        continue;
      }
      try (Stream<Path> walk = Files.walk(dir.path(), MAX_DEPTH, new FileVisitOption[0])) {
        walk.filter(p -> RecordFiles.isRecordFile(p) && Files.isRegularFile(p))
            .forEach(
                p -> {
                  filesByFolder.computeIfAbsent(p.getParent(), k -> new ArrayList<>()).add(p);
                  ownerOf.putIfAbsent(p.getParent(), dir);
                });
      } catch (IOException | UncheckedIOException e) {
        problemOnce("cannot list " + dir.path() + ": " + e.getMessage());
      }
    }
    Set<Path> present = new HashSet<>();
    filesByFolder.values().forEach(present::addAll);
    for (Map.Entry<Path, List<Path>> e : filesByFolder.entrySet()) {
      LogDirectory dir = ownerOf.get(e.getKey());
      String name = dir.runName(e.getKey());
      RunState run = runs.computeIfAbsent(name, n -> new RunState(n, e.getKey()));
      if (!run.folder().equals(e.getKey())) {
        problemOnce("two folders map to the run name '" + name + "'; serving " + run.folder());
        continue;
      }
      for (String p : run.readNew(e.getValue())) {
        problem(name + ": " + p);
      }
    }
    for (RunState run : runs.values()) {
      run.forgetMissing(present);
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
    List<TabletInfo> out = new ArrayList<>();
    for (RunState r : runs.values()) {
      for (TabletInfo t : r.tablets().values()) {
        if (t.kind().equals(kind)) {
          out.add(t);
        }
      }
    }
    out.sort(Comparator.comparing(TabletInfo::run).thenComparing(TabletInfo::tag));
    return out;
  }

  @Override
  public Optional<TabletInfo> tablet(String run, String tag, Kind kind) {
    RunState r = runs.get(run);
    return r == null ? Optional.empty() : Optional.ofNullable(r.tablets().get(RunState.key(tag, kind)));
  }

  @Override
  public Optional<ScalarPoints> scalars(String run, String tag, ScalarQuery query) {
    RunState r = runs.get(run);
    if (r == null) {
      return Optional.empty();
    }
    ScalarSeries s = r.scalars(tag);
    return s == null ? Optional.empty() : Optional.of(s.query(query));
  }

  @Override
  public StoreStatus status() {
    int files = 0;
    long points = 0;
    for (RunState r : runs.values()) {
      files += r.fileCount();
      points += r.scalarPoints();
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
        copy);
  }
}
