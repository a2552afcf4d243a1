package org.visualdl.benchmarks;

import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.State;

/**
 * Latency of one {@code addScalar} call as the caller sees it (p50, p99, ... from JMH's sampling;
 * each sample includes JMH's own timer overhead of some tens of nanoseconds), beside the
 * per-point TensorBoard-style writer: the same writers and workload as {@link IngestBenchmark},
 * sampled instead of counted.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.SampleTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
public class AddScalarLatencyBenchmark extends IngestBenchmark {}
