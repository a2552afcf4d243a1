package org.visualdl.benchmarks;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import java.util.stream.Stream;
import org.visualdl.api.Kind;
import org.visualdl.api.ScalarQuery;
import org.visualdl.api.format.LogFileReader;
import org.visualdl.api.format.LogFormat;
import org.visualdl.api.format.ReadStatus;
import org.visualdl.api.format.RecordSink;
import org.visualdl.format.tensorboard.internal.TensorBoardFormat;
import org.visualdl.maintainer.internal.StandaloneMaintainer;
import org.visualdl.storage.LocalLogFile;
import org.visualdl.storage.RecordLogFormat;

/**
 * Loading the reference workload written as TensorBoard event files against the same points in
 * our format, side by side in one JVM. Our files come from {@link GenerateWorkload} (the Java
 * SDK); the event files hold the very same points (the same seeded random walk), one
 * {@code Event} per point as TensorBoard's writers make them ({@link TensorBoardStyleWriter}),
 * one file per run folder.
 *
 * <p>Two measurements, each alternating the formats so drift on a shared machine hits both:
 * <ul>
 *   <li>reader: every file through its {@link LogFormat}'s {@link LogFileReader} (the contract
 *       the maintainer uses), into a sink that only counts and sums: the cost of the format;
 *   <li>maintainer: the maintainer loads the whole directory as the server does (store, summaries,
 *       everything) and is asked how many points each series holds.
 * </ul>
 *
 * <pre>
 * java -cp platform/benchmarks/target/benchmarks.jar \
 *     org.visualdl.benchmarks.TensorBoardLoadBenchmark --runs 5 --tags 20 --steps 10000 --repeat 7
 * </pre>
 */
public final class TensorBoardLoadBenchmark {
  private TensorBoardLoadBenchmark() {}

  public static void main(String[] args) throws IOException {
    int runs = 5;
    int tags = 20;
    int steps = 10_000;
    int repeat = 7;
    boolean maintainer = true;
    for (int i = 0; i < args.length; i++) {
      switch (args[i]) {
        case "--runs" -> runs = Integer.parseInt(args[++i]);
        case "--tags" -> tags = Integer.parseInt(args[++i]);
        case "--steps" -> steps = Integer.parseInt(args[++i]);
        case "--repeat" -> repeat = Integer.parseInt(args[++i]);
        case "--readers-only" -> maintainer = false;
        default -> {
          System.err.println("usage: TensorBoardLoadBenchmark [--runs N] [--tags N] [--steps N]"
              + " [--repeat N] [--readers-only]");
          System.exit(2);
        }
      }
    }
    Path dir = Files.createTempDirectory("visualdl-tb-load");
    try {
      run(dir, runs, tags, steps, repeat, maintainer);
    } finally {
      TempDirs.delete(dir);
    }
  }

  static void run(Path dir, int runs, int tags, int steps, int repeat, boolean maintainer)
      throws IOException {
    long points = (long) runs * tags * steps;
    Path ours = dir.resolve("visualdl");
    Path events = dir.resolve("tensorboard");
    GenerateWorkload.generate(ours, runs, tags, steps, 1);
    writeEvents(events, runs, tags, steps, 1);
    System.out.printf("workload: %d runs x %d tags x %d steps = %,d points%n", runs, tags, steps,
        points);
    System.out.printf("  our record files:       %,d bytes (%.2f bytes/point)%n",
        GenerateWorkload.sizeOf(ours), (double) GenerateWorkload.sizeOf(ours) / points);
    System.out.printf("  TensorBoard event files: %,d bytes (%.2f bytes/point)%n",
        GenerateWorkload.sizeOf(events), (double) GenerateWorkload.sizeOf(events) / points);

    LogFormat ourFormat = new RecordLogFormat();
    LogFormat tbFormat = new TensorBoardFormat();
    double[] oursRate = new double[repeat];
    double[] tbRate = new double[repeat];
    double[] oursCpu = new double[repeat];
    double[] tbCpu = new double[repeat];
    java.lang.management.ThreadMXBean mx = java.lang.management.ManagementFactory.getThreadMXBean();
    double oursSum = 0;
    double tbSum = 0;
    for (int i = -1; i < repeat; i++) { // one warm-up round
      long c0 = mx.getCurrentThreadCpuTime();
      long t0 = System.nanoTime();
      Count a = readAll(ours, ourFormat);
      long t1 = System.nanoTime();
      long c1 = mx.getCurrentThreadCpuTime();
      Count b = readAll(events, tbFormat);
      long t2 = System.nanoTime();
      long c2 = mx.getCurrentThreadCpuTime();
      check(a, points, "our format");
      check(b, points, "TensorBoard");
      oursSum = a.sum;
      tbSum = b.sum;
      if (i >= 0) {
        oursRate[i] = points / ((t1 - t0) / 1e9);
        tbRate[i] = points / ((t2 - t1) / 1e9);
        oursCpu[i] = points / ((c1 - c0) / 1e9);
        tbCpu[i] = points / ((c2 - c1) / 1e9);
      }
    }
    if (Math.abs(oursSum - tbSum) > 1e-6 * Math.abs(oursSum)) {
      throw new IllegalStateException("the two files hold different points: sums " + oursSum
          + " and " + tbSum);
    }
    System.out.println("reading every file through its LogFormat reader, one thread"
        + " (points/s, median and range of " + repeat + "):");
    report("our format (RecordLogFormat)", oursRate, null);
    report("TensorBoard (TensorBoardFormat)", tbRate, oursRate);
    System.out.println("the same, per second of the reading thread's CPU time (steadier on a busy"
        + " machine):");
    report("our format (RecordLogFormat)", oursCpu, null);
    report("TensorBoard (TensorBoardFormat)", tbCpu, oursCpu);

    if (maintainer) {
      List<String> runNames = new ArrayList<>();
      for (int r = 0; r < runs; r++) {
        runNames.add(String.format("run-%03d", r));
      }
      List<String> tagNames = new ArrayList<>();
      for (int t = 0; t < tags; t++) {
        tagNames.add(String.format("tag-%02d", t));
      }
      int n = Math.max(1, repeat / 2);
      double[] mOurs = new double[n];
      double[] mTb = new double[n];
      for (int i = -1; i < n; i++) {
        long t0 = System.nanoTime();
        long a = loadInMaintainer(ours, ourFormat, runNames, tagNames);
        long t1 = System.nanoTime();
        long b = loadInMaintainer(events, tbFormat, runNames, tagNames);
        long t2 = System.nanoTime();
        if (a != points || b != points) {
          throw new IllegalStateException("maintainer holds " + a + " and " + b + " points, not "
              + points);
        }
        if (i >= 0) {
          mOurs[i] = points / ((t1 - t0) / 1e9);
          mTb[i] = points / ((t2 - t1) / 1e9);
        }
      }
      System.out.println("loading the directory into the maintainer, as the server does"
          + " (points/s, median and range of " + n + "):");
      report("our format", mOurs, null);
      report("TensorBoard event files", mTb, mOurs);
    }
  }

  private static void check(Count c, long points, String what) {
    if (c.points != points || c.problems != 0) {
      throw new IllegalStateException(what + ": read " + c.points + " points with " + c.problems
          + " problems, expected " + points);
    }
  }

  private static void report(String what, double[] rates, double[] ours) {
    double[] s = rates.clone();
    Arrays.sort(s);
    double median = s[s.length / 2];
    String ratio = "";
    if (ours != null) {
      double[] o = ours.clone();
      Arrays.sort(o);
      ratio = String.format("   (ours is %.1fx faster)", o[o.length / 2] / median);
    }
    System.out.printf("  %-32s %,14.0f  (%,.0f - %,.0f)%s%n", what, median, s[0],
        s[s.length - 1], ratio);
  }

  /** What a pass over a directory delivered. */
  static final class Count implements RecordSink {
    long points;
    double sum;
    int problems;

    @Override
    public void tablet(String tag, Kind kind, String displayName, String description,
        String pluginName) {}

    @Override
    public void scalars(String tag, long[] steps, double[] values, long[] wallTimesMs,
        int count) {
      points += count;
      for (int i = 0; i < count; i++) {
        sum += values[i];
      }
    }

    @Override
    public void sample(String tag, Kind kind, long step, long wallTimeMs, int payloadVersion,
        byte[] payload) {}

    @Override
    public void blob(String tag, Kind kind, long step, long wallTimeMs, int index,
        int payloadVersion, byte[] header, long byteSize, long locator) {}
  }

  /** Reads every file of {@code dir} that {@code format} recognizes, each with a fresh reader. */
  static Count readAll(Path dir, LogFormat format) throws IOException {
    Count c = new Count();
    List<LocalLogFile> files;
    try (Stream<Path> s = Files.walk(dir)) {
      files = s.filter(Files::isRegularFile).sorted().map(p -> LocalLogFile.of(dir, p))
          .filter(format::recognizes).toList();
    }
    for (LocalLogFile f : files) {
      try (LogFileReader r = format.open(f)) {
        ReadStatus st = r.readAvailable(c);
        c.problems += st.problems().size();
      }
    }
    return c;
  }

  /** The points of {@link GenerateWorkload#generate} (same seed, same walk) as event files. */
  static void writeEvents(Path dir, int runs, int tags, int steps, long seed) throws IOException {
    String[] names = new String[tags];
    for (int t = 0; t < tags; t++) {
      names[t] = String.format("tag-%02d", t);
    }
    Random random = new Random(seed);
    float[] level = new float[tags];
    for (int r = 0; r < runs; r++) {
      Path run = Files.createDirectories(dir.resolve(String.format("run-%03d", r)));
      try (TensorBoardStyleWriter w = new TensorBoardStyleWriter(
          run.resolve("events.out.tfevents.1700000000.bench." + r))) {
        for (int t = 0; t < tags; t++) {
          level[t] = random.nextFloat();
        }
        for (int step = 0; step < steps; step++) {
          for (int t = 0; t < tags; t++) {
            level[t] += (float) (random.nextGaussian() * 0.01);
            w.addScalar(names[t], step, level[t]);
          }
        }
      }
    }
  }

  /** Loads {@code logdir} into the maintainer as the server does; the points of the given series. */
  private static long loadInMaintainer(Path logdir, LogFormat format, List<String> runs,
      List<String> tags) {
    try (StandaloneMaintainer m = StandaloneMaintainer.load(logdir, format)) {
      long points = 0;
      for (String run : runs) {
        for (String tag : tags) {
          points += m.store().scalars(run, tag, ScalarQuery.everyPoint()).orElseThrow(
              () -> new IllegalStateException("no " + run + "/" + tag + " in the maintainer"))
              .size();
        }
      }
      return points;
    }
  }
}
