package org.visualdl.api;

import java.util.Objects;
import java.util.regex.Pattern;

/**
 * The kind of data a tablet holds. The built-in kinds are constants; a plugin may define its own
 * kind by name (lower-case letters, digits, '-' and '_').
 *
 * @param id the kind's name, for example {@code "scalar"}
 */
public record Kind(String id) {
  private static final Pattern VALID = Pattern.compile("[a-z0-9_-]{1,64}");

  public static final Kind SCALAR = new Kind("scalar");
  public static final Kind HISTOGRAM = new Kind("histogram");
  public static final Kind IMAGE = new Kind("image");
  public static final Kind EMBEDDING = new Kind("embedding");
  public static final Kind TEXT = new Kind("text");

  public Kind {
    Objects.requireNonNull(id, "id");
    if (!VALID.matcher(id).matches()) {
      throw new IllegalArgumentException(
          "kind '" + id + "' is not valid: use 1 to 64 lower-case letters, digits, '-' or '_'");
    }
  }

  @Override
  public String toString() {
    return id;
  }
}
