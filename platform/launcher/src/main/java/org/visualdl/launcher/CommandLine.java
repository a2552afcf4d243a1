package org.visualdl.launcher;

import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.visualdl.api.storage.StorageResolver;

/** The parsed command line of {@code visualdl}. */
record CommandLine(
    Command command,
    String logdir,
    String model,
    String host,
    int port,
    boolean hostGiven,
    boolean portGiven,
    String token,
    List<String> allowedHosts) {

  enum Command {
    SERVE,
    DEMO,
    HELP,
    VERSION
  }

  static final int DEFAULT_PORT = 8040;
  static final String DEFAULT_HOST = "127.0.0.1";
  private static final Pattern NAMED = Pattern.compile("([A-Za-z0-9_.-]+):(.+)");
  /**
   * A part of --logdir that is a location, never {@code name:location}: {@code scheme://...} or
   * {@code file:...} (the maintainer splits the parts by the same rule).
   */
  private static final Pattern LOCATION = Pattern.compile("^([A-Za-z][A-Za-z0-9+.-]*://|file:).*");

  /**
   * One part of --logdir: its name (null unless {@code name:location}), the location as given
   * and as a URI; {@code remote} when the URI is not {@code file:}.
   */
  record LogDir(String name, String location, URI uri) {
    boolean remote() {
      return !"file".equals(uri.getScheme());
    }

    /** The URI's scheme in lower case ({@code file} for local folders). */
    String scheme() {
      return uri.getScheme().toLowerCase(Locale.ROOT);
    }
  }

  /** A command line the user must fix; the message is one line that says what and how. */
  static final class UsageException extends Exception {
    private static final long serialVersionUID = 1L;

    UsageException(String message) {
      super(message);
    }
  }

  /** Environment variable that may hold the access token, out of sight of {@code ps}. */
  static final String TOKEN_ENV = "VISUALDL_TOKEN";

  static final String USAGE =
      """
      Usage: visualdl --logdir DIR [--model FILE] [--port N] [--host H] [--token-file F]
                      [--allow-host NAME]
             visualdl --model FILE [...]
             visualdl demo [--logdir DIR] [--port N] [--host H] [--token-file F]
             visualdl --help | --version

      Serves the training logs under DIR on http://127.0.0.1:8040/ and keeps reading them as
      they grow. 'demo' writes demo logs with the Java SDK (into a fresh folder unless --logdir
      is given) and serves them.

      Options:
        --logdir DIR   log directory to serve; several as a,b or name:path,name2:path2;
                       hdfs://namenode:8020/path, s3://bucket/prefix and file:/path too
                       (HDFS: HADOOP_CONF_DIR; S3: AWS_ENDPOINT_URL, AWS_REGION,
                       AWS_ACCESS_KEY_ID, AWS_SECRET_ACCESS_KEY, AWS_PROFILE)
        --model FILE   show a model file's graph as the run 'model' (ONNX *.onnx,
                       PaddlePaddle *.pdmodel or __model__); alone, or beside --logdir.
                       Nothing else of FILE's folder is read
        --port N       HTTP port (default 8040)
        --host H       address to listen on (default 127.0.0.1, this machine only)
        --token-file F require the access token written in file F on every request (see
                       the printed link); the environment variable VISUALDL_TOKEN works too
        --token T      the same with the token on the command line, where other users of
                       this machine can read it (ps, /proc): prefer --token-file
        --allow-host NAME[,NAME]
                       without a token, answer only requests addressed to localhost or a
                       loopback address, and to these names (e.g. a name in /etc/hosts);
                       other Host headers get 403, against DNS rebinding
        --help         print this help
        --version      print the version

      Drop plugin bundles (jars) into the plugins/ folder while the server runs; they appear at
      once. Configuration: conf/visualdl.properties.""";

  static CommandLine parse(String[] args) throws UsageException {
    return parse(args, System.getenv());
  }

  /** Parses {@code args}; {@code env} supplies {@value #TOKEN_ENV}. */
  static CommandLine parse(String[] args, java.util.Map<String, String> env)
      throws UsageException {
    Command command = Command.SERVE;
    String logdir = null;
    String model = null;
    String host = DEFAULT_HOST;
    int port = DEFAULT_PORT;
    boolean hostGiven = false;
    boolean portGiven = false;
    String token = null;
    String tokenFile = null;
    List<String> allowedHosts = new ArrayList<>();
    int i = 0;
    if (args.length > 0 && args[0].equals("demo")) {
      command = Command.DEMO;
      i = 1;
    }
    for (; i < args.length; i++) {
      String arg = args[i];
      String value = null;
      int eq = arg.indexOf('=');
      if (arg.startsWith("--") && eq > 0) {
        value = arg.substring(eq + 1);
        arg = arg.substring(0, eq);
      }
      switch (arg) {
        case "--help", "-h" -> {
          return new CommandLine(
              Command.HELP, null, null, host, port, false, false, null, List.of());
        }
        case "--version" -> {
          return new CommandLine(
              Command.VERSION, null, null, host, port, false, false, null, List.of());
        }
        case "--logdir" -> {
          if (value == null) {
            value = next(args, ++i, "--logdir", "a folder, e.g. --logdir runs/");
          }
          logdir = value;
        }
        case "--model" -> {
          if (value == null) {
            value = next(args, ++i, "--model", "a model file, e.g. --model resnet.onnx");
          }
          model = value;
        }
        case "--port" -> {
          if (value == null) {
            value = next(args, ++i, "--port", "a port number, e.g. --port 8040");
          }
          port = parsePort(value);
          portGiven = true;
        }
        case "--host" -> {
          if (value == null) {
            value = next(args, ++i, "--host", "an address, e.g. --host 127.0.0.1");
          }
          if (value.isBlank()) {
            throw new UsageException("--host is empty; give an address such as 127.0.0.1");
          }
          host = value;
          hostGiven = true;
        }
        case "--token" -> {
          if (value == null) {
            value = next(args, ++i, "--token", "a secret, e.g. --token $(openssl rand -hex 16)");
          }
          token = checkToken(value, "--token");
        }
        case "--token-file" -> {
          if (value == null) {
            value = next(args, ++i, "--token-file", "a file holding the token on one line");
          }
          tokenFile = value;
        }
        case "--allow-host" -> {
          if (value == null) {
            value = next(args, ++i, "--allow-host", "a host name, e.g. --allow-host myhost.lan");
          }
          for (String name : value.split(",", -1)) {
            String n = name.trim();
            if (n.isEmpty() || !n.matches("[A-Za-z0-9.:\\[\\]-]+")) {
              throw new UsageException("--allow-host '" + value + "' is not a list of host names"
                  + " separated by commas, e.g. --allow-host myhost.lan,myhost");
            }
            allowedHosts.add(n);
          }
        }
        default -> {
          if (arg.equals("demo")) {
            throw new UsageException("'demo' must come first: visualdl demo [--port N]");
          }
          if (arg.startsWith("-")) {
            throw new UsageException("unknown option '" + arg + "'; see visualdl --help");
          }
          throw new UsageException(
              "unexpected argument '" + arg + "'; pass the log directory as --logdir " + arg);
        }
      }
    }
    if (token != null && tokenFile != null) {
      throw new UsageException("give the token once: either --token or --token-file");
    }
    if (tokenFile != null) {
      token = checkToken(readTokenFile(tokenFile), "--token-file '" + tokenFile + "'");
    } else if (token == null) {
      String fromEnv = env.get(TOKEN_ENV);
      if (fromEnv != null && !fromEnv.isEmpty()) {
        token = checkToken(fromEnv.strip(), TOKEN_ENV);
      }
    }
    if (model != null) {
      model = checkModel(model);
    }
    if (command == Command.SERVE) {
      if (logdir == null && model == null) {
        throw new UsageException(
            "no log directory given; run visualdl --logdir DIR (or visualdl demo)");
      }
      if (logdir != null) {
        checkLogdirs(logdir);
      }
    } else if (logdir != null && logdir.contains(",")) {
      throw new UsageException("demo writes into one folder; give --logdir a single folder");
    } else if (logdir != null && LOCATION.matcher(logdir.strip()).matches()) {
      throw new UsageException("demo writes into a local folder; give --logdir a path such as"
          + " demo-logs/");
    }
    return new CommandLine(command, logdir, model, host, port, hostGiven, portGiven, token,
        List.copyOf(allowedHosts));
  }

  /**
   * The log directories to serve: {@code logdir} (may be null) and the model file as the run
   * {@code model} (the maintainer serves a {@code name:path} whose path is a file alone).
   */
  String servedSpec() {
    if (model == null) {
      return logdir;
    }
    String modelSpec = "model:" + model;
    return logdir == null ? modelSpec : logdir + "," + modelSpec;
  }

  /** The model file must exist, be readable and be a model the graph tab reads. */
  static String checkModel(String name) throws UsageException {
    Path file = Path.of(name);
    if (!Files.exists(file)) {
      throw new UsageException("--model '" + name + "' does not exist; give a saved model file,"
          + " e.g. --model resnet.onnx");
    }
    if (!Files.isRegularFile(file)) {
      throw new UsageException("--model '" + name + "' is not a file; give a saved model file,"
          + " e.g. --model resnet.onnx (use --logdir for a folder)");
    }
    if (!Files.isReadable(file)) {
      throw new UsageException("--model '" + name + "' cannot be read; check its permissions");
    }
    String base = file.getFileName().toString();
    String lower = base.toLowerCase(java.util.Locale.ROOT);
    if (!lower.endsWith(".onnx") && !lower.endsWith(".pdmodel") && !base.equals("__model__")) {
      throw new UsageException("--model '" + name + "' is not an ONNX (*.onnx) or PaddlePaddle"
          + " (*.pdmodel, __model__) model; export the model to one of them");
    }
    String abs = file.toAbsolutePath().normalize().toString();
    if (abs.contains(",")) {
      throw new UsageException("--model '" + name + "': the path holds a comma, which the log"
          + " directory list cannot carry; rename or move the file");
    }
    return abs;
  }

  private static String checkToken(String value, String source) throws UsageException {
    if (value.length() < 8 || !value.matches("[A-Za-z0-9._~-]+")) {
      throw new UsageException(
          source + ": the token must be at least 8 characters of letters, digits, '.', '_', '~'"
              + " or '-'");
    }
    return value;
  }

  /** The first line of the token file, without surrounding white space. */
  private static String readTokenFile(String name) throws UsageException {
    Path file = Path.of(name);
    String text;
    try {
      text = Files.readString(file, java.nio.charset.StandardCharsets.UTF_8);
    } catch (java.nio.file.NoSuchFileException e) {
      throw new UsageException("--token-file '" + name + "' does not exist; write the token"
          + " into it, e.g. openssl rand -hex 16 > " + name);
    } catch (java.io.IOException | RuntimeException e) {
      throw new UsageException("--token-file '" + name + "' cannot be read ("
          + e.getClass().getSimpleName() + "); make it a readable file holding the token");
    }
    String line = text.strip().lines().findFirst().orElse("").strip();
    if (line.isEmpty()) {
      throw new UsageException("--token-file '" + name + "' is empty; write the token into it");
    }
    return line;
  }

  private static String next(String[] args, int i, String flag, String what)
      throws UsageException {
    if (i >= args.length || args[i].startsWith("--")) {
      throw new UsageException(flag + " needs a value: " + what);
    }
    return args[i];
  }

  private static int parsePort(String value) throws UsageException {
    try {
      int p = Integer.parseInt(value);
      if (p >= 1 && p <= 65535) {
        return p;
      }
    } catch (NumberFormatException e) {
      // reported below
    }
    throw new UsageException("--port '" + value + "' is not a port number from 1 to 65535");
  }

  /**
   * The parts of --logdir. A local folder (a path or {@code file:} URI) must exist and be a
   * folder; an {@code hdfs://} or {@code s3://} (any {@code scheme://}) URI is checked for its
   * syntax only here: the launcher lists it once when its storage bundle runs.
   */
  static List<LogDir> checkLogdirs(String spec) throws UsageException {
    List<LogDir> dirs = new ArrayList<>();
    for (String part : spec.split(",")) {
      String p = part.trim();
      if (p.isEmpty()) {
        continue;
      }
      String name = null;
      String location = p;
      if (!LOCATION.matcher(p).matches()) {
        Matcher m = NAMED.matcher(p);
        if (m.matches()) {
          name = m.group(1);
          location = m.group(2);
        }
      }
      if (LOCATION.matcher(location).matches()) {
        URI uri = checkUri(location);
        if ("file".equals(uri.getScheme())) {
          checkFolder(Path.of(uri), location);
        }
        dirs.add(new LogDir(name, location, uri));
      } else {
        Path path = Path.of(location);
        checkFolder(path, path.toString());
        dirs.add(new LogDir(name, location, path.toAbsolutePath().normalize().toUri()));
      }
    }
    if (dirs.isEmpty()) {
      throw new UsageException("--logdir is empty; give a folder, e.g. --logdir runs/");
    }
    return dirs;
  }

  private static void checkFolder(Path path, String shown) throws UsageException {
    if (!Files.exists(path)) {
      throw new UsageException(
          "log directory '" + shown + "' does not exist; create it or point --logdir at an"
              + " existing folder");
    }
    if (!Files.isDirectory(path)) {
      throw new UsageException(
          "log directory '" + shown + "' is a file, not a folder; point --logdir at a folder");
    }
  }

  /** A remote or file: location as a URI, or a one-line UsageException. */
  private static URI checkUri(String location) throws UsageException {
    URI uri;
    try {
      uri = StorageResolver.toUri(location);
    } catch (IllegalArgumentException e) {
      throw new UsageException(e.getMessage());
    }
    String scheme = uri.getScheme().toLowerCase(Locale.ROOT);
    if (scheme.equals("file")) {
      return uri;
    }
    if (uri.getRawQuery() != null || uri.getRawFragment() != null) {
      throw new UsageException("log directory '" + location + "' has a '?' or '#' part, which a"
          + " log directory URI cannot have; give " + scheme + "://host/path");
    }
    switch (scheme) {
      case "s3" -> {
        if (uri.getHost() == null || uri.getHost().isEmpty()) {
          throw new UsageException("log directory '" + location + "' names no bucket; give"
              + " s3://bucket/prefix (the endpoint comes from AWS_ENDPOINT_URL)");
        }
      }
      case "hdfs" -> {
        if (uri.getAuthority() != null && uri.getHost() == null) {
          throw new UsageException("log directory '" + location + "' has no valid NameNode"
              + " host; give hdfs://namenode:8020/path (or hdfs:///path for fs.defaultFS)");
        }
      }
      default -> {
        // Another scheme: the launcher says at start-up whether a storage bundle serves it.
      }
    }
    return uri;
  }
}
