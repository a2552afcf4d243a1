package org.visualdl.sdk.internal;

/** Checks tags and plugin names: 1 to {@link #MAX_LENGTH} characters, no control characters. */
public final class Names {
  public static final int MAX_LENGTH = 256;

  private Names() {}

  /**
   * @param what what the name is, for the message: "tag", "plugin name"
   * @throws IllegalArgumentException with a one-line message saying what is wrong
   */
  public static void check(String what, String name) {
    if (name == null || name.isEmpty()) {
      throw new IllegalArgumentException(
          what + " is empty: give every series a name like 'train/loss'");
    }
    if (name.length() > MAX_LENGTH) {
      throw new IllegalArgumentException(
          what + " '" + name.substring(0, 32) + "...' is " + name.length()
              + " characters long; the limit is " + MAX_LENGTH);
    }
    for (int i = 0; i < name.length(); i++) {
      char c = name.charAt(i);
      if (Character.isISOControl(c)) {
        throw new IllegalArgumentException(
            what + " '" + name.replaceAll("\\p{Cntrl}", "?") + "' holds a control character"
                + String.format(" (U+%04X)", (int) c) + " at index " + i
                + "; use printable characters only");
      }
    }
  }
}
