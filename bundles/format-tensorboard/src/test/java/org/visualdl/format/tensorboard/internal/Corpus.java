package org.visualdl.format.tensorboard.internal;

import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Stream;

/** The shared corpus of real logs (../shared/corpus), or a skipped test where it is absent. */
final class Corpus {
  private Corpus() {}

  static Path dir() {
    String p = System.getProperty("visualdl.corpus", "../../../shared/corpus");
    Path d = Path.of(p).toAbsolutePath().normalize();
    assumeTrue(Files.isDirectory(d.resolve("tensorboard")),
        "corpus of real TensorBoard logs not found at " + d
            + " (it lives outside the repository, in ../shared/corpus); test skipped");
    return d;
  }

  /** The one file under {@code folder} whose name contains {@code part}. */
  static Path file(String folder, String part) throws IOException {
    try (Stream<Path> s = Files.walk(dir().resolve(folder), 1)) {
      return s.filter(p -> p.getFileName().toString().contains(part)).findFirst()
          .orElseThrow(() -> new IOException("no " + part + " in " + folder));
    }
  }
}
