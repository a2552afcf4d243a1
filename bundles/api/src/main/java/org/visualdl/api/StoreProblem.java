package org.visualdl.api;

/**
 * One distinct problem the store found: where, what, how often and when.
 *
 * <pre>{@code
 * for (StoreProblem p : store.status().problemDetails()) {
 *   System.err.println(p.path() + ": " + p.cause() + " (" + p.count() + " times)");
 * }
 * }</pre>
 *
 * @param path the file, folder or run the problem is about (empty when it concerns no path)
 * @param cause what was wrong, in one line
 * @param count how many times it was found
 * @param firstMs when it was found first (epoch milliseconds)
 * @param lastMs when it was found last (epoch milliseconds)
 */
public record StoreProblem(String path, String cause, long count, long firstMs, long lastMs) {

  /** The problem as one line, {@code path: cause}. */
  public String line() {
    return path.isEmpty() ? cause : path + ": " + cause;
  }
}
