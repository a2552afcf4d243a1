package org.visualdl.sdk.internal;

import java.util.concurrent.locks.LockSupport;

/**
 * The current time in milliseconds, read from a field that one daemon thread refreshes every
 * millisecond while any writer is open. Reading the system clock costs about 30 ns here, half the
 * budget of a logged scalar; reading this field costs about one. Under heavy CPU load the value
 * may lag by a few milliseconds.
 */
public final class WallClock {
  private static volatile long now = System.currentTimeMillis();
  private static int users;
  private static Thread ticker;

  private WallClock() {}

  public static long nowMs() {
    return now;
  }

  /** Starts the ticking thread unless it runs already; pair with {@link #release()}. */
  public static synchronized void acquire() {
    now = System.currentTimeMillis();
    if (users++ == 0) {
      Thread t = new Thread(WallClock::tick, "visualdl-wall-clock");
      t.setDaemon(true);
      ticker = t;
      t.start();
    }
  }

  public static synchronized void release() {
    if (users > 0 && --users == 0) {
      ticker = null;
    }
  }

  private static void tick() {
    Thread self = Thread.currentThread();
    while (true) {
      synchronized (WallClock.class) {
        if (ticker != self) {
          return;
        }
      }
      for (int i = 0; i < 1000; i++) {
        now = System.currentTimeMillis();
        LockSupport.parkNanos(1_000_000);
      }
    }
  }
}
