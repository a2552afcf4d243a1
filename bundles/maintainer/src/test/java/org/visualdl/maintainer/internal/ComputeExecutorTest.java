package org.visualdl.maintainer.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.visualdl.api.Kind;
import org.visualdl.api.ScalarQuery;
import org.visualdl.api.compute.Computation;
import org.visualdl.api.compute.ComputeProgress;
import org.visualdl.api.compute.ComputeRequest;
import org.visualdl.api.compute.ComputeStatus;
import org.visualdl.api.compute.TabletRef;
import org.visualdl.sdk.LogWriter;

class ComputeExecutorTest {
  @TempDir Path logs;
  final InformationMaintainer store = new InformationMaintainer();
  ComputeExecutor executor;

  @AfterEach
  void stop() {
    if (executor != null) {
      executor.stop();
    }
    store.stop();
  }

  /** Sums a scalar series; counts how often it ran. */
  static final class SumComputation implements Computation {
    final AtomicInteger runs = new AtomicInteger();
    final InformationMaintainer store;

    SumComputation(InformationMaintainer store) {
      this.store = store;
    }

    @Override
    public String name() {
      return "sum";
    }

    @Override
    public Object compute(ComputeRequest request, ComputeProgress progress) {
      runs.incrementAndGet();
      TabletRef in = request.inputs().get(0);
      double sum = 0;
      for (double v : store.scalars(in.run(), in.tag(), ScalarQuery.everyPoint()).orElseThrow().values()) {
        sum += v;
      }
      return sum;
    }
  }

  private ComputeStatus await(ComputeRequest r) throws InterruptedException {
    long deadline = System.currentTimeMillis() + 10_000;
    ComputeStatus s = executor.request(r);
    while (s.state() != ComputeStatus.State.DONE && s.state() != ComputeStatus.State.FAILED
        && System.currentTimeMillis() < deadline) {
      Thread.sleep(10);
      s = executor.request(r);
    }
    return s;
  }

  @Test
  void resultsAreCachedAndRecomputedWhenTheInputChanges() throws Exception {
    store.configure(List.of(new LogDirectory("", logs.toUri())), new org.visualdl.storage.RecordLogFormat());
    try (LogWriter w = LogWriter.open(logs.resolve("run"))) {
      w.addScalar("x", 0, 1);
      w.addScalar("x", 1, 2);
      w.flush();
      store.scan();
      executor = ComputeExecutor.over(store, 2, 60_000);
      SumComputation sum = new SumComputation(store);
      executor.addComputation(sum);
      ComputeRequest r =
          new ComputeRequest("sum", Map.of(), List.of(new TabletRef("run", "x", Kind.SCALAR)));
      assertEquals(3.0, await(r).result());
      assertEquals(3.0, await(r).result());
      assertEquals(1, sum.runs.get(), "a finished result is served from memory");
      w.addScalar("x", 2, 10);
      w.flush();
      store.scan();
      assertEquals(13.0, await(r).result());
      assertEquals(2, sum.runs.get());
    }
  }

  @Test
  void unknownComputationAndFailuresAreReported() throws Exception {
    store.configure(List.of(new LogDirectory("", logs.toUri())), new org.visualdl.storage.RecordLogFormat());
    executor = ComputeExecutor.over(store, 1, 60_000);
    assertEquals(ComputeStatus.State.FAILED,
        executor.request(new ComputeRequest("nope", Map.of(), List.of())).state());
    executor.addComputation(new Computation() {
      public String name() {
        return "boom";
      }

      public Object compute(ComputeRequest request, ComputeProgress progress) {
        throw new IllegalStateException("matrix is singular");
      }
    });
    ComputeStatus s = await(new ComputeRequest("boom", Map.of(), List.of()));
    assertEquals(ComputeStatus.State.FAILED, s.state());
    assertEquals("matrix is singular", s.error());
  }

  @Test
  void progressAndPartialResultsAreVisibleAndAbandonedWorkIsCancelled() throws Exception {
    store.configure(List.of(new LogDirectory("", logs.toUri())), new org.visualdl.storage.RecordLogFormat());
    executor = ComputeExecutor.over(store, 1, 300);
    CountDownLatch started = new CountDownLatch(1);
    CountDownLatch cancelled = new CountDownLatch(1);
    executor.addComputation(new Computation() {
      public String name() {
        return "slow";
      }

      public Object compute(ComputeRequest request, ComputeProgress progress) {
        progress.update(0.5, "halfway");
        started.countDown();
        while (!progress.cancelled()) {
          Thread.onSpinWait();
        }
        cancelled.countDown();
        return null;
      }
    });
    ComputeRequest r = new ComputeRequest("slow", Map.of("n", "1"), List.of());
    executor.request(r);
    assertTrue(started.await(5, TimeUnit.SECONDS));
    ComputeStatus s = executor.request(r);
    assertEquals(ComputeStatus.State.RUNNING, s.state());
    assertEquals(0.5, s.progress());
    assertEquals("halfway", s.result());
    // Nobody asks any more: the sweeper cancels it.
    assertTrue(cancelled.await(5, TimeUnit.SECONDS), "abandoned work cancelled");
  }

  @Test
  void workForDataThatChangedIsCancelled() throws Exception {
    store.configure(List.of(new LogDirectory("", logs.toUri())), new org.visualdl.storage.RecordLogFormat());
    try (LogWriter w = LogWriter.open(logs.resolve("run"))) {
      w.addScalar("x", 0, 1);
      w.flush();
      store.scan();
      executor = ComputeExecutor.over(store, 2, 60_000);
      CountDownLatch firstStarted = new CountDownLatch(1);
      CountDownLatch firstCancelled = new CountDownLatch(1);
      AtomicInteger runs = new AtomicInteger();
      executor.addComputation(new Computation() {
        public String name() {
          return "spin";
        }

        public Object compute(ComputeRequest request, ComputeProgress progress) {
          if (runs.incrementAndGet() == 1) {
            firstStarted.countDown();
            while (!progress.cancelled()) {
              Thread.onSpinWait();
            }
            firstCancelled.countDown();
          }
          return "done";
        }
      });
      ComputeRequest r =
          new ComputeRequest("spin", Map.of(), List.of(new TabletRef("run", "x", Kind.SCALAR)));
      executor.request(r);
      assertTrue(firstStarted.await(5, TimeUnit.SECONDS));
      w.addScalar("x", 1, 2);
      w.flush();
      store.scan();
      assertEquals("done", await(r).result());
      assertTrue(firstCancelled.await(5, TimeUnit.SECONDS), "the superseded run was cancelled");
    }
  }
}
