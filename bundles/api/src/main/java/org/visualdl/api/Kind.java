package org.visualdl.api;

import java.util.Objects;
import java.util.regex.Pattern;

/**
 * The kind of data a tablet holds: a name, plus a payload schema owned by whoever defines the kind.
 * Only {@link #SCALAR} is known to the platform (scalar series are a shape of their own); every
 * other kind, built-in ({@code histogram}, {@code image}, {@code text}, ...) or defined by a
 * plugin, is just a name whose payload the kind's plugin decodes. The built-in kinds' names and
 * payload schemas are in the {@code org.visualdl.proto} bundle ({@code BuiltinKind}).
 *
 * @param id the kind's name: 1 to 64 lower-case letters, digits, '-' or '_'
 */
public record Kind(String id) {
  private static final Pattern VALID = Pattern.compile("[a-z0-9_-]{1,64}");

  /** Scalar series: every point kept, in columns, queried by range. */
  public static final Kind SCALAR = new Kind("scalar");

  public Kind {
    Objects.requireNonNull(id, "id");
    if (!VALID.matcher(id).matches()) {
      throw new IllegalArgumentException(
          "kind '" + id + "' is not valid: use 1 to 64 lower-case letters, digits, '-' or '_'");
    }
  }

  /** Whether {@code id} is a valid kind name. */
  public static boolean isValid(String id) {
    return id != null && VALID.matcher(id).matches();
  }

  @Override
  public String toString() {
    return id;
  }
}
