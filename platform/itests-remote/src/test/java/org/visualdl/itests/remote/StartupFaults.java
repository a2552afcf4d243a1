package org.visualdl.itests.remote;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Locale;

/** What a user sees when the server cannot use its log directory at start. */
final class StartupFaults {
  private StartupFaults() {}

  /**
   * Exit status 2 and exactly one line, which contains every given fragment (case ignored).
   */
  static void assertOneLineExit(VisualDLServer.Exit exit, String... fragments) {
    List<String> lines = exit.lines().stream().filter(l -> !l.isBlank()).toList();
    assertEquals(2, exit.status(), "exit status; output: " + lines);
    assertEquals(1, lines.size(), "one line, got: " + lines);
    String line = lines.get(0).toLowerCase(Locale.ROOT);
    for (String f : fragments) {
      assertTrue(line.contains(f.toLowerCase(Locale.ROOT)),
          "the line says '" + f + "': " + lines.get(0));
    }
  }
}
