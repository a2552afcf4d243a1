package org.visualdl.maintainer.internal;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.SplittableRandom;
import java.util.function.ToLongFunction;

/**
 * A bounded, uniform sample of a tablet's records that always holds the newest one (reservoir
 * sampling as TensorBoard does it). A step written again replaces the kept record of that step
 * when its wall time is not older.
 */
final class Reservoir<T> {
  private final int capacity;
  private final ToLongFunction<T> stepOf;
  private final ToLongFunction<T> wallOf;
  private final ToLongFunction<T> bytesOf;
  private final SplittableRandom random;
  private final ArrayList<T> items = new ArrayList<>();
  private long seen;
  private long version;
  private long bytes;
  private long lastStep = Long.MIN_VALUE;

  Reservoir(int capacity, long seed, ToLongFunction<T> stepOf, ToLongFunction<T> wallOf,
      ToLongFunction<T> bytesOf) {
    this.capacity = Math.max(1, capacity);
    this.stepOf = stepOf;
    this.wallOf = wallOf;
    this.bytesOf = bytesOf;
    this.random = new SplittableRandom(seed);
  }

  synchronized void add(T item) {
    version++;
    long step = stepOf.applyAsLong(item);
    lastStep = Math.max(lastStep, step);
    for (int i = 0; i < items.size(); i++) {
      T old = items.get(i);
      if (stepOf.applyAsLong(old) == step) {
        if (wallOf.applyAsLong(item) >= wallOf.applyAsLong(old)) {
          bytes += bytesOf.applyAsLong(item) - bytesOf.applyAsLong(old);
          items.set(i, item);
        }
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

  /** The kept records in step order. */
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
