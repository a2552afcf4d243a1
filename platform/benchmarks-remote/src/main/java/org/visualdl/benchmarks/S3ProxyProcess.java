package org.visualdl.benchmarks;

import java.io.IOException;
import java.io.InputStream;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.s3.S3Client;

/**
 * A real S3 protocol server: S3Proxy 3.3.0 (in-memory "transient" blob store, AWS v2/v4
 * signatures with fixed keys, its Prometheus metrics on) in a JVM of its own, started from the
 * jars Maven copied to {@code target/s3proxy-lib}: S3Proxy's dependencies never meet ours
 * (STACK.md). Uploads go through the AWS SDK for Java's S3 client, as any other tool's would.
 */
final class S3ProxyProcess implements AutoCloseable {

  static final String ACCESS_KEY = "visualdl-bench-access";
  static final String SECRET_KEY = "visualdl-bench-secret";
  static final String REGION = "us-east-1";

  private final Process process;
  private final int port;
  private final S3Client client;

  private S3ProxyProcess(Process process, int port) {
    this.process = process;
    this.port = port;
    this.client = S3Client.builder()
        .httpClient(UrlConnectionHttpClient.create())
        .endpointOverride(URI.create(endpoint()))
        .forcePathStyle(true)
        .region(Region.of(REGION))
        .credentialsProvider(StaticCredentialsProvider.create(
            AwsBasicCredentials.create(ACCESS_KEY, SECRET_KEY)))
        .build();
  }

  /** The folder of S3Proxy's jars next to this benchmark's jar: {@code target/s3proxy-lib}. */
  static Path defaultLib() throws Exception {
    Path jar = Path.of(S3ProxyProcess.class.getProtectionDomain().getCodeSource().getLocation()
        .toURI());
    return jar.getParent().resolve("s3proxy-lib");   // target/ (of target/classes or the jar)
  }

  /** Starts S3Proxy with {@code heap} (for example {@code 1g}: R is held in its memory). */
  static S3ProxyProcess start(Path lib, Path work, String heap) throws Exception {
    if (!Files.isDirectory(lib)) {
      throw new IOException("no S3Proxy jars at " + lib + ": build platform/benchmarks-remote"
          + " with ./mvnw package, or pass --s3proxy-lib DIR");
    }
    int port;
    try (ServerSocket s = new ServerSocket(0)) {
      port = s.getLocalPort();
    }
    Path dir = Files.createDirectories(work);
    Path properties = dir.resolve("s3proxy.properties");
    Files.writeString(properties, String.join("\n",
        "s3proxy.endpoint=http://127.0.0.1:" + port,
        "s3proxy.authorization=aws-v2-or-v4",
        "s3proxy.identity=" + ACCESS_KEY,
        "s3proxy.credential=" + SECRET_KEY,
        "s3proxy.metrics.enabled=true",
        "jclouds.provider=transient",
        "jclouds.identity=unused",
        "jclouds.credential=unused",
        ""));
    Path logback = dir.resolve("s3proxy-logback.xml");
    try (InputStream in = S3ProxyProcess.class.getResourceAsStream("/s3proxy-logback.xml")) {
      Files.write(logback, in.readAllBytes());
    }
    String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
    Path log = dir.resolve("s3proxy.log");
    Process p = new ProcessBuilder(List.of(java, "-Xmx" + heap, "-XX:TieredStopAtLevel=1",
        "-Dlogback.configurationFile=" + logback, "-cp", lib.toAbsolutePath() + "/*",
        "org.gaul.s3proxy.Main", "--properties", properties.toString()))
        .redirectErrorStream(true)
        .redirectOutput(log.toFile())
        .start();
    long deadline = System.nanoTime() + 60_000_000_000L;
    while (System.nanoTime() < deadline) {
      if (!p.isAlive()) {
        throw new IOException("S3Proxy exited at start: " + Files.readString(log));
      }
      try (Socket s = new Socket()) {
        s.connect(new InetSocketAddress("127.0.0.1", port), 200);
        return new S3ProxyProcess(p, port);
      } catch (IOException notYet) {
        Thread.sleep(100);
      }
    }
    p.destroyForcibly();
    throw new IOException("S3Proxy did not listen on port " + port + " within 60 s; see " + log);
  }

  String endpoint() {
    return "http://127.0.0.1:" + port;
  }

  /** The variables a client of this server needs (the packaged server, the SDK, the aws CLI). */
  Map<String, String> env() {
    Map<String, String> env = new LinkedHashMap<>();
    env.put("AWS_ENDPOINT_URL", endpoint());
    env.put("AWS_REGION", REGION);
    env.put("AWS_ACCESS_KEY_ID", ACCESS_KEY);
    env.put("AWS_SECRET_ACCESS_KEY", SECRET_KEY);
    return env;
  }

  void createBucket(String bucket) {
    client.createBucket(b -> b.bucket(bucket));
  }

  /**
   * Uploads every file of the run folders of {@code local} below {@code s3://bucket/prefix/},
   * one PutObject per file, keys as the relative paths. Returns the bytes uploaded.
   */
  long upload(Path local, String bucket, String prefix) throws IOException {
    List<Path> files;
    try (Stream<Path> s = Files.walk(local)) {
      files = s.filter(Files::isRegularFile)
          .filter(f -> !f.getParent().equals(local))       // the run folders' files only
          .sorted().toList();
    }
    long bytes = 0;
    for (Path f : files) {
      String key = prefix + "/" + local.relativize(f).toString().replace('\\', '/');
      client.putObject(b -> b.bucket(bucket).key(key), RequestBody.fromFile(f));
      bytes += Files.size(f);
    }
    return bytes;
  }

  /**
   * Requests S3Proxy served so far, by S3 operation ({@code ListObjectsV2}, {@code GetObject},
   * {@code HeadObject}, ...), from its Prometheus metrics ({@code /metrics}); empty when they
   * cannot be read.
   */
  Map<String, Long> storeCounters() {
    Map<String, Long> out = new LinkedHashMap<>();
    try {
      HttpResponse<String> r = HttpClient.newHttpClient().send(
          HttpRequest.newBuilder(URI.create(endpoint() + "/metrics"))
              .timeout(Duration.ofSeconds(10)).build(),
          HttpResponse.BodyHandlers.ofString());
      if (r.statusCode() != 200) {
        return out;
      }
      Pattern line = Pattern.compile("^http_server_request_duration_seconds_count\\{(.*)\\}\\s+"
          + "([0-9.eE+]+)$");
      Pattern op = Pattern.compile("s3_operation=\"([^\"]*)\"");
      for (String l : r.body().split("\n")) {
        Matcher m = line.matcher(l.strip());
        if (m.matches()) {
          Matcher o = op.matcher(m.group(1));
          String name = o.find() ? o.group(1) : "other";
          out.merge(name, (long) Double.parseDouble(m.group(2)), Long::sum);
        }
      }
    } catch (IOException | InterruptedException | RuntimeException e) {
      // no metrics: the table says n/a
    }
    return out;
  }

  @Override
  public void close() throws InterruptedException {
    client.close();
    process.destroy();
    process.waitFor();
  }
}
