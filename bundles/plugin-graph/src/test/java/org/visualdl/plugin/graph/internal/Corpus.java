package org.visualdl.plugin.graph.internal;

import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.nio.file.Files;
import java.nio.file.Path;

/** The shared corpus of real files (../shared/corpus), or a skipped test where it is absent. */
final class Corpus {
  private Corpus() {}

  static Path dir() {
    String p = System.getProperty("visualdl.corpus");
    // bundles/plugin-graph in the main checkout (../shared) or in a worktree one level deeper
    for (String c : p != null ? new String[] {p}
        : new String[] {"../../../shared/corpus", "../../../../shared/corpus"}) {
      Path d = Path.of(c).toAbsolutePath().normalize();
      if (Files.isDirectory(d.resolve("models"))) {
        return d;
      }
    }
    assumeTrue(false, "corpus of real model files not found at ../shared/corpus (it lives outside"
        + " the repository; set -Dvisualdl.corpus=DIR); test skipped");
    return null;
  }
}
