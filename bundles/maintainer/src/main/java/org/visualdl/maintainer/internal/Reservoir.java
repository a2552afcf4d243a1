package org.visualdl.maintainer.internal;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.SplittableRandom;
import java.util.function.BinaryOperator;
import java.util.function.ToLongFunction;

/**
 * A bounded, uniform sample of a tablet's steps that always holds the newest one (reservoir
 * sampling as TensorBoard does it). An item is everything kept of one step; when a step arrives
 * again, {@code sameStep} decides what is kept of the old and the new item (the duplicate-step
 * rule, and the gathering of the several blobs of a step).
 */
final class Reservoir<T> {
  private final int capacity;
  private final ToLongFunction<T> stepOf;
  private final ToLongFunction<T> bytesOf;
  private final BinaryOperator<T> sameStep;
  private final SplittableRandom random;
  private final ArrayList<T> items = new ArrayList<>();
  private long seen;
  private long version;
  private long bytes;
  private long lastStep = Long.MIN_VALUE;

  /**
   * @param sameStep given the kept item and a new one of the same step, returns what to keep
   */
  Reservoir(int capacity, long seed, ToLongFunction<T> stepOf, ToLongFunction<T> bytesOf,
      BinaryOperator<T> sameStep) {
    this.capacity = Math.max(1, capacity);
    this.stepOf = stepOf;
    this.bytesOf = bytesOf;
    this.sameStep = sameStep;
    this.random = new SplittableRandom(seed);
  }

  synchronized void add(T item) {
    version++;
    long step = stepOf.applyAsLong(item);
    lastStep = Math.max(lastStep, step);
    for (int i = 0; i < items.size(); i++) {
      T old = items.get(i);
      if (stepOf.applyAsLong(old) == step) {
        T kept = sameStep.apply(old, item);
        bytes += bytesOf.applyAsLong(kept) - bytesOf.applyAsLong(old);
        items.set(i, kept);
        return;
      }
    }
    seen++;
    if (items.size() < capacity) {
      items.add(item);
      bytes += bytesOf.applyAsLong(item);
      return;
    }
    long r = random.nextLong(seen);
    int victim = r < capacity ? (int) r : items.size() - 1;
    bytes -= bytesOf.applyAsLong(items.get(victim));
    items.remove(victim);
    items.add(item);
    bytes += bytesOf.applyAsLong(item);
  }

  /** The kept items in step order. */
  synchronized List<T> inStepOrder() {
    List<T> copy = new ArrayList<>(items);
    copy.sort(Comparator.comparingLong(stepOf));
    return copy;
  }

  synchronized T atStep(long step) {
    for (T t : items) {
      if (stepOf.applyAsLong(t) == step) {
        return t;
      }
    }
    return null;
  }

  synchronized long version() {
    return version;
  }

  synchronized long bytes() {
    return bytes + 16L * items.size();
  }

  synchronized long lastStep() {
    return lastStep;
  }
}
