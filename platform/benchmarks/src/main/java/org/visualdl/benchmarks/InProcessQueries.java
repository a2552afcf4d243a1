package org.visualdl.benchmarks;

import java.nio.file.Path;
import java.util.Arrays;
import java.util.Locale;
import java.util.Random;
import org.visualdl.api.LogStore;
import org.visualdl.api.ScalarPoints;
import org.visualdl.api.ScalarQuery;
import org.visualdl.maintainer.internal.StandaloneMaintainer;
import org.visualdl.storage.RecordLogFormat;

/**
 * Scalar range queries inside the server's store, measured in this JVM: the maintainer loads a
 * log directory exactly as the server does, then answers 2,000-point views of random ranges and
 * full-resolution ranges of 100,000 points. The baseline is a full scan of the same range (min
 * and max of every bucket from the raw points, no summaries), in the same run.
 *
 * <p>{@link #main} prints one line of results, so that {@code SystemBenchmark} can run it in a
 * fresh JVM against any build of the maintainer (put that build's jar first on the class path).
 */
public final class InProcessQueries {
  /** Latencies in nanoseconds, sorted, and whether every planted spike survived. */
  public record Result(long[] summaryNanos, long[] scanNanos, long[] rangeNanos,
      long[] summaryCpuNanos, long[] scanCpuNanos, long[] rangeCpuNanos,
      boolean spikesKept, long points) {
    /**
     * One line: points spikes, then p50 p99 (ms) of view, scan, range wall time, then the same
     * in the thread's CPU time (steadier on a busy machine).
     */
    String line() {
      return String.format(Locale.ROOT,
          "%d %b %.3f %.3f %.3f %.3f %.3f %.3f %.3f %.3f %.3f %.3f %.3f %.3f", points, spikesKept,
          q(summaryNanos, 0.5), q(summaryNanos, 0.99), q(scanNanos, 0.5), q(scanNanos, 0.99),
          q(rangeNanos, 0.5), q(rangeNanos, 0.99), q(summaryCpuNanos, 0.5),
          q(summaryCpuNanos, 0.99), q(scanCpuNanos, 0.5), q(scanCpuNanos, 0.99),
          q(rangeCpuNanos, 0.5), q(rangeCpuNanos, 0.99));
    }

    static double q(long[] sorted, double q) {
      int i = Math.min(sorted.length - 1, (int) Math.round(q * (sorted.length - 1)));
      return sorted[i] / 1e6;
    }
  }

  private InProcessQueries() {}

  /** {@code DIR RUN TAG QUERIES SPIKE...}: prints {@link Result#line()}. */
  public static void main(String[] args) {
    long[] spikes = new long[args.length - 4];
    for (int i = 0; i < spikes.length; i++) {
      spikes[i] = Long.parseLong(args[4 + i]);
    }
    Result r = measure(Path.of(args[0]), args[1], args[2], spikes, Integer.parseInt(args[3]));
    System.out.println("RESULT " + r.line());
  }

  public static Result measure(Path logdir, String run, String tag, long[] spikeSteps, int queries) {
    try (StandaloneMaintainer loaded = StandaloneMaintainer.load(logdir, new RecordLogFormat())) {
      LogStore m = loaded.store();
      ScalarPoints all = m.scalars(run, tag, ScalarQuery.everyPoint()).orElseThrow();
      long n = all.size();
      long[] steps = all.steps();
      double[] values = all.values();
      Random rnd = new Random(7);
      long[] summary = new long[queries];
      long[] scan = new long[queries];
      long[] range = new long[queries];
      long[] summaryCpu = new long[queries];
      long[] scanCpu = new long[queries];
      long[] rangeCpu = new long[queries];
      java.lang.management.ThreadMXBean cpu = java.lang.management.ManagementFactory.getThreadMXBean();
      boolean spikes = true;
      ScalarPoints whole =
          m.scalars(run, tag, new ScalarQuery(Long.MIN_VALUE, Long.MAX_VALUE, 2000)).orElseThrow();
      for (long s : spikeSteps) {
        spikes &= Arrays.binarySearch(whole.steps(), s) >= 0;
      }
      all = null;
      long sink = 0;
      for (int q = -queries / 5; q < queries; q++) {
        long a = (long) (rnd.nextDouble() * n);
        long b = (long) (rnd.nextDouble() * n);
        long start = Math.min(a, b);
        long end = Math.max(a, b);
        if (end - start < 100_000) {
          end = Math.min(n - 1, start + 100_000);
        }
        long c0 = cpu.getCurrentThreadCpuTime();
        long t0 = System.nanoTime();
        ScalarPoints p = m.scalars(run, tag, new ScalarQuery(start, end, 2000)).orElseThrow();
        long t1 = System.nanoTime();
        long c1 = cpu.getCurrentThreadCpuTime();
        sink += p.size() + fullScan(steps, values, start, end, 1000);
        long t2 = System.nanoTime();
        long c2 = cpu.getCurrentThreadCpuTime();
        long r0 = Math.min(start, n - 100_000);
        ScalarPoints full =
            m.scalars(run, tag, new ScalarQuery(r0, r0 + 99_999, 100_000)).orElseThrow();
        long t3 = System.nanoTime();
        long c3 = cpu.getCurrentThreadCpuTime();
        if (full.downsampled() || full.size() != 100_000) {
          throw new IllegalStateException("a 100,000-point range came back with " + full.size());
        }
        sink += full.size();
        if (q >= 0) {
          summary[q] = t1 - t0;
          scan[q] = t2 - t1;
          range[q] = t3 - t2;
          summaryCpu[q] = c1 - c0;
          scanCpu[q] = c2 - c1;
          rangeCpu[q] = c3 - c2;
        }
      }
      if (sink == 42) {
        System.out.print("");
      }
      Arrays.sort(summary);
      Arrays.sort(scan);
      Arrays.sort(range);
      Arrays.sort(summaryCpu);
      Arrays.sort(scanCpu);
      Arrays.sort(rangeCpu);
      return new Result(summary, scan, range, summaryCpu, scanCpu, rangeCpu, spikes, n);
    }
  }

  /** Min and max of every bucket of [start, end] from the raw arrays. */
  private static long fullScan(long[] steps, double[] values, long start, long end, int buckets) {
    int from = Arrays.binarySearch(steps, start);
    int to = Arrays.binarySearch(steps, end);
    from = from < 0 ? -from - 1 : from;
    to = to < 0 ? -to - 1 : to + 1;
    long total = to - from;
    long found = 0;
    for (int b = 0; b < buckets; b++) {
      int s = (int) (from + total * b / buckets);
      int e = (int) (from + total * (b + 1) / buckets);
      double min = Double.POSITIVE_INFINITY;
      double max = Double.NEGATIVE_INFINITY;
      for (int i = s; i < e; i++) {
        double v = values[i];
        if (v < min) {
          min = v;
        }
        if (v > max) {
          max = v;
        }
      }
      found += (long) (min + max);
    }
    return found;
  }
}
