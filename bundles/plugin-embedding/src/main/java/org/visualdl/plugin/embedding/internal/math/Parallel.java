package org.visualdl.plugin.embedding.internal.math;

import java.util.concurrent.ForkJoinPool;
import java.util.concurrent.RecursiveAction;
import java.util.function.IntConsumer;

/** Data-parallel loops over blocks of rows on the common fork-join pool. */
final class Parallel {
  private Parallel() {}

  /** Runs {@code body} for every block index in {@code [0, blocks)}, in parallel when it pays. */
  static void forBlocks(int blocks, IntConsumer body) {
    if (blocks <= 1 || ForkJoinPool.getCommonPoolParallelism() <= 1) {
      for (int b = 0; b < blocks; b++) {
        body.accept(b);
      }
      return;
    }
    ForkJoinPool.commonPool().invoke(new Range(0, blocks, body));
  }

  private static final class Range extends RecursiveAction {
    private static final long serialVersionUID = 1L;
    private final int from;
    private final int to;
    private final transient IntConsumer body;

    Range(int from, int to, IntConsumer body) {
      this.from = from;
      this.to = to;
      this.body = body;
    }

    @Override
    protected void compute() {
      if (to - from == 1) {
        body.accept(from);
        return;
      }
      int mid = (from + to) >>> 1;
      invokeAll(new Range(from, mid, body), new Range(mid, to, body));
    }
  }
}
