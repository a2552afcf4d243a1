package org.visualdl.benchmarks;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.BooleanSupplier;
import java.util.stream.Stream;
import org.visualdl.sdk.LogWriter;

/**
 * What happens to log folders while a server reads them, for {@link SoakBenchmark}: every 3 s,
 * in turn, a run is created, renamed, has a record file truncated to half, is deleted, or is
 * replaced by a copy of another ({@code rm -rf run && cp -r other run}). At most 10 runs.
 */
final class RunChurn {
  static final long PERIOD_MS = 3_000;

  private final Path folder;
  private final AtomicLong actions = new AtomicLong();

  RunChurn(Path folder) {
    this.folder = folder;
  }

  long actions() {
    return actions.get();
  }

  /** Acts every {@link #PERIOD_MS} while {@code go} holds. */
  void run(BooleanSupplier go) {
    int k = 0;
    while (go.getAsBoolean()) {
      try {
        act(k);
        actions.incrementAndGet();
      } catch (IOException | RuntimeException e) {
        System.out.println("  churn action " + k + " failed: " + e);
      }
      k++;
      try {
        Thread.sleep(PERIOD_MS);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        return;
      }
    }
  }

  private void act(int k) throws IOException {
    List<Path> runs = runs();
    switch (k % 5) {
      case 0 -> {
        if (runs.size() < 10) {
          writeRun(folder.resolve("run-" + k), 200 + k);
        }
      }
      case 1 -> {
        if (!runs.isEmpty()) {
          Files.move(runs.get(0), folder.resolve("renamed-" + k));
        }
      }
      case 2 -> {
        for (Path run : runs) {
          Path file = firstFile(run);
          if (file != null && Files.size(file) > 64) {
            try (FileChannel ch = FileChannel.open(file, StandardOpenOption.WRITE)) {
              ch.truncate(Files.size(file) / 2);
            }
            break;
          }
        }
      }
      case 3 -> {
        if (runs.size() > 3) {
          deleteTree(runs.get(runs.size() - 1));
        }
      }
      default -> {
        if (runs.size() >= 2) {
          Path target = runs.get(0);
          deleteTree(target);
          copyTree(runs.get(1), target);
        }
      }
    }
  }

  private static void writeRun(Path dir, int points) throws IOException {
    try (LogWriter w = LogWriter.open(dir)) {
      for (int i = 0; i < points; i++) {
        w.addScalar("loss", i, 1.0 / (i + 1));
      }
    }
  }

  private static Path firstFile(Path run) throws IOException {
    try (Stream<Path> s = Files.list(run)) {
      return s.filter(Files::isRegularFile).sorted().findFirst().orElse(null);
    }
  }

  private List<Path> runs() throws IOException {
    try (Stream<Path> s = Files.list(folder)) {
      return s.filter(Files::isDirectory).sorted().toList();
    }
  }

  private static void copyTree(Path from, Path to) throws IOException {
    try (Stream<Path> s = Files.walk(from)) {
      for (Path p : s.toList()) {
        Path dest = to.resolve(from.relativize(p).toString());
        if (Files.isDirectory(p)) {
          Files.createDirectories(dest);
        } else {
          Files.copy(p, dest);
        }
      }
    }
  }

  static void deleteTree(Path root) throws IOException {
    if (!Files.exists(root)) {
      return;
    }
    try (Stream<Path> s = Files.walk(root)) {
      for (Path p : s.sorted(Comparator.reverseOrder()).toList()) {
        Files.deleteIfExists(p);
      }
    }
  }
}
