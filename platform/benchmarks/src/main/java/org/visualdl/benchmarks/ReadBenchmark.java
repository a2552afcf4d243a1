package org.visualdl.benchmarks;

import com.google.protobuf.CodedInputStream;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.zip.CRC32C;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OperationsPerInvocation;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.visualdl.proto.ScalarBlock;
import org.visualdl.proto.Tablet;
import org.visualdl.storage.FrameSink;
import org.visualdl.storage.ReadResult;
import org.visualdl.storage.RunReader;
import org.visualdl.storage.ScalarBlocks;

/**
 * Reading throughput, one thread, CRC checked: files of R's shape (5 runs x 20 tags x 10,000 steps
 * = 1,000,000 points) read with the storage reader and unpacked into primitive arrays, beside the
 * same points as per-point TensorBoard-style events read and parsed. One operation is one point.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
public class ReadBenchmark {
  static final int RUNS = 5;
  static final int TAGS = 20;
  static final int STEPS = 10_000;
  static final int POINTS = RUNS * TAGS * STEPS;

  private Path dir;
  private List<Path> runs;
  private Path events;
  private final long[] steps = new long[RecordWriterLimits.BLOCK];
  private final double[] values = new double[RecordWriterLimits.BLOCK];
  private final long[] walls = new long[RecordWriterLimits.BLOCK];

  /** Block size bound of the writer, so the decode arrays are large enough. */
  static final class RecordWriterLimits {
    static final int BLOCK = org.visualdl.storage.RecordWriter.MAX_POINTS_PER_BLOCK;
  }

  @Setup(Level.Trial)
  public void write() throws IOException {
    dir = Files.createTempDirectory("visualdl-read");
    GenerateWorkload.generate(dir.resolve("R"), RUNS, TAGS, STEPS, 1);
    try (var s = Files.list(dir.resolve("R"))) {
      runs = s.sorted().toList();
    }
    events = dir.resolve("events.out.tfevents.bench");
    try (TensorBoardStyleWriter w = new TensorBoardStyleWriter(events)) {
      for (int r = 0; r < RUNS; r++) {
        for (int step = 0; step < STEPS; step++) {
          for (int t = 0; t < TAGS; t++) {
            w.addScalar(String.format("tag-%02d", t), step, step * 0.001f);
          }
        }
      }
    }
  }

  @TearDown(Level.Trial)
  public void delete() throws IOException {
    TempDirs.delete(dir);
  }

  @Benchmark
  @OperationsPerInvocation(POINTS)
  public double storageReader() throws IOException {
    double[] sum = new double[1];
    long[] points = new long[1];
    FrameSink sink = new FrameSink() {
      @Override
      public void scalars(Tablet tablet, ScalarBlock block) {
        int n = ScalarBlocks.decodeInto(block, steps, values, walls, 0);
        points[0] += n;
        sum[0] += values[n - 1] + steps[n - 1] + walls[0];
      }
    };
    for (Path run : runs) {
      try (RunReader reader = new RunReader(run)) {
        ReadResult r = reader.readAvailable(sink);
        if (r.corruptFrames() != 0) {
          throw new IllegalStateException(r.problems().toString());
        }
      }
    }
    if (points[0] != POINTS) {
      throw new IllegalStateException("read " + points[0] + " points");
    }
    return sum[0];
  }

  /** TFRecord frames with both CRCs checked, each Event parsed field by field. */
  @Benchmark
  @OperationsPerInvocation(POINTS)
  public double tensorBoardStyleEvents() throws IOException {
    byte[] b = Files.readAllBytes(events);
    CRC32C crc = new CRC32C();
    double sum = 0;
    int p = 0;
    long n = 0;
    while (p + 12 <= b.length) {
      int len = (int) littleEndianLong(b, p);
      crc.reset();
      crc.update(b, p, 8);
      if (mask((int) crc.getValue()) != littleEndianInt(b, p + 8)) {
        throw new IllegalStateException("bad length crc");
      }
      crc.reset();
      crc.update(b, p + 12, len);
      if (mask((int) crc.getValue()) != littleEndianInt(b, p + 12 + len)) {
        throw new IllegalStateException("bad crc");
      }
      CodedInputStream in = CodedInputStream.newInstance(b, p + 12, len);
      double wall = 0;
      long step = 0;
      float value = 0;
      String tag = null;
      int t;
      while ((t = in.readTag()) != 0) {
        switch (t) {
          case 9 -> wall = in.readDouble();
          case 16 -> step = in.readInt64();
          case 42 -> {
            int summaryEnd = in.pushLimit(in.readRawVarint32());
            in.readTag(); // value
            int valueEnd = in.pushLimit(in.readRawVarint32());
            int vt;
            while ((vt = in.readTag()) != 0) {
              if (vt == 10) {
                tag = in.readStringRequireUtf8();
              } else if (vt == 21) {
                value = in.readFloat();
              } else {
                in.skipField(vt);
              }
            }
            in.popLimit(valueEnd);
            in.popLimit(summaryEnd);
          }
          default -> in.skipField(t);
        }
      }
      sum += wall + step + value + tag.length();
      n++;
      p += 12 + len + 4;
    }
    if (n != POINTS) {
      throw new IllegalStateException("read " + n + " events");
    }
    return sum;
  }

  private static int mask(int c) {
    return ((c >>> 15) | (c << 17)) + 0xa282ead8;
  }

  private static long littleEndianLong(byte[] b, int off) {
    long v = 0;
    for (int i = 7; i >= 0; i--) {
      v = (v << 8) | (b[off + i] & 0xffL);
    }
    return v;
  }

  private static int littleEndianInt(byte[] b, int off) {
    return (b[off] & 0xff) | (b[off + 1] & 0xff) << 8 | (b[off + 2] & 0xff) << 16
        | (b[off + 3] & 0xff) << 24;
  }
}
