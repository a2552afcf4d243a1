package org.visualdl.launcher;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class CommandLineTest {
  @TempDir Path dir;

  private String error(String... args) {
    CommandLine.UsageException e =
        assertThrows(CommandLine.UsageException.class, () -> CommandLine.parse(args));
    assertFalse(e.getMessage().contains("\n"), "one line: " + e.getMessage());
    return e.getMessage();
  }

  @Test
  void servesWithDefaults() throws Exception {
    CommandLine c = CommandLine.parse(new String[] {"--logdir", dir.toString()});
    assertEquals(CommandLine.Command.SERVE, c.command());
    assertEquals("127.0.0.1", c.host());
    assertEquals(8040, c.port());
  }

  @Test
  void acceptsEqualsFormAndSeveralDirectories() throws Exception {
    Path b = Files.createDirectory(dir.resolve("b"));
    CommandLine c =
        CommandLine.parse(new String[] {"--logdir=" + dir + ",named:" + b, "--port=9000", "--host", "0.0.0.0"});
    assertEquals(9000, c.port());
    assertEquals("0.0.0.0", c.host());
    assertEquals(2, CommandLine.checkLogdirs(c.logdir()).size());
  }

  @Test
  void remoteAndFileUrisAreLocationsAndNamesStillWork() throws Exception {
    Path local = Files.createDirectory(dir.resolve("local"));
    String spec = "hdfs://namenode:8020/logs/,s3://bucket/logs,file:" + local + ",train:s3://b2/p,"
        + "home:hdfs:///user/me/logs,mine:" + local.toUri() + ",plain:" + local;
    CommandLine c = CommandLine.parse(new String[] {"--logdir", spec});
    List<CommandLine.LogDir> dirs = CommandLine.checkLogdirs(c.logdir());
    assertEquals(7, dirs.size());
    assertEquals(new CommandLine.LogDir(null, "hdfs://namenode:8020/logs/",
        URI.create("hdfs://namenode:8020/logs")), dirs.get(0));
    assertEquals(new CommandLine.LogDir(null, "s3://bucket/logs", URI.create("s3://bucket/logs")),
        dirs.get(1));
    assertNull(dirs.get(2).name());
    assertEquals(local.toUri().normalize().getPath().replaceAll("/$", ""),
        dirs.get(2).uri().getPath().replaceAll("/$", ""));
    assertFalse(dirs.get(2).remote());
    assertEquals("train", dirs.get(3).name());
    assertEquals(URI.create("s3://b2/p"), dirs.get(3).uri());
    assertTrue(dirs.get(3).remote());
    assertEquals("home", dirs.get(4).name());
    assertEquals("hdfs", dirs.get(4).scheme());
    assertEquals("mine", dirs.get(5).name());
    assertFalse(dirs.get(5).remote());
    assertEquals("plain", dirs.get(6).name());
    assertEquals("file", dirs.get(6).scheme());
  }

  @Test
  void badUrisAndMissingLocalFoldersAreOneLine() throws Exception {
    assertTrue(error("--logdir", "s3:///logs").contains("names no bucket"));
    assertTrue(error("--logdir", "s3://bucket/logs?x=1").contains("'?' or '#'"));
    assertTrue(error("--logdir", "hdfs://name node:8020/logs").contains("not a valid log directory URI"));
    assertTrue(error("--logdir", "file:" + dir.resolve("missing")).contains("does not exist"));
    assertTrue(error("--logdir", "x:file:" + dir.resolve("missing")).contains("does not exist"));
    assertTrue(error("demo", "--logdir", "s3://bucket/logs").contains("local folder"));
  }

  @Test
  void aModelFileIsServedAloneOrBesideTheLogDirectories() throws Exception {
    Path model = Files.write(dir.resolve("net.onnx"), new byte[] {1});
    CommandLine alone = CommandLine.parse(new String[] {"--model", model.toString()});
    assertEquals(CommandLine.Command.SERVE, alone.command());
    assertEquals("model:" + model.toAbsolutePath(), alone.servedSpec());
    Path logs = Files.createDirectory(dir.resolve("logs"));
    CommandLine both = CommandLine.parse(new String[] {"--logdir", logs.toString(), "--model=" + model});
    assertEquals(logs + ",model:" + model.toAbsolutePath(), both.servedSpec());
    Path paddle = Files.write(dir.resolve("__model__"), new byte[] {1});
    assertEquals("model:" + paddle.toAbsolutePath(),
        CommandLine.parse(new String[] {"--model", paddle.toString()}).servedSpec());
  }

  @Test
  void aBadModelFileIsOneLine() throws Exception {
    assertTrue(error("--model", dir.resolve("missing.onnx").toString()).contains("does not exist"));
    assertTrue(error("--model", dir.toString()).contains("is not a file"));
    Path txt = Files.write(dir.resolve("notes.txt"), new byte[] {1});
    assertTrue(error("--model", txt.toString()).contains("not an ONNX"));
    assertTrue(error("--model").contains("--model needs a value"));
  }

  @Test
  void demoNeedsNoLogDirectory() throws Exception {
    CommandLine c = CommandLine.parse(new String[] {"demo", "--port", "1234", "--token", "s3cret-token"});
    assertEquals("s3cret-token", c.token());
    assertEquals(CommandLine.Command.DEMO, c.command());
    assertEquals(1234, c.port());
  }

  @Test
  void badCommandLinesSayWhatIsWrong() {
    assertTrue(error("--bogus").contains("unknown option '--bogus'"));
    assertTrue(error().contains("no log directory"));
    assertTrue(error("--logdir", dir.resolve("missing").toString()).contains("does not exist"));
    assertTrue(error("--logdir").contains("--logdir needs a value"));
    assertTrue(error("--logdir", dir.toString(), "--port", "0").contains("1 to 65535"));
    assertTrue(error("--logdir", dir.toString(), "--port", "80a").contains("'80a'"));
    assertTrue(error(dir.toString()).contains("--logdir " + dir));
    assertTrue(error("--logdir", dir.toString(), "demo").contains("'demo' must come first"));
    assertTrue(error("--logdir", dir.toString(), "--token", "short").contains("at least 8"));
  }

  @Test
  void aFileIsNotALogDirectory() throws Exception {
    Path f = Files.writeString(dir.resolve("f.txt"), "x");
    assertTrue(error("--logdir", f.toString()).contains("is a file"));
  }

  @Test
  void startLevelsPutLoggingFirstAndThePluginWatcherLast() {
    assertEquals(FelixRuntime.LEVEL_LIBRARIES, FelixRuntime.levelOf("org.ops4j.pax.logging.pax-logging-api"));
    assertEquals(FelixRuntime.LEVEL_INFRASTRUCTURE, FelixRuntime.levelOf("org.apache.felix.scr"));
    assertEquals(FelixRuntime.LEVEL_FORMATS, FelixRuntime.levelOf("org.apache.felix.http.jetty12"));
    assertEquals(FelixRuntime.LEVEL_INFRASTRUCTURE, FelixRuntime.levelOf("org.visualdl.server"));
    assertEquals(FelixRuntime.LEVEL_INFRASTRUCTURE, FelixRuntime.levelOf("org.visualdl.jetty.errors"));
    assertEquals(FelixRuntime.LEVEL_VISUALDL, FelixRuntime.levelOf("org.visualdl.maintainer"));
    assertEquals(FelixRuntime.LEVEL_FORMATS, FelixRuntime.levelOf("org.visualdl.storage"));
    assertEquals(FelixRuntime.LEVEL_FORMATS, FelixRuntime.levelOf("org.visualdl.format.tensorboard"));
    assertEquals(FelixRuntime.LEVEL_PLUGINS, FelixRuntime.levelOf("org.apache.felix.fileinstall"));
  }

  @Test
  void theTokenComesFromAFileOrTheEnvironmentOutOfSightOfPs() throws Exception {
    Path file = Files.writeString(dir.resolve("token"), "  secret-token-1\n");
    String[] args = {"--logdir", dir.toString(), "--token-file", file.toString()};
    assertEquals("secret-token-1", CommandLine.parse(args, java.util.Map.of()).token());
    java.util.Map<String, String> env = java.util.Map.of(CommandLine.TOKEN_ENV, "env-token-22");
    assertEquals("env-token-22", CommandLine.parse(new String[] {"--logdir", dir.toString()}, env).token());
    assertEquals("secret-token-1", CommandLine.parse(args, env).token(), "the flag wins over the environment");
    assertEquals(null, CommandLine.parse(new String[] {"--logdir", dir.toString()}, java.util.Map.of()).token());
  }

  @Test
  void aBadTokenFileIsOneLineThatSaysWhatToDo() throws Exception {
    assertTrue(error("--logdir", dir.toString(), "--token-file", dir.resolve("none").toString()).contains("does not exist"));
    Path empty = Files.writeString(dir.resolve("empty"), "\n");
    assertTrue(error("--logdir", dir.toString(), "--token-file", empty.toString()).contains("is empty"));
    Path shortToken = Files.writeString(dir.resolve("short"), "abc\n");
    assertTrue(error("--logdir", dir.toString(), "--token-file", shortToken.toString()).contains("at least 8"));
    assertTrue(error("--logdir", dir.toString(), "--token-file", dir.toString()).contains("cannot be read"));
    Path ok = Files.writeString(dir.resolve("ok"), "secret-token-1");
    assertTrue(error("--logdir", dir.toString(), "--token-file", ok.toString(), "--token", "secret-token-2").contains("once"));
    CommandLine.UsageException e = assertThrows(CommandLine.UsageException.class,
        () -> CommandLine.parse(new String[] {"--logdir", dir.toString()}, java.util.Map.of(CommandLine.TOKEN_ENV, "x y")));
    assertTrue(e.getMessage().startsWith(CommandLine.TOKEN_ENV), e.getMessage());
  }

  @Test
  void helpWarnsThatATokenOnTheCommandLineIsVisible() {
    assertTrue(CommandLine.USAGE.contains("--token-file"));
    assertTrue(CommandLine.USAGE.contains("VISUALDL_TOKEN"));
    assertTrue(CommandLine.USAGE.contains("other users of"));
    assertTrue(CommandLine.USAGE.contains("--allow-host"));
  }

  @Test
  void allowHostTakesAListOfNames() throws Exception {
    CommandLine c = CommandLine.parse(new String[] {"--logdir", dir.toString(), "--allow-host", "a.lan,b", "--allow-host=[::2]"});
    assertEquals(java.util.List.of("a.lan", "b", "[::2]"), c.allowedHosts());
    assertTrue(error("--logdir", dir.toString(), "--allow-host", "a b").contains("--allow-host"));
    assertTrue(error("--logdir", dir.toString(), "--allow-host", ",").contains("--allow-host"));
  }
}
