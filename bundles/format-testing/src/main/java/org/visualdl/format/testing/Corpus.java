package org.visualdl.format.testing;

import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Stream;

/**
 * The shared corpus of real logs ({@code ../shared/corpus}, or the system property
 * {@code visualdl.corpus}), or a skipped test where the part a test needs is absent.
 */
public final class Corpus {
  private final String part;
  private final String what;

  /**
   * @param part the corpus folder the tests need, for example {@code "tensorboard"}
   * @param what what it holds, for the skip message, for example {@code "TensorBoard logs"}
   */
  public Corpus(String part, String what) {
    this.part = part;
    this.what = what;
  }

  /** The corpus folder (that holds {@code part}); skips the test when it is absent. */
  public Path dir() {
    String p = System.getProperty("visualdl.corpus", "../../../shared/corpus");
    Path d = Path.of(p).toAbsolutePath().normalize();
    assumeTrue(Files.isDirectory(d.resolve(part)),
        "corpus of real " + what + " not found at " + d.resolve(part)
            + " (it lives outside the repository, in ../shared/corpus); test skipped");
    return d;
  }

  /** The first file directly under {@code folder} (relative to the corpus) whose name contains {@code namePart}. */
  public Path file(String folder, String namePart) throws IOException {
    try (Stream<Path> s = Files.walk(dir().resolve(folder), 1)) {
      return s.filter(p -> p.getFileName().toString().contains(namePart)).findFirst()
          .orElseThrow(() -> new IOException("no " + namePart + " in " + folder));
    }
  }
}
