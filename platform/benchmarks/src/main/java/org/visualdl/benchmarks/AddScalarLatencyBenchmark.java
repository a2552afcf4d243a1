package org.visualdl.benchmarks;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.visualdl.sdk.LogWriter;

/**
 * Latency of one {@code addScalar} call as the caller sees it (p50, p99, ... from JMH's sampling;
 * each sample includes JMH's own timer overhead of some tens of nanoseconds), beside the
 * per-point TensorBoard-style writer.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.SampleTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
public class AddScalarLatencyBenchmark {
  private final String[] tags = new String[IngestBenchmark.TAGS];
  private Path dir;
  private LogWriter sdk;
  private TensorBoardStyleWriter tensorBoard;
  private int tag;
  private long step;

  @Setup(Level.Trial)
  public void open() throws IOException {
    for (int t = 0; t < tags.length; t++) {
      tags[t] = String.format("tag-%02d", t);
    }
    dir = Files.createTempDirectory("visualdl-bench");
    sdk = LogWriter.builder(dir.resolve("sdk")).rotateBytes(64L * 1024 * 1024).open();
    tensorBoard = new TensorBoardStyleWriter(dir.resolve("events.out.tfevents.bench"));
  }

  /** Keeps the disk from filling up: drops what earlier iterations wrote, the writers stay warm. */
  @TearDown(Level.Iteration)
  public void dropWrittenFiles() throws IOException {
    sdk.flush();
    TempDirs.deleteAllBut(dir.resolve("sdk"), sdk.currentFile());
    tensorBoard.close();
    tensorBoard = new TensorBoardStyleWriter(dir.resolve("events.out.tfevents.bench"));
  }

  @TearDown(Level.Trial)
  public void close() throws IOException {
    sdk.close();
    tensorBoard.close();
    TempDirs.delete(dir);
  }

  @Benchmark
  public void sdkAddScalar() {
    sdk.addScalar(tags[tag], step, step * 0.5);
    if (++tag == tags.length) {
      tag = 0;
      step++;
    }
  }

  @Benchmark
  public void tensorBoardStylePerPointEvent() throws IOException {
    tensorBoard.addScalar(tags[tag], step, step * 0.5f);
    if (++tag == tags.length) {
      tag = 0;
      step++;
    }
  }
}
