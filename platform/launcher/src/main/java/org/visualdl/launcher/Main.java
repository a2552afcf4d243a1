package org.visualdl.launcher;

import java.io.IOException;
import java.io.InputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.UnknownHostException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.CountDownLatch;

/** {@code visualdl}: serve log directories, or the demo. */
public final class Main {
  static final int EXIT_USAGE = 2;
  static final int EXIT_FAILURE = 1;

  private Main() {}

  public static void main(String[] args) {
    int code = run(args);
    if (code != 0) {
      System.exit(code);
    }
  }

  static int run(String[] args) {
    CommandLine cli;
    try {
      cli = CommandLine.parse(args);
    } catch (CommandLine.UsageException e) {
      System.err.println("visualdl: " + e.getMessage());
      return EXIT_USAGE;
    }
    switch (cli.command()) {
      case HELP -> {
        System.out.println(CommandLine.USAGE);
        return 0;
      }
      case VERSION -> {
        System.out.println("visualdl " + version());
        return 0;
      }
      default -> {
        // serve below
      }
    }
    InetAddress address;
    try {
      address = InetAddress.getByName(cli.host());
    } catch (UnknownHostException e) {
      System.err.println("visualdl: --host '" + cli.host() + "' is not a known address; use e.g. 127.0.0.1");
      return EXIT_USAGE;
    }
    String busy = portProblem(address, cli.port());
    if (busy != null) {
      System.err.println("visualdl: " + busy);
      return EXIT_FAILURE;
    }
    Path home = home();
    String logdir = cli.servedSpec();
    // Remote log directories need their storage backend bundle (lib/storage/), installed only then.
    List<CommandLine.LogDir> remote = new ArrayList<>();
    Map<String, Path> backendBundles = new LinkedHashMap<>();
    if (cli.command() == CommandLine.Command.SERVE && cli.logdir() != null) {
      try {
        for (CommandLine.LogDir d : CommandLine.checkLogdirs(cli.logdir())) {
          if (!d.remote()) {
            continue;
          }
          remote.add(d);
          if (!backendBundles.containsKey(d.scheme())) {
            Path jar = FelixRuntime.storageBundle(home, d.scheme());
            if (jar == null) {
              System.err.println("visualdl: log directory " + d.location() + ": no storage"
                  + " backend for " + d.scheme() + ":// URIs: " + FelixRuntime.STORAGE_BUNDLES
                  + "/ has no org.visualdl.storage." + d.scheme() + " bundle; use hdfs:// or"
                  + " s3://, or reinstall VisualDL");
              return EXIT_USAGE;
            }
            backendBundles.put(d.scheme(), jar);
          }
        }
      } catch (CommandLine.UsageException | IOException e) {
        System.err.println("visualdl: " + e.getMessage());
        return EXIT_USAGE;
      }
    }
    Thread live = null;
    Path demoFolder = null;
    try {
      if (cli.command() == CommandLine.Command.DEMO) {
        Path dir;
        if (cli.logdir() != null) {
          dir = Path.of(cli.logdir());
        } else {
          // A temporary demo folder lives as long as this process; those of killed ones go now.
          TempFolders.removeStale(TempFolders.tempRoot(), TempFolders.DEMO_PREFIX);
          demoFolder = TempFolders.create(TempFolders.DEMO_PREFIX);
          dir = demoFolder.resolve("logs");
        }
        Files.createDirectories(dir);
        System.out.println("Writing demo logs into " + dir.toAbsolutePath() + " ...");
        DemoData.write(dir);
        live = DemoData.startLiveRun(dir);
        logdir = dir.toAbsolutePath().toString()
            + (cli.model() == null ? "" : ",model:" + cli.model());
      }
    } catch (IOException e) {
      System.err.println("visualdl: cannot write the demo logs: " + e.getMessage());
      return EXIT_FAILURE;
    }
    if (!address.isLoopbackAddress()) {
      System.err.println(
          "visualdl: warning: listening on " + cli.host() + " lets anyone who can reach this"
              + " machine read your logs");
    }
    FelixRuntime runtime;
    try {
      Map<String, String> properties = FelixRuntime.properties(
          home, logdir, cli.host(), cli.port(), cli.token(), cli.allowedHosts());
      FelixRuntime.exportStorageSettings(properties);
      runtime = new FelixRuntime(home, properties, List.copyOf(backendBundles.values()));
      runtime.start(!remote.isEmpty());
    } catch (Exception e) {
      System.err.println("visualdl: could not start the server: " + e.getMessage());
      stopLiveRun(live);
      TempFolders.deleteTree(demoFolder);
      return EXIT_FAILURE;
    }
    // A remote log directory that cannot be listed now (unreachable, bad credentials, no bucket)
    // is a mistake on the command line or in the environment: say so and stop.
    for (CommandLine.LogDir d : remote) {
      String problem = runtime.storageProblem(d.uri(), 20_000);
      if (problem != null) {
        System.err.println("visualdl: log directory " + d.location() + ": " + problem);
        runtime.stop();
        return EXIT_USAGE;
      }
    }
    runtime.startEverything();
    Thread liveRun = live;
    Path demoToRemove = demoFolder;
    CountDownLatch stopped = new CountDownLatch(1);
    Runtime.getRuntime()
        .addShutdownHook(
            new Thread(
                () -> {
                  stopLiveRun(liveRun);
                  runtime.stop();
                  TempFolders.deleteTree(demoToRemove);
                  stopped.countDown();
                },
                "visualdl-shutdown"));
    String token = cli.token() != null ? cli.token() : runtimeToken(runtime);
    if (!FelixRuntime.awaitHealthy(cli.host(), cli.port(), token, 30_000)) {
      List<String> inactive = runtime.inactiveBundles();
      System.err.println(
          "visualdl: the server did not become healthy within 30 s"
              + (inactive.isEmpty() ? "" : "; bundles not active: " + String.join(", ", inactive)));
      return EXIT_FAILURE;
    }
    String shownHost = cli.host().contains(":") ? "[" + cli.host() + "]" : cli.host();
    System.out.println(
        "VisualDL " + version() + " serving " + logdir + " at http://" + shownHost + ":"
            + cli.port() + "/" + (token == null ? "" : "?token=" + token)
            + " (press Ctrl-C to stop)");
    System.out.flush();
    try {
      stopped.await();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    return 0;
  }

  private static void stopLiveRun(Thread liveRun) {
    if (liveRun != null) {
      liveRun.interrupt();
      try {
        liveRun.join(5_000);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    }
  }

  /** The token set in conf/visualdl.properties, if any. */
  private static String runtimeToken(FelixRuntime runtime) {
    String t = runtime.property("visualdl.token");
    return t == null || t.isBlank() ? null : t;
  }

  /** Null when the port can be bound, otherwise a one-line explanation. */
  static String portProblem(InetAddress address, int port) {
    try (ServerSocket s = new ServerSocket()) {
      s.setReuseAddress(true);
      s.bind(new InetSocketAddress(address, port));
      return null;
    } catch (IOException e) {
      return "cannot listen on " + address.getHostAddress() + ":" + port + " (" + e.getMessage()
          + "); is another server running? Pick a free port with --port";
    }
  }

  static Path home() {
    String prop = System.getProperty("visualdl.home");
    if (prop != null && !prop.isBlank()) {
      return Path.of(prop).toAbsolutePath().normalize();
    }
    try {
      Path jar = Path.of(Main.class.getProtectionDomain().getCodeSource().getLocation().toURI());
      return jar.getParent().getParent();
    } catch (Exception e) {
      return Path.of(".").toAbsolutePath().normalize();
    }
  }

  static String version() {
    try (InputStream in = Main.class.getResourceAsStream("version.properties")) {
      Properties p = new Properties();
      if (in != null) {
        p.load(in);
      }
      return p.getProperty("version", "dev");
    } catch (IOException e) {
      return "dev";
    }
  }
}
