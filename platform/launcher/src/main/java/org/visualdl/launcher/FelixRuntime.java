package org.visualdl.launcher;

import java.io.IOException;
import java.io.InputStream;
import java.lang.reflect.InvocationTargetException;
import java.net.HttpURLConnection;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.ServiceLoader;
import java.util.stream.Stream;
import org.osgi.framework.Bundle;
import org.osgi.framework.BundleContext;
import org.osgi.framework.BundleException;
import org.osgi.framework.Constants;
import org.osgi.framework.InvalidSyntaxException;
import org.osgi.framework.ServiceReference;
import org.osgi.framework.launch.Framework;
import org.osgi.framework.launch.FrameworkFactory;
import org.osgi.framework.startlevel.BundleStartLevel;
import org.osgi.framework.startlevel.FrameworkStartLevel;

/**
 * The embedded Felix framework: installs every bundle of {@code bundles/}, and the storage
 * backend bundles of {@code lib/storage/} that the log directories' schemes need (none for local
 * folders), starts them in start levels (logging and libraries, then DS and HTTP, then VisualDL's
 * storage and log formats, then the rest of VisualDL, then the plugin watcher), and stops them on
 * shutdown.
 */
final class FelixRuntime {
  static final int LEVEL_LIBRARIES = 1;
  static final int LEVEL_INFRASTRUCTURE = 2;
  /** Storage and log-format bundles: their formats are there before the maintainer's first scan. */
  static final int LEVEL_FORMATS = 3;
  static final int LEVEL_VISUALDL = 4;
  static final int LEVEL_PLUGINS = 5;

  /** The server bundle's security headers, in Felix's {@code name=value##name=value} form. */
  static final String ERROR_PAGE_HEADERS =
      "X-Content-Type-Options=nosniff##Referrer-Policy=no-referrer##Cache-Control=no-cache"
          + "##Content-Security-Policy=default-src 'self'; img-src 'self' data: blob:;"
          + " style-src 'self'; script-src 'self'; connect-src 'self'; object-src 'none';"
          + " base-uri 'none'; frame-ancestors 'none'";

  /** Folder of the storage backend bundles installed only when a log directory needs them. */
  static final String STORAGE_BUNDLES = "lib/storage";
  /** The storage SPI's service interface, by name: its class is the framework's, not ours. */
  static final String STORAGE_BACKEND = "org.visualdl.api.storage.StorageBackend";
  /** Service property of a backend listing its URI schemes. */
  static final String SCHEMES_PROPERTY = "visualdl.storage.schemes";
  /** Prefixes of conf/visualdl.properties keys that the storage backends read as system properties. */
  static final List<String> STORAGE_SETTING_PREFIXES = List.of("visualdl.hdfs.", "visualdl.s3.");

  private final Path home;
  private final Map<String, String> properties;
  private final List<Path> extraBundles;
  private Framework framework;
  /** This process's temporary folder: the owner file, the framework cache, File Install's files. */
  private Path storage;

  FelixRuntime(Path home, Map<String, String> properties) {
    this(home, properties, List.of());
  }

  /** A runtime that also installs {@code extraBundles} (storage backends) beside bundles/. */
  FelixRuntime(Path home, Map<String, String> properties, List<Path> extraBundles) {
    this.home = home;
    this.properties = properties;
    this.extraBundles = List.copyOf(extraBundles);
  }

  /**
   * The storage backend bundle for {@code scheme} in {@code lib/storage/}: the jar named
   * {@code org.visualdl.storage.<scheme>-<version>.jar}; null when there is none.
   */
  static Path storageBundle(Path home, String scheme) throws IOException {
    Path dir = home.resolve(STORAGE_BUNDLES);
    if (!Files.isDirectory(dir)) {
      return null;
    }
    String prefix = "org.visualdl.storage." + scheme + "-";
    try (Stream<Path> s = Files.list(dir)) {
      return s.filter(p -> {
        String n = p.getFileName().toString();
        return n.startsWith(prefix) && n.endsWith(".jar");
      }).sorted().findFirst().orElse(null);
    }
  }

  /**
   * Sets the {@code visualdl.hdfs.*} and {@code visualdl.s3.*} settings of
   * conf/visualdl.properties as system properties, where the storage backends read them; a
   * {@code -D} given to the JVM (VISUALDL_OPTS) wins.
   */
  static void exportStorageSettings(Map<String, String> properties) {
    for (Map.Entry<String, String> e : properties.entrySet()) {
      boolean storage = STORAGE_SETTING_PREFIXES.stream().anyMatch(e.getKey()::startsWith);
      if (storage && System.getProperty(e.getKey()) == null) {
        System.setProperty(e.getKey(), e.getValue());
      }
    }
  }
  /** Framework properties for a server at host:port over the given log directories. */
  static Map<String, String> properties(
      Path home, String logdir, String host, int port, String token, List<String> allowedHosts)
      throws IOException {
    Map<String, String> p = new HashMap<>();
    Path conf = home.resolve("conf/visualdl.properties");
    if (Files.isRegularFile(conf)) {
      java.util.Properties file = new java.util.Properties();
      try (InputStream in = Files.newInputStream(conf)) {
        file.load(in);
      }
      for (String name : file.stringPropertyNames()) {
        p.put(name, file.getProperty(name).replace("${visualdl.home}", home.toString()));
      }
    }
    // Set host and port as framework properties so Jetty's first bind is already the right one.
    p.put("org.osgi.service.http.port", Integer.toString(port));
    p.put("org.apache.felix.http.host", host);
    p.put("org.apache.felix.http.enable", "true");
    p.putIfAbsent("org.apache.felix.http.jetty.sendServerHeader", "false");
    // Jetty's own error answers (414, 431, a request it cannot parse) carry our headers too.
    p.putIfAbsent("org.apache.felix.http.jetty.errorPageCustomHeaders", ERROR_PAGE_HEADERS);
    // ...and their body is our JSON error: org.visualdl.jetty.errors installs its handler through
    // the request customizer hook this enables (it adds no proxy header handling by itself).
    p.putIfAbsent("org.apache.felix.proxy.load.balancer.connection.enable", "true");
    if (!allowedHosts.isEmpty()) {
      p.put("visualdl.allowedHosts", String.join(",", allowedHosts));
    }
    p.put("visualdl.logdir", logdir);
    if (token != null) {
      p.put("visualdl.token", token);
    }
    p.put("visualdl.home", home.toString());
    p.put("felix.fileinstall.dir", home.resolve("plugins").toString());
    p.putIfAbsent("felix.fileinstall.poll", "500");
    p.putIfAbsent("felix.fileinstall.noInitialDelay", "true");
    p.putIfAbsent("felix.fileinstall.bundles.new.start", "true");
    p.putIfAbsent("felix.fileinstall.log.level", "2");
    p.putIfAbsent("org.ops4j.pax.logging.DefaultServiceLog.level", "WARN");
    return p;
  }

  /** Boots the framework and starts every bundle; throws when one fails to start. */
  void start() throws IOException, BundleException {
    start(false);
  }

  /**
   * Boots the framework. With {@code holdAtStorage}, only up to the storage and format bundles
   * (so remote log directories can be checked before the maintainer lists them); then
   * {@link #startEverything()} starts the rest.
   */
  void start(boolean holdAtStorage) throws IOException, BundleException {
    TempFolders.removeStale(TempFolders.tempRoot(), TempFolders.FELIX_PREFIX);
    storage = TempFolders.create(TempFolders.FELIX_PREFIX);
    Map<String, String> config = new HashMap<>(properties);
    // Felix empties its storage folder at first init: keep it beside the owner file, not around it.
    config.put(Constants.FRAMEWORK_STORAGE, storage.resolve("cache").toString());
    Path fileInstallTmp = Files.createDirectories(storage.resolve("fileinstall"));
    config.putIfAbsent("felix.fileinstall.tmpdir", fileInstallTmp.toString());
    config.put(Constants.FRAMEWORK_STORAGE_CLEAN, Constants.FRAMEWORK_STORAGE_CLEAN_ONFIRSTINIT);
    config.put(Constants.FRAMEWORK_BEGINNING_STARTLEVEL,
        Integer.toString(holdAtStorage ? LEVEL_FORMATS : LEVEL_PLUGINS));
    // The server's health says "starting" until the framework reaches this level.
    config.put("visualdl.servingStartLevel", Integer.toString(LEVEL_PLUGINS));
    FrameworkFactory factory =
        ServiceLoader.load(FrameworkFactory.class, FelixRuntime.class.getClassLoader())
            .findFirst()
            .orElseThrow(() -> new IllegalStateException("no OSGi framework on the class path"));
    framework = factory.newFramework(config);
    framework.init();
    BundleContext context = framework.getBundleContext();
    List<Bundle> installed = new ArrayList<>();
    List<Path> jars = new ArrayList<>(bundleJars(home.resolve("bundles")));
    jars.addAll(extraBundles);
    for (Path jar : jars) {
      // reference: makes Felix use the jar where it is instead of copying it into its cache.
      Bundle b = context.installBundle("reference:" + jar.toUri());
      installed.add(b);
    }
    for (Bundle b : installed) {
      if (b.getHeaders().get(Constants.FRAGMENT_HOST) != null) {
        continue;
      }
      b.adapt(BundleStartLevel.class).setStartLevel(levelOf(b.getSymbolicName()));
      b.start(Bundle.START_ACTIVATION_POLICY);
    }
    framework.start();
    if (!holdAtStorage) {
      startEverything();
    }
  }

  /** Raises the framework to the level where every bundle runs. */
  void startEverything() {
    FrameworkStartLevel fsl = framework.adapt(FrameworkStartLevel.class);
    if (fsl.getStartLevel() < LEVEL_PLUGINS) {
      fsl.setStartLevel(LEVEL_PLUGINS);
    }
  }

  /** Bundles that are not ACTIVE (fragments aside), with their state. */
  List<String> inactiveBundles() {
    List<String> out = new ArrayList<>();
    for (Bundle b : framework.getBundleContext().getBundles()) {
      boolean fragment = b.getHeaders().get(Constants.FRAGMENT_HOST) != null;
      if (!fragment && b.getState() != Bundle.ACTIVE) {
        out.add(b.getSymbolicName() + " (state " + b.getState() + ")");
      }
    }
    return out;
  }

  static int levelOf(String symbolicName) {
    if (symbolicName == null) {
      return LEVEL_LIBRARIES;
    }
    if (symbolicName.startsWith("org.apache.felix.fileinstall")) {
      return LEVEL_PLUGINS;
    }
    // The server (its "starting" page) is registered before Jetty opens the port, so the port never
    // answers Jetty's own 404; its API servlet still waits for the maintainer's LogStore.
    // Jetty's JSON error handler is offered before Jetty starts, so no answer of Jetty's precedes it.
    if (symbolicName.equals("org.visualdl.server") || symbolicName.equals("org.visualdl.jetty.errors")) {
      return LEVEL_INFRASTRUCTURE;
    }
    if (symbolicName.startsWith("org.apache.felix.http.jetty")) {
      return LEVEL_FORMATS;
    }
    if (symbolicName.equals("org.visualdl.storage") || symbolicName.startsWith("org.visualdl.storage.")
        || symbolicName.startsWith("org.visualdl.format.")) {
      return LEVEL_FORMATS;
    }
    if (symbolicName.startsWith("org.visualdl.")) {
      return LEVEL_VISUALDL;
    }
    if (symbolicName.equals("org.apache.felix.scr")) {
      return LEVEL_INFRASTRUCTURE;
    }
    return LEVEL_LIBRARIES;
  }

  private static List<Path> bundleJars(Path dir) throws IOException {
    if (!Files.isDirectory(dir)) {
      throw new IOException("bundle folder " + dir + " is missing; reinstall VisualDL");
    }
    try (Stream<Path> s = Files.list(dir)) {
      return s.filter(p -> p.getFileName().toString().endsWith(".jar"))
          .sorted(Comparator.comparing(p -> p.getFileName().toString()))
          .toList();
    }
  }

  /** Symbolic names of every installed bundle (the system bundle aside). */
  List<String> bundleNames() {
    List<String> out = new ArrayList<>();
    for (Bundle b : framework.getBundleContext().getBundles()) {
      if (b.getBundleId() != 0) {
        out.add(b.getSymbolicName());
      }
    }
    return out;
  }

  /**
   * Lists {@code root} once through the running storage backend service of its scheme, waiting
   * up to {@code timeoutMs} for the service. Null when that works; otherwise one line saying what
   * is wrong (the backend's own message for an unreachable store, bad credentials, a missing
   * bucket or folder).
   */
  String storageProblem(URI root, long timeoutMs) {
    String scheme = root.getScheme().toLowerCase(java.util.Locale.ROOT);
    BundleContext context = framework.getBundleContext();
    long deadline = System.currentTimeMillis() + timeoutMs;
    while (true) {
      ServiceReference<?>[] refs;
      try {
        refs = context.getAllServiceReferences(STORAGE_BACKEND, "(" + SCHEMES_PROPERTY + "=" + scheme + ")");
      } catch (InvalidSyntaxException e) {
        return "'" + scheme + "' is not a URI scheme VisualDL can serve";
      }
      if (refs != null && refs.length > 0) {
        return listOnce(context, refs[0], root);
      }
      String bundle = "org.visualdl.storage." + scheme;
      // At or past the storage level, a backend bundle still INSTALLED could not be resolved: no need
      // to wait for it.
      boolean pastStorageLevel =
          framework.adapt(FrameworkStartLevel.class).getStartLevel() >= LEVEL_FORMATS;
      for (Bundle b : context.getBundles()) {
        if (pastStorageLevel && bundle.equals(b.getSymbolicName()) && b.getState() == Bundle.INSTALLED) {
          return "the " + bundle + " bundle cannot be resolved (the framework's error above says"
              + " which package it misses); reinstall VisualDL";
        }
      }
      if (System.currentTimeMillis() > deadline) {
        String state = null;
        for (Bundle b : context.getBundles()) {
          if (bundle.equals(b.getSymbolicName())) {
            state = b.getState() == Bundle.ACTIVE ? "active" : "not active (state " + b.getState() + ")";
          }
        }
        return "no storage backend for " + scheme + ":// URIs is running"
            + (state == null ? "; add the " + bundle + " bundle to " + STORAGE_BUNDLES + "/"
                : " (bundle " + bundle + " " + state + "); see the server's log");
      }
      try {
        Thread.sleep(20);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        return "interrupted while waiting for the " + scheme + ":// storage backend";
      }
    }
  }

  private static String listOnce(BundleContext context, ServiceReference<?> ref, URI root) {
    Object backend = context.getService(ref);
    if (backend == null) {
      return "the " + root.getScheme() + ":// storage backend went away; try again";
    }
    // The backend implements the API bundle's StorageBackend, not the copy on our class path (a
    // different class): call the interface's method by reflection.
    try {
      Class<?> api = Class.forName(STORAGE_BACKEND, false, backend.getClass().getClassLoader());
      api.getMethod("listing", URI.class).invoke(backend, root);
      return null;
    } catch (InvocationTargetException e) {
      Throwable cause = e.getCause() == null ? e : e.getCause();
      String message = cause.getMessage();
      if (message == null || message.isBlank()) {
        message = cause.getClass().getSimpleName();
      }
      String prefix = root + ": ";
      while (message.startsWith(prefix)) {
        message = message.substring(prefix.length());
      }
      return message.lines().findFirst().orElse(message).strip();
    } catch (ReflectiveOperationException | RuntimeException e) {
      return "cannot call the " + root.getScheme() + ":// storage backend (" + e + ")";
    } finally {
      try {
        context.ungetService(ref);
      } catch (IllegalStateException e) {
        // the framework is stopping
      }
    }
  }

  String property(String name) {
    return properties.get(name);
  }

  /** Waits until {@code GET /api/health} answers 200, or the timeout passes. */
  static boolean awaitHealthy(String host, int port, String token, long timeoutMs) {
    String h = host.contains(":") && !host.startsWith("[") ? "[" + host + "]" : host;
    // A wildcard address is reached through loopback (which the Host check admits).
    if (h.equals("0.0.0.0")) {
      h = "127.0.0.1";
    } else if (h.equals("[::]") || h.equals("[0:0:0:0:0:0:0:0]")) {
      h = "[::1]";
    }
    URI uri = URI.create("http://" + h + ":" + port + "/api/health");
    long deadline = System.currentTimeMillis() + timeoutMs;
    while (System.currentTimeMillis() < deadline) {
      try {
        HttpURLConnection c = (HttpURLConnection) uri.toURL().openConnection();
        c.setConnectTimeout(500);
        c.setReadTimeout(2000);
        if (token != null) {
          c.setRequestProperty("Authorization", "Bearer " + token);
        }
        if (c.getResponseCode() == 200) {
          c.getInputStream().readAllBytes();
          return true;
        }
        c.disconnect();
      } catch (IOException e) {
        // not up yet
      }
      try {
        Thread.sleep(50);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        return false;
      }
    }
    return false;
  }

  /** Stops every bundle and the framework, then removes the framework's cache. */
  void stop() {
    if (framework == null) {
      return;
    }
    try {
      framework.stop();
      framework.waitForStop(20_000);
    } catch (BundleException | InterruptedException e) {
      System.err.println("visualdl: stopping the framework failed: " + e.getMessage());
    }
    TempFolders.deleteTree(storage);
  }
}
