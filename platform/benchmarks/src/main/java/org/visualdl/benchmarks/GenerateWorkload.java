package org.visualdl.benchmarks;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Random;
import java.util.stream.Stream;
import org.visualdl.sdk.LogWriter;

/**
 * Writes the reference workload R (or a smaller one) with the Java SDK and prints its size:
 * {@code runs} run folders {@code run-000, run-001, ...}, each with {@code tags} scalar tags
 * {@code tag-00, ...} of {@code steps} steps (0, 1, ...), values of a noisy random walk (float32, as
 * TensorBoard, PyTorch and VisualDL 2.x write them, or with {@code --values double} doubles, as a
 * Java program adding up doubles does), the current time as wall time.
 *
 * <pre>
 * java -cp platform/benchmarks/target/benchmarks.jar org.visualdl.benchmarks.GenerateWorkload \
 *     --runs 100 --tags 20 --steps 10000 [--values float32|double] /tmp/R
 * </pre>
 */
public final class GenerateWorkload {
  /** What was written. */
  public record Stats(long points, long bytes, long nanos) {
    public double bytesPerPoint() {
      return (double) bytes / points;
    }

    public double pointsPerSecond() {
      return points / (nanos / 1e9);
    }
  }

  private GenerateWorkload() {}

  public static void main(String[] args) throws IOException {
    int runs = 100;
    int tags = 20;
    int steps = 10_000;
    long seed = 1;
    boolean doubles = false;
    Path dir = null;
    for (int i = 0; i < args.length; i++) {
      switch (args[i]) {
        case "--runs" -> runs = Integer.parseInt(args[++i]);
        case "--tags" -> tags = Integer.parseInt(args[++i]);
        case "--steps" -> steps = Integer.parseInt(args[++i]);
        case "--seed" -> seed = Long.parseLong(args[++i]);
        case "--values" -> {
          String v = args[++i];
          if (!v.equals("float32") && !v.equals("double")) {
            System.err.println("--values takes float32 or double, not " + v);
            System.exit(2);
          }
          doubles = v.equals("double");
        }
        default -> {
          if (args[i].startsWith("--") || dir != null) {
            System.err.println("usage: GenerateWorkload [--runs N] [--tags N] [--steps N]"
                + " [--seed N] [--values float32|double] DIR");
            System.exit(2);
          }
          dir = Path.of(args[i]);
        }
      }
    }
    if (dir == null) {
      System.err.println("usage: GenerateWorkload [--runs N] [--tags N] [--steps N] [--seed N]"
          + " [--values float32|double] DIR");
      System.exit(2);
    }
    Stats s = generate(dir, runs, tags, steps, seed, doubles);
    System.out.printf(
        "wrote %d runs x %d tags x %d steps = %,d %s points in %s: %,d bytes, %.2f bytes/point,"
            + " %.1f s (%,.0f points/s)%n",
        runs, tags, steps, s.points(), doubles ? "double" : "float32", dir, s.bytes(),
        s.bytesPerPoint(), s.nanos() / 1e9,
        s.pointsPerSecond());
  }

  /** Writes the workload with float32 values into {@code dir} (created if needed). */
  public static Stats generate(Path dir, int runs, int tags, int steps, long seed)
      throws IOException {
    return generate(dir, runs, tags, steps, seed, false);
  }

  /** Writes the workload into {@code dir} (created if needed) and measures it. */
  public static Stats generate(Path dir, int runs, int tags, int steps, long seed, boolean doubles)
      throws IOException {
    String[] names = new String[tags];
    for (int t = 0; t < tags; t++) {
      names[t] = String.format("tag-%02d", t);
    }
    Random random = new Random(seed);
    float[] level = new float[tags];
    double[] levelD = new double[tags];
    long start = System.nanoTime();
    for (int r = 0; r < runs; r++) {
      try (LogWriter log = LogWriter.open(dir.resolve(String.format("run-%03d", r)))) {
        for (int t = 0; t < tags; t++) {
          level[t] = random.nextFloat();
          levelD[t] = level[t];
        }
        for (int step = 0; step < steps; step++) {
          for (int t = 0; t < tags; t++) {
            if (doubles) {
              levelD[t] += random.nextGaussian() * 0.01;
              log.addScalar(names[t], step, levelD[t]);
            } else {
              level[t] += (float) (random.nextGaussian() * 0.01);
              log.addScalar(names[t], step, level[t]);
            }
          }
        }
      }
    }
    long nanos = System.nanoTime() - start;
    return new Stats((long) runs * tags * steps, sizeOf(dir), nanos);
  }

  /**
   * Writes the workload with {@code threads} writers in parallel, each run from its own seed
   * ({@code seed} and the run's number), for workloads too big to write on one thread.
   */
  public static Stats generateParallel(Path dir, int runs, int tags, int steps, long seed,
      boolean doubles, int threads) throws IOException {
    long start = System.nanoTime();
    java.util.concurrent.atomic.AtomicInteger next = new java.util.concurrent.atomic.AtomicInteger();
    java.util.List<Thread> workers = new java.util.ArrayList<>();
    java.util.concurrent.atomic.AtomicReference<IOException> failure =
        new java.util.concurrent.atomic.AtomicReference<>();
    for (int i = 0; i < threads; i++) {
      Thread t = new Thread(() -> {
        try {
          for (int r = next.getAndIncrement(); r < runs && failure.get() == null;
              r = next.getAndIncrement()) {
            writeRun(dir.resolve(String.format("run-%04d", r)), tags, steps,
                new Random(seed * 1_000_003L + r), doubles);
          }
        } catch (IOException e) {
          failure.compareAndSet(null, e);
        }
      });
      t.start();
      workers.add(t);
    }
    for (Thread t : workers) {
      try {
        t.join();
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new IOException("interrupted", e);
      }
    }
    if (failure.get() != null) {
      throw failure.get();
    }
    return new Stats((long) runs * tags * steps, sizeOf(dir), System.nanoTime() - start);
  }

  private static void writeRun(Path run, int tags, int steps, Random random, boolean doubles)
      throws IOException {
    String[] names = new String[tags];
    float[] level = new float[tags];
    double[] levelD = new double[tags];
    for (int t = 0; t < tags; t++) {
      names[t] = String.format("tag-%02d", t);
      level[t] = random.nextFloat();
      levelD[t] = level[t];
    }
    try (LogWriter log = LogWriter.open(run)) {
      for (int step = 0; step < steps; step++) {
        for (int t = 0; t < tags; t++) {
          if (doubles) {
            levelD[t] += random.nextGaussian() * 0.01;
            log.addScalar(names[t], step, levelD[t]);
          } else {
            level[t] += (float) (random.nextGaussian() * 0.01);
            log.addScalar(names[t], step, level[t]);
          }
        }
      }
    }
  }

  static long sizeOf(Path dir) throws IOException {
    try (Stream<Path> files = Files.walk(dir)) {
      return files.filter(Files::isRegularFile).mapToLong(p -> {
        try {
          return Files.size(p);
        } catch (IOException e) {
          return 0;
        }
      }).sum();
    }
  }
}
