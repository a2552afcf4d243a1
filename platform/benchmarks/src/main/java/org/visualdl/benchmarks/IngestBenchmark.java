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
 * Scalar ingest from one caller thread: the SDK (flush every 1 s, CRC on, the background thread
 * writing) against a per-point TensorBoard-style writer, in the same run. One operation is one
 * point; the workload cycles through 20 tags like R, step advancing after every tag.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
public class IngestBenchmark {
  static final int TAGS = 20;

  private final String[] tags = new String[TAGS];
  private Path dir;
  private LogWriter sdk;
  private TensorBoardStyleWriter tensorBoard;
  private int tag;
  private long step;
  private float value;

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
    sdk.addScalar(tags[tag], step, value);
    advance();
  }

  @Benchmark
  public void tensorBoardStylePerPointEvent() throws IOException {
    tensorBoard.addScalar(tags[tag], step, value);
    advance();
  }

  private void advance() {
    value += 0.001f;
    if (++tag == TAGS) {
      tag = 0;
      step++;
    }
  }
}
