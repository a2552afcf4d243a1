package org.visualdl.plugin.graph.internal;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.function.Supplier;

/**
 * Parsed graphs by run and tag, kept while their data version holds. Parsing runs on the plugin's
 * own executor, never under a lock, so a graph of 100,000 nodes being parsed blocks no other
 * route; requests for a graph already being parsed share that work. At most {@code capacity}
 * graphs are kept, the least recently asked for leaving first.
 */
final class GraphCache {
  private record Key(String run, String tag) {}

  private record Entry(long version, CompletableFuture<ModelGraph> graph) {}

  private final ExecutorService executor;
  private final Map<Key, Entry> entries;

  GraphCache(ExecutorService executor, int capacity) {
    this.executor = executor;
    this.entries = new LinkedHashMap<>(16, 0.75f, true) {
      @Override
      protected boolean removeEldestEntry(Map.Entry<Key, Entry> eldest) {
        return size() > capacity;
      }
    };
  }

  /**
   * The graph of a tag at a data version: cached, being parsed, or parsed now on the executor by
   * {@code parse}.
   */
  CompletableFuture<ModelGraph> get(String run, String tag, long version, Supplier<ModelGraph> parse) {
    Key key = new Key(run, tag);
    synchronized (entries) {
      Entry e = entries.get(key);
      if (e != null && e.version() == version) {
        return e.graph();
      }
      CompletableFuture<ModelGraph> f = CompletableFuture.supplyAsync(parse, executor);
      entries.put(key, new Entry(version, f));
      return f;
    }
  }

  void clear() {
    synchronized (entries) {
      entries.clear();
    }
  }
}
