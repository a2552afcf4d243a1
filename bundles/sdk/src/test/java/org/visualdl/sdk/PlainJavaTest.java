package org.visualdl.sdk;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.File;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class PlainJavaTest {
  @TempDir Path dir;

  /**
   * The SDK, its Maven runtime dependencies (storage, proto, protobuf-java) and the program: no
   * OSGi framework, no OSGi annotations, no test libraries.
   */
  static String sdkRuntimeClasspath() {
    List<String> kept = new ArrayList<>();
    for (String entry : ChildJvm.testClasspath().split(File.pathSeparator)) {
      String name = Path.of(entry).getFileName().toString();
      boolean ours = entry.contains("org.visualdl") || entry.endsWith("classes")
          || entry.contains("/storage/target/") || entry.contains("/proto/target/");
      if (ours || name.startsWith("protobuf-java")) {
        kept.add(entry);
      }
    }
    return String.join(File.pathSeparator, kept);
  }

  @Test
  void aPlainJavaProgramLogsEveryKind() throws Exception {
    String cp = sdkRuntimeClasspath();
    assertFalse(cp.contains("junit") || cp.contains("osgi"), cp);
    Path run = dir.resolve("run");
    ChildJvm.Result r = ChildJvm.run(null, cp, PlainJavaProgram.class, run.toString());
    assertEquals(0, r.exitCode(), r.output());
    assertTrue(r.output().contains("DONE"), r.output());

    RunContents c = RunContents.read(run);
    assertEquals(List.of(), c.result.problems());
    assertEquals(100, c.scalars.get("train/loss").size());
    assertEquals(Set.of("weights", "input", "emb", "notes", "custom"), c.records.keySet());
    assertTrue(c.records.get("input").get(0).getEntry().getImage().getEncoded().size() > 8);
  }
}
