package org.visualdl.maintainer.internal;

import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
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
import org.visualdl.api.LogStore;
import org.visualdl.api.compute.Computation;
import org.visualdl.api.compute.ComputeProgress;
import org.visualdl.api.compute.ComputeRequest;
import org.visualdl.api.compute.ComputeService;
import org.visualdl.api.compute.ComputeStatus;
import org.visualdl.api.compute.TabletRef;

/**
 * Runs {@link Computation}s on a bounded pool and caches their results by request and by the
 * data versions of their inputs: new data makes a result stale, and the next request computes it
 * again. Work that nobody asked about for a while is cancelled.
 */
@Component(
    service = ComputeService.class,
    configurationPid = ComputeConfiguration.PID,
    configurationPolicy = ConfigurationPolicy.OPTIONAL)
@Designate(ocd = ComputeConfiguration.class)
public final class ComputeExecutor implements ComputeService {
  private static final Logger LOG = LoggerFactory.getLogger(ComputeExecutor.class);

  @Reference private LogStore store;

  private final Map<String, Computation> computations = new ConcurrentHashMap<>();
  private final Map<Key, Job> jobs = new LinkedHashMap<>(16, 0.75f, true);
  private ThreadPoolExecutor pool;
  private ScheduledExecutorService sweeper;
  private int cachedResults = 256;
  private long abandonAfterMs = 30_000;

  @Reference(
      cardinality = ReferenceCardinality.MULTIPLE,
      policy = ReferencePolicy.DYNAMIC,
      policyOption = ReferencePolicyOption.GREEDY)
  void addComputation(Computation c) {
    Computation previous = computations.putIfAbsent(c.name(), c);
    if (previous != null && previous != c) {
      LOG.warn("A second computation named '{}' is ignored", c.name());
    }
  }

  void removeComputation(Computation c) {
    computations.remove(c.name(), c);
    synchronized (jobs) {
      jobs.keySet().removeIf(k -> k.request().computation().equals(c.name()));
    }
  }

  /** For tests outside OSGi. */
  static ComputeExecutor over(LogStore store, int threads, long abandonAfterMs) {
    ComputeExecutor e = new ComputeExecutor();
    e.store = store;
    e.start(threads, 256, 256, abandonAfterMs);
    return e;
  }

  @Activate
  void activate(ComputeConfiguration config) {
    int threads = config.threads() > 0
        ? config.threads()
        : Math.max(1, Runtime.getRuntime().availableProcessors());
    start(threads, config.queueLength(), config.cachedResults(), config.abandonAfterMs());
  }

  private void start(int threads, int queueLength, int cached, long abandonMs) {
    this.cachedResults = Math.max(1, cached);
    this.abandonAfterMs = Math.max(100, abandonMs);
    AtomicInteger n = new AtomicInteger();
    pool =
        new ThreadPoolExecutor(
            threads, threads, 30, TimeUnit.SECONDS,
            new ArrayBlockingQueue<>(Math.max(1, queueLength)),
            r -> {
              Thread t = new Thread(r, "visualdl-compute-" + n.incrementAndGet());
              t.setDaemon(true);
              t.setPriority(Thread.NORM_PRIORITY - 1);
              return t;
            });
    sweeper =
        Executors.newSingleThreadScheduledExecutor(
            r -> {
              Thread t = new Thread(r, "visualdl-compute-sweeper");
              t.setDaemon(true);
              return t;
            });
    long period = Math.max(50, abandonAfterMs / 4);
    sweeper.scheduleWithFixedDelay(this::sweep, period, period, TimeUnit.MILLISECONDS);
  }

  @Deactivate
  void stop() {
    sweeper.shutdownNow();
    pool.shutdownNow();
  }

  /** The cache key: the request and the data versions of its inputs when it was made. */
  private record Key(ComputeRequest request, List<Long> versions) {}

  /** One computation's state, shared by every request with the same key. */
  private final class Job implements ComputeProgress, Runnable {
    final Key key;
    final Computation computation;
    volatile ComputeStatus.State state = ComputeStatus.State.QUEUED;
    volatile double progress;
    volatile Object partial;
    volatile Object result;
    volatile String error;
    volatile boolean cancelled;
    volatile long lastAsked = System.currentTimeMillis();
    Future<?> future;

    Job(Key key, Computation computation) {
      this.key = key;
      this.computation = computation;
    }

    @Override
    public void run() {
      if (cancelled) {
        return;
      }
      state = ComputeStatus.State.RUNNING;
      try {
        Object r = computation.compute(key.request(), this);
        if (cancelled) {
          state = ComputeStatus.State.FAILED;
          error = "cancelled: nobody asked for the result any more";
          return;
        }
        result = r;
        progress = 1;
        state = ComputeStatus.State.DONE;
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        error = "cancelled";
        state = ComputeStatus.State.FAILED;
      } catch (Exception | OutOfMemoryError e) {
        error = e.getMessage() == null ? e.toString() : e.getMessage();
        state = ComputeStatus.State.FAILED;
        LOG.warn("Computation '{}' failed: {}", computation.name(), error);
      }
    }

    @Override
    public void update(double fraction, Object partialResult) {
      progress = Math.max(0, Math.min(1, fraction));
      if (partialResult != null) {
        partial = partialResult;
      }
    }

    @Override
    public boolean cancelled() {
      return cancelled || Thread.currentThread().isInterrupted();
    }

    ComputeStatus status() {
      return switch (state) {
        case DONE -> new ComputeStatus(state, 1, result, null);
        case FAILED -> new ComputeStatus(state, progress, null, error);
        default -> new ComputeStatus(state, progress, partial, null);
      };
    }
  }

  @Override
  public ComputeStatus request(ComputeRequest request) {
    Computation c = computations.get(request.computation());
    if (c == null) {
      return new ComputeStatus(
          ComputeStatus.State.FAILED, 0, null,
          "no computation named '" + request.computation() + "' is registered");
    }
    List<Long> versions = new ArrayList<>();
    for (TabletRef in : request.inputs()) {
      versions.add(store.dataVersion(in.run(), in.tag(), in.kind()));
    }
    Key key = new Key(request, versions);
    Job job;
    synchronized (jobs) {
      job = jobs.get(key);
      if (job == null || (job.state == ComputeStatus.State.FAILED && job.cancelled)) {
        // Results of the same request for older data go, and work still running for them stops.
        jobs.entrySet().removeIf(e -> {
          if (!e.getKey().request().equals(request) || e.getKey().equals(key)) {
            return false;
          }
          Job stale = e.getValue();
          stale.cancelled = true;
          if (stale.future != null) {
            stale.future.cancel(true);
          }
          return true;
        });
        job = new Job(key, c);
        jobs.put(key, job);
        try {
          job.future = pool.submit(job);
        } catch (RejectedExecutionException e) {
          job.state = ComputeStatus.State.FAILED;
          job.error = "too many computations are waiting; try again in a moment";
          jobs.remove(key);
        }
        evict();
      }
    }
    job.lastAsked = System.currentTimeMillis();
    return job.status();
  }

  private void evict() {
    int done = 0;
    for (Job j : jobs.values()) {
      if (j.state == ComputeStatus.State.DONE || j.state == ComputeStatus.State.FAILED) {
        done++;
      }
    }
    Iterator<Job> it = jobs.values().iterator();
    while (done > cachedResults && it.hasNext()) {
      Job j = it.next();
      if (j.state == ComputeStatus.State.DONE || j.state == ComputeStatus.State.FAILED) {
        it.remove();
        done--;
      }
    }
  }

  /** Cancels queued or running work nobody asked about for a while. */
  private void sweep() {
    long now = System.currentTimeMillis();
    synchronized (jobs) {
      Iterator<Job> it = jobs.values().iterator();
      while (it.hasNext()) {
        Job j = it.next();
        boolean open = j.state == ComputeStatus.State.QUEUED || j.state == ComputeStatus.State.RUNNING;
        if (open && now - j.lastAsked > abandonAfterMs) {
          j.cancelled = true;
          if (j.future != null) {
            j.future.cancel(true);
          }
          it.remove();
          LOG.info("Computation '{}' cancelled: nobody asked for it for {} ms",
              j.computation.name(), now - j.lastAsked);
        }
      }
    }
  }

  /** For tests. */
  int openJobs() {
    synchronized (jobs) {
      return (int) jobs.values().stream()
          .filter(j -> j.state == ComputeStatus.State.QUEUED || j.state == ComputeStatus.State.RUNNING)
          .count();
    }
  }
}
