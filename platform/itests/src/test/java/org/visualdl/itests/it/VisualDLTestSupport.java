package org.visualdl.itests.it;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.fail;
import static org.ops4j.pax.exam.CoreOptions.bundle;
import static org.ops4j.pax.exam.CoreOptions.composite;
import static org.ops4j.pax.exam.CoreOptions.frameworkProperty;
import static org.ops4j.pax.exam.CoreOptions.junitBundles;
import static org.ops4j.pax.exam.CoreOptions.mavenBundle;
import static org.ops4j.pax.exam.CoreOptions.systemProperty;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Predicate;
import java.util.function.Supplier;
import javax.inject.Inject;
import org.ops4j.pax.exam.Option;
import org.ops4j.pax.exam.options.MavenArtifactProvisionOption;
import org.ops4j.pax.exam.options.UrlProvisionOption;
import org.osgi.framework.BundleContext;

/**
 * What every VisualDL integration test boots: Felix with the bundles the distribution ships, at the
 * launcher's start levels, serving a log directory on a free loopback port. Each test class picks
 * the option groups it needs from the factories below and adds only what differs.
 *
 * <p>{@code @Configuration} methods run in the test JVM before the framework starts, so that is
 * where logs are written with the SDK ({@link SdkLogs}); the test methods run inside the framework
 * and learn the port and log directory from framework properties.
 */
public abstract class VisualDLTestSupport {
  /** Start levels of {@code FelixRuntime}: libraries, then DS and HTTP, then VisualDL. */
  static final int LEVEL_LIBRARIES = 1;
  static final int LEVEL_INFRASTRUCTURE = 2;
  static final int LEVEL_VISUALDL = 3;

  static final String HOST = "127.0.0.1";
  static final String PORT_PROPERTY = "org.osgi.service.http.port";
  static final String HOST_PROPERTY = "org.apache.felix.http.host";
  static final String LOGDIR_PROPERTY = "visualdl.logdir";

  /** How long a test waits for the server or the maintainer to catch up. */
  static final Duration STARTUP_TIMEOUT = Duration.ofSeconds(20);

  static final ObjectMapper JSON = new ObjectMapper();

  /** Options per test class: Pax Exam calls a {@code @Configuration} method more than once. */
  private static final Map<Class<?>, Option[]> CONFIGURED = new ConcurrentHashMap<>();

  @Inject protected BundleContext bundleContext;

  // ---------------------------------------------------------------- option factories (test JVM)

  /**
   * Builds this class's options on the first call and returns the same ones after, so the logs
   * are written once and every call agrees on the port.
   */
  protected Option[] once(Supplier<Option[]> options) {
    return CONFIGURED.computeIfAbsent(getClass(), c -> options.get());
  }

  /**
   * The whole runtime of {@code distribution/}: everything but the plugin watcher (fileinstall),
   * whose job {@code PluginLifecycleIT} does by hand.
   */
  protected static Option visualdlRuntime(int port, Path logdir) {
    return composite(
        felix(port, logdir),
        localMavenRepo(),
        logging(),
        declarativeServices(),
        configAdmin(),
        http(),
        jackson(),
        protobuf(),
        visualdlBundles(),
        junitBundles());
  }

  /** Framework properties the launcher sets: host and port for Jetty's first bind, the logs. */
  protected static Option felix(int port, Path logdir) {
    return composite(
        frameworkProperty(PORT_PROPERTY).value(Integer.toString(port)),
        frameworkProperty(HOST_PROPERTY).value(HOST),
        frameworkProperty("org.apache.felix.http.enable").value("true"),
        frameworkProperty("org.apache.felix.http.jetty.sendServerHeader").value("false"),
        frameworkProperty(LOGDIR_PROPERTY).value(logdir.toString()),
        frameworkProperty("org.ops4j.pax.logging.DefaultServiceLog.level").value("WARN"));
  }

  /**
   * pax-url resolves {@code mvn:} links from the local repository Maven filled, never from the
   * network: a cold CI must not fetch behind Maven's back (STACK.md pitfall 4). Set as system
   * properties because the native container resolves links in this JVM.
   */
  protected static Option localMavenRepo() {
    String fallback =
        System.getProperty("maven.repo.local", System.getProperty("user.home") + "/.m2/repository");
    String repo = System.getProperty("org.ops4j.pax.url.mvn.localRepository", fallback);
    return composite(
        systemProperty("org.ops4j.pax.url.mvn.localRepository").value(repo),
        systemProperty("org.ops4j.pax.url.mvn.repositories").value(""),
        systemProperty("org.ops4j.pax.url.mvn.defaultRepositories").value(""),
        systemProperty("org.ops4j.pax.url.mvn.useFallbackRepositories").value("false"),
        systemProperty("org.ops4j.pax.url.mvn.offline").value("true"));
  }

  /** slf4j, commons-logging, JUL etc. through pax-logging-api alone, as in the distribution. */
  protected static Option logging() {
    return library("org.ops4j.pax.logging", "pax-logging-api");
  }

  /** Felix SCR and the API bundles it imports but no longer carries. */
  protected static Option declarativeServices() {
    return composite(
        library("org.osgi", "org.osgi.util.function"),
        library("org.osgi", "org.osgi.util.promise"),
        library("org.osgi", "org.osgi.service.component"),
        infrastructure("org.apache.felix", "org.apache.felix.scr"));
  }

  protected static Option configAdmin() {
    return library("org.apache.felix", "org.apache.felix.configadmin");
  }

  /** Felix HTTP Jetty 12 and what it needs (STACK.md pitfall 1). */
  protected static Option http() {
    return composite(
        library("org.apache.felix", "org.apache.felix.http.servlet-api"),
        library("commons-io", "commons-io"),
        library("commons-fileupload", "commons-fileupload"),
        infrastructure("org.apache.felix", "org.apache.felix.http.jetty12"));
  }

  protected static Option jackson() {
    return composite(
        library("com.fasterxml.jackson.core", "jackson-annotations"),
        library("com.fasterxml.jackson.core", "jackson-core"),
        library("com.fasterxml.jackson.core", "jackson-databind"));
  }

  protected static Option protobuf() {
    return library("com.google.protobuf", "protobuf-java");
  }

  /** The core bundles of {@code distribution/bundles} (not the SDK: it runs in the trainer). */
  protected static Option visualdlBundles() {
    return composite(
        visualdl("org.visualdl.proto"),
        visualdl("org.visualdl.api"),
        visualdl("org.visualdl.storage"),
        visualdl("org.visualdl.maintainer"),
        visualdl("org.visualdl.server"),
        visualdl("org.visualdl.plugin.scalar"),
        visualdl("org.visualdl.plugin.histogram"),
        visualdl("org.visualdl.plugin.image"),
        visualdl("org.visualdl.plugin.text"),
        visualdl("org.visualdl.plugin.audio"),
        visualdl("org.visualdl.plugin.prcurve"),
        visualdl("org.visualdl.plugin.roccurve"),
        visualdl("org.visualdl.plugin.hparams"),
        visualdl("org.visualdl.plugin.graph"),
        visualdl("org.visualdl.plugin.embedding"),
        visualdl("org.visualdl.format.tensorboard"),
        visualdl("org.visualdl.format.visualdl2"));
  }

  /**
   * Where one of our bundles is: the file Maven resolved for this build (the sibling module's jar
   * in a reactor build, where the local repository may not hold it yet), else its {@code mvn:}
   * link at the version this build uses (a run from an IDE).
   */
  protected static String visualdlUrl(String artifactId) {
    String file = System.getProperty("visualdl.itests.bundle." + artifactId, "");
    if (!file.isEmpty() && !file.startsWith("${") && Files.isRegularFile(Path.of(file))) {
      return Path.of(file).toUri().toString();
    }
    return mavenBundle("org.visualdl", artifactId).versionAsInProject().getURL();
  }

  private static UrlProvisionOption visualdl(String artifactId) {
    return bundle(visualdlUrl(artifactId)).startLevel(LEVEL_VISUALDL);
  }

  private static MavenArtifactProvisionOption library(String groupId, String artifactId) {
    return mavenBundle(groupId, artifactId).versionAsInProject().startLevel(LEVEL_LIBRARIES);
  }

  private static MavenArtifactProvisionOption infrastructure(String groupId, String artifactId) {
    return mavenBundle(groupId, artifactId).versionAsInProject().startLevel(LEVEL_INFRASTRUCTURE);
  }

  /** A port nobody listens on now, on the loopback interface the server will bind. */
  protected static int freePort() {
    try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getByName(HOST))) {
      return s.getLocalPort();
    } catch (IOException e) {
      throw new IllegalStateException("no free port on " + HOST, e);
    }
  }

  /** A fresh log directory under {@code target/}, kept after the run so a failure can be read. */
  protected static Path newLogDirectory(String testName) {
    String target = System.getProperty("visualdl.itests.target", "target");
    try {
      Path parent = Files.createDirectories(Path.of(target, "itest-logs"));
      return Files.createTempDirectory(parent, testName + "-");
    } catch (IOException e) {
      throw new IllegalStateException("cannot create a log directory under " + target, e);
    }
  }

  /** A fresh log directory holding {@link ScalarData}, written with the SDK. */
  protected static Path sdkWrittenLogs(String testName) {
    return SdkLogs.writeScalarData(newLogDirectory(testName));
  }

  // ---------------------------------------------------------------- helpers (inside the framework)

  protected int port() {
    return Integer.parseInt(bundleContext.getProperty(PORT_PROPERTY));
  }

  protected URI uri(String pathAndQuery) {
    return URI.create("http://" + HOST + ":" + port() + pathAndQuery);
  }

  /** {@code name=value&...} with each value URL-encoded. */
  protected static String query(String... namesAndValues) {
    StringBuilder q = new StringBuilder();
    for (int i = 0; i < namesAndValues.length; i += 2) {
      q.append(i == 0 ? "?" : "&")
          .append(namesAndValues[i])
          .append('=')
          .append(URLEncoder.encode(namesAndValues[i + 1], StandardCharsets.UTF_8));
    }
    return q.toString();
  }

  /** One GET answer: status, media type and body. */
  protected record Answer(int status, String contentType, String body) {
    JsonNode json() {
      try {
        return JSON.readTree(body);
      } catch (IOException e) {
        throw new AssertionError("not JSON (status " + status + "): " + body, e);
      }
    }
  }

  protected Answer get(String pathAndQuery) throws IOException, InterruptedException {
    HttpRequest request =
        HttpRequest.newBuilder(uri(pathAndQuery)).timeout(Duration.ofSeconds(10)).GET().build();
    HttpResponse<String> r = Http.CLIENT.send(request, HttpResponse.BodyHandlers.ofString());
    return new Answer(
        r.statusCode(), r.headers().firstValue("Content-Type").orElse(""), r.body());
  }

  /** One client per framework, created on first use: never in the test JVM that only configures. */
  private static final class Http {
    static final HttpClient CLIENT =
        HttpClient.newBuilder()
            .version(HttpClient.Version.HTTP_1_1)
            .proxy(HttpClient.Builder.NO_PROXY)
            .connectTimeout(Duration.ofSeconds(2))
            .build();
  }

  /** GET that must answer 200 with JSON. */
  protected JsonNode getJson(String pathAndQuery) throws IOException, InterruptedException {
    Answer a = get(pathAndQuery);
    assertEquals("GET " + pathAndQuery + " -> " + a.body(), 200, a.status());
    return a.json();
  }

  /** Polls a GET until its JSON answer satisfies the condition, or fails after the timeout. */
  protected JsonNode awaitJson(String pathAndQuery, Duration timeout, Predicate<JsonNode> condition)
      throws InterruptedException {
    long deadline = System.nanoTime() + timeout.toNanos();
    String last = "no answer";
    while (true) {
      try {
        Answer a = get(pathAndQuery);
        last = a.status() + " " + a.body();
        if (a.status() == 200) {
          JsonNode node = a.json();
          if (condition.test(node)) {
            return node;
          }
        }
      } catch (IOException e) {
        last = e.toString();
      }
      if (System.nanoTime() > deadline) {
        fail("GET " + pathAndQuery + " did not reach the expected answer in " + timeout
            + "; last: " + last);
      }
      Thread.sleep(50);
    }
  }

  /** Waits until the server answers and the maintainer has read the log directory once. */
  protected JsonNode awaitServerReady() throws InterruptedException {
    return awaitJson(
        "/api/health", STARTUP_TIMEOUT, h -> "ready".equals(h.path("state").asText()));
  }
}
