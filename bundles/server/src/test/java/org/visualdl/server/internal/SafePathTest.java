package org.visualdl.server.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.visualdl.api.frontend.RouteException;

class SafePathTest {
  @Test
  void plainRelativePathsPass() {
    assertEquals("index.js", SafePath.check("index.js"));
    assertEquals("lib/chart.js", SafePath.check("lib/chart.js"));
  }

  @ParameterizedTest
  @ValueSource(
      strings = {"", "../x", "a/../../x", "/etc/passwd", "a//b", "./x", "a\\..\\b", "C:/x",
          "a/..", "a/."})
  void pathTricksAreRejected(String path) {
    assertThrows(RouteException.class, () -> SafePath.check(path));
  }
}
