package org.visualdl.benchmarks;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.visualdl.sdk.LogWriter;

/**
 * A writer process of {@link SoakBenchmark}: {@code DIR DEADLINE_MS SEED} writes {@value #TAGS}
 * scalar tags a step with the Java SDK until the deadline, flushes every 100-500 ms and prints
 * {@code flushed STEPS} after each flush and {@code done STEPS} once its file is closed.
 */
public final class SoakWriter {
  static final int TAGS = 5;

  private SoakWriter() {}

  public static void main(String[] args) throws Exception {
    Path dir = Path.of(args[0]);
    long deadline = Long.parseLong(args[1]);
    Random rnd = new Random(Long.parseLong(args[2]));
    long step = 0;
    try (LogWriter log = LogWriter.open(dir)) {
      long nextFlush = System.currentTimeMillis() + 100;
      while (System.currentTimeMillis() < deadline) {
        for (int t = 0; t < TAGS; t++) {
          log.addScalar("t" + t, step, rnd.nextGaussian());
        }
        step++;
        if (System.currentTimeMillis() >= nextFlush) {
          log.flush();
          System.out.println("flushed " + step);
          nextFlush = System.currentTimeMillis() + 100 + rnd.nextInt(400);
        }
        Thread.sleep(step % 2 == 0 ? 5 : 4);
      }
      log.flush();
    }
    System.out.println("done " + step);
  }

  /** A child JVM that writes one run with the Java SDK and reports each flush on its stdout. */
  static final class Child {
    final Process process;
    final Path dir;
    private final AtomicLong flushedSteps = new AtomicLong();
    private volatile long finalSteps = -1;

    private Child(Process process, Path dir) {
      this.process = process;
      this.dir = dir;
      Thread pump = new Thread(() -> {
        try (BufferedReader in =
            new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8))) {
          String line;
          while ((line = in.readLine()) != null) {
            if (line.startsWith("flushed ")) {
              flushedSteps.set(Long.parseLong(line.substring(8)));
            } else if (line.startsWith("done ")) {
              finalSteps = Long.parseLong(line.substring(5));
            } else {
              System.out.println("  writer " + dir.getFileName() + ": " + line);
            }
          }
        } catch (IOException | RuntimeException e) {
          // ended
        }
      }, "pump-" + dir.getFileName());
      pump.setDaemon(true);
      pump.start();
    }

    static Child start(Path dir, long deadline, int seed) throws IOException {
      Path java = Path.of(System.getProperty("java.home"), "bin", "java");
      ProcessBuilder pb =
          new ProcessBuilder(java.toString(), "-Xmx128m", "-cp", System.getProperty("java.class.path"),
              SoakWriter.class.getName(), dir.toString(), Long.toString(deadline), Integer.toString(seed))
              .redirectErrorStream(true);
      return new Child(pb.start(), dir);
    }

    long flushedPoints() {
      return flushedSteps.get() * TAGS;
    }

    /** Waits for the writer to close its file; the points it wrote and flushed. */
    long awaitEnd() throws InterruptedException {
      if (!process.waitFor(60, TimeUnit.SECONDS)) {
        process.destroyForcibly();
      }
      for (int i = 0; i < 100 && finalSteps < 0; i++) {
        Thread.sleep(10);
      }
      return (finalSteps >= 0 ? finalSteps : flushedSteps.get()) * TAGS;
    }
  }

}
