package org.visualdl.maintainer.internal;

import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import org.visualdl.api.ScalarPoints;
import org.visualdl.api.ScalarQuery;

/**
 * Scalar range queries inside the server's store, measured in this JVM: the maintainer loads a
 * log directory exactly as the server does, then answers 2,000-point views of random ranges.
 * The baseline is a full scan of the same range (min and max of every bucket from the raw
 * points, no summaries), in the same run.
 */
public final class InProcessQueries {
  /** Latencies in nanoseconds, sorted, and whether every planted spike survived. */
  public record Result(long[] summaryNanos, long[] scanNanos, boolean spikesKept, long points) {}

  private InProcessQueries() {}

  public static Result measure(Path logdir, String run, String tag, long[] spikeSteps, int queries) {
    InformationMaintainer m = new InformationMaintainer();
    m.configure(List.of(new LogDirectory("", logdir.toAbsolutePath())), new org.visualdl.storage.RecordLogFormat());
    m.scan();
    ScalarPoints all = m.scalars(run, tag, ScalarQuery.everyPoint()).orElseThrow();
    long n = all.size();
    long[] steps = all.steps();
    double[] values = all.values();
    Random rnd = new Random(7);
    long[] summary = new long[queries];
    long[] scan = new long[queries];
    boolean spikes = true;
    ScalarPoints whole = m.scalars(run, tag, new ScalarQuery(Long.MIN_VALUE, Long.MAX_VALUE, 2000)).orElseThrow();
    for (long s : spikeSteps) {
      spikes &= Arrays.binarySearch(whole.steps(), s) >= 0;
    }
    long sink = 0;
    for (int q = -queries / 5; q < queries; q++) {
      long a = (long) (rnd.nextDouble() * n);
      long b = (long) (rnd.nextDouble() * n);
      long start = Math.min(a, b);
      long end = Math.max(a, b);
      if (end - start < 100_000) {
        end = Math.min(n - 1, start + 100_000);
      }
      long t0 = System.nanoTime();
      ScalarPoints p = m.scalars(run, tag, new ScalarQuery(start, end, 2000)).orElseThrow();
      long t1 = System.nanoTime();
      sink += p.size() + fullScan(steps, values, start, end, 1000);
      long t2 = System.nanoTime();
      if (q >= 0) {
        summary[q] = t1 - t0;
        scan[q] = t2 - t1;
      }
    }
    m.stop();
    if (sink == 42) {
      System.out.print("");
    }
    Arrays.sort(summary);
    Arrays.sort(scan);
    return new Result(summary, scan, spikes, n);
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
