package org.visualdl.itests.s3;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * A real S3 protocol server (S3Proxy, transient in-memory blob store, AWS v2/v4 signatures with
 * fixed keys) in a JVM of its own, started from the class path Maven wrote to
 * {@code target/s3proxy.classpath}: S3Proxy's dependencies never meet the product's.
 */
final class S3ProxyServer implements AutoCloseable {

  static final String ACCESS_KEY = "visualdl-test-access";
  static final String SECRET_KEY = "visualdl-test-secret";

  private final Process process;
  private final int port;

  private S3ProxyServer(Process process, int port) {
    this.process = process;
    this.port = port;
  }

  static S3ProxyServer start() throws IOException, InterruptedException {
    int port;
    try (ServerSocket s = new ServerSocket(0)) {
      port = s.getLocalPort();
    }
    Path dir = Files.createTempDirectory("s3proxy");
    Path properties = dir.resolve("s3proxy.properties");
    Files.writeString(properties, String.join("\n",
        "s3proxy.endpoint=http://127.0.0.1:" + port,
        "s3proxy.authorization=aws-v2-or-v4",
        "s3proxy.identity=" + ACCESS_KEY,
        "s3proxy.credential=" + SECRET_KEY,
        "jclouds.provider=transient",
        "jclouds.identity=unused",
        "jclouds.credential=unused",
        ""));
    String classpath = Files.readString(Path.of(System.getProperty("s3proxy.classpath.file")))
        .strip();
    String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
    Process p = new ProcessBuilder(List.of(java, "-Xmx256m", "-XX:TieredStopAtLevel=1",
        "-Dlogback.configurationFile=" + System.getProperty("s3proxy.logback"),
        "-cp", classpath, "org.gaul.s3proxy.Main", "--properties", properties.toString()))
        .redirectErrorStream(true)
        .redirectOutput(dir.resolve("s3proxy.log").toFile())
        .start();
    long deadline = System.nanoTime() + 60_000_000_000L;
    while (System.nanoTime() < deadline) {
      if (!p.isAlive()) {
        throw new IOException("S3Proxy exited at start: "
            + Files.readString(dir.resolve("s3proxy.log")));
      }
      try (Socket s = new Socket()) {
        s.connect(new InetSocketAddress("127.0.0.1", port), 200);
        return new S3ProxyServer(p, port);
      } catch (IOException notYet) {
        Thread.sleep(100);
      }
    }
    p.destroyForcibly();
    throw new IOException("S3Proxy did not listen on port " + port + " within 60 s");
  }

  String endpoint() {
    return "http://127.0.0.1:" + port;
  }

  @Override
  public void close() throws InterruptedException {
    process.destroy();
    process.waitFor();
  }
}
