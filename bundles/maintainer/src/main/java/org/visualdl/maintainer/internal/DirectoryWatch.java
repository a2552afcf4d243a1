package org.visualdl.maintainer.internal;

import java.io.IOException;
import java.nio.file.ClosedWatchServiceException;
import java.nio.file.FileSystems;
import java.nio.file.Path;
import java.nio.file.StandardWatchEventKinds;
import java.nio.file.WatchKey;
import java.nio.file.WatchService;
import java.util.Collection;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * File-system events for the log directories, where the platform has them: a change triggers a
 * scan at once instead of at the next poll. Polling stays the ground truth; this only makes new
 * points visible sooner. Watches at most {@value #MAX_WATCHED} folders.
 */
final class DirectoryWatch implements AutoCloseable {
  static final int MAX_WATCHED = 4096;
  private static final Logger LOG = LoggerFactory.getLogger(DirectoryWatch.class);

  private final WatchService service;
  private final Runnable onChange;
  private final Set<Path> watched = ConcurrentHashMap.newKeySet();
  private final Thread thread;
  private volatile boolean limitLogged;

  private DirectoryWatch(WatchService service, Runnable onChange) {
    this.service = service;
    this.onChange = onChange;
    this.thread = new Thread(this::run, "visualdl-maintainer-watch");
    this.thread.setDaemon(true);
    this.thread.start();
  }

  /** Starts watching, or returns null when the platform has no watch service. */
  static DirectoryWatch start(Runnable onChange) {
    try {
      return new DirectoryWatch(FileSystems.getDefault().newWatchService(), onChange);
    } catch (IOException | UnsupportedOperationException e) {
      LOG.info("No file-system events here ({}); polling only", e.getMessage());
      return null;
    }
  }

  /** Watches the given folders too (those already watched are skipped). */
  void register(Collection<Path> folders) {
    for (Path f : folders) {
      if (watched.contains(f)) {
        continue;
      }
      if (watched.size() >= MAX_WATCHED) {
        if (!limitLogged) {
          limitLogged = true;
          LOG.info("Watching {} folders; the others are polled", MAX_WATCHED);
        }
        return;
      }
      try {
        f.register(
            service,
            StandardWatchEventKinds.ENTRY_CREATE,
            StandardWatchEventKinds.ENTRY_MODIFY,
            StandardWatchEventKinds.ENTRY_DELETE);
        watched.add(f);
      } catch (IOException | ClosedWatchServiceException e) {
        // A folder that vanished or cannot be watched is still polled.
      }
    }
  }

  private void run() {
    while (true) {
      WatchKey key;
      try {
        key = service.take();
      } catch (InterruptedException | ClosedWatchServiceException e) {
        return;
      }
      key.pollEvents();
      if (!key.reset()) {
        watched.remove((Path) key.watchable());
      }
      onChange.run();
    }
  }

  @Override
  public void close() {
    try {
      service.close();
    } catch (IOException e) {
      // closing the watch only stops events
    }
    thread.interrupt();
  }
}
