package org.visualdl.sdk;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;

/** Starts a program in a child JVM with the java of this one. */
final class ChildJvm {
  record Result(int exitCode, String output) {}

  private ChildJvm() {}

  static String java() {
    return Path.of(System.getProperty("java.home"), "bin", "java").toString();
  }

  static String testClasspath() {
    return System.getProperty("java.class.path");
  }

  static List<String> command(String classpath, Class<?> main, String... args) {
    List<String> cmd = new ArrayList<>(List.of(java(), "-Xmx256m", "-XX:TieredStopAtLevel=1",
        "-Djava.awt.headless=true", "-cp", classpath, main.getName()));
    cmd.addAll(List.of(args));
    return cmd;
  }

  /** Runs to the end; {@code shellPrefix} (for example a ulimit) runs the JVM through sh. */
  static Result run(String shellPrefix, String classpath, Class<?> main, String... args)
      throws IOException, InterruptedException {
    List<String> cmd = command(classpath, main, args);
    ProcessBuilder pb;
    if (shellPrefix == null) {
      pb = new ProcessBuilder(cmd);
    } else {
      StringBuilder line = new StringBuilder(shellPrefix);
      for (String c : cmd) {
        line.append(" '").append(c.replace("'", "'\\''")).append('\'');
      }
      pb = new ProcessBuilder("sh", "-c", line.toString());
    }
    Process p = pb.redirectErrorStream(true).start();
    String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    if (!p.waitFor(120, TimeUnit.SECONDS)) {
      p.destroyForcibly();
    }
    return new Result(p.exitValue(), out);
  }

  /** Starts the program and returns once a line of its output passes the test. */
  static Process startAndAwait(
      String classpath, Class<?> main, Predicate<String> ready, List<String> lines, String... args)
      throws IOException {
    Process p = new ProcessBuilder(command(classpath, main, args)).redirectErrorStream(true)
        .start();
    BufferedReader in = new BufferedReader(
        new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8));
    String line;
    while ((line = in.readLine()) != null) {
      lines.add(line);
      if (ready.test(line)) {
        return p;
      }
    }
    throw new IOException("child JVM ended before it was ready: " + lines);
  }
}
