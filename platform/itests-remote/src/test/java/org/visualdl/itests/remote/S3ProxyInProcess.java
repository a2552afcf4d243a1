package org.visualdl.itests.remote;

import java.io.IOException;
import java.lang.reflect.InvocationTargetException;
import java.net.InetSocketAddress;
import java.net.MalformedURLException;
import java.net.Socket;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * A real S3 protocol server (S3Proxy 3.3.0, transient blob store, AWS v2/v4 signatures with
 * fixed keys) in this JVM, in a class loader of its own built from the class path Maven wrote to
 * {@code target/s3proxy.classpath}: S3Proxy's dependencies (its own AWS SDK, Jetty, Jackson 3)
 * never meet the SDK's and the backends'. It can be stopped and started again on the same port
 * with the same data.
 */
final class S3ProxyInProcess implements AutoCloseable {
  static final String ACCESS_KEY = "visualdl-e2e-access";
  static final String SECRET_KEY = "visualdl-e2e-secret";

  private final URLClassLoader loader;
  private final Object host;
  final int port;

  private S3ProxyInProcess(URLClassLoader loader, Object host, int port) {
    this.loader = loader;
    this.host = host;
    this.port = port;
  }

  static S3ProxyInProcess start(int port) throws Exception {
    List<URL> urls = new ArrayList<>();
    // this test's classes, for S3ProxyHost only (it is the one class loaded from there)
    urls.add(Path.of(S3ProxyInProcess.class.getProtectionDomain().getCodeSource().getLocation()
        .toURI()).toUri().toURL());
    String file = System.getProperty("s3proxy.classpath.file");
    if (file == null) {
      throw new IllegalStateException("system property s3proxy.classpath.file is not set (run with Maven)");
    }
    for (String entry : Files.readString(Path.of(file)).strip().split(java.io.File.pathSeparator)) {
      if (!entry.isBlank()) {
        urls.add(toUrl(entry));
      }
    }
    URLClassLoader loader = new URLClassLoader("s3proxy", urls.toArray(URL[]::new),
        ClassLoader.getPlatformClassLoader());
    Thread t = Thread.currentThread();
    ClassLoader previous = t.getContextClassLoader();
    t.setContextClassLoader(loader);
    try {
      Class<?> c = loader.loadClass("org.visualdl.itests.remote.s3proxy.S3ProxyHost");
      Object host = c.getConstructor(int.class, String.class, String.class)
          .newInstance(port, ACCESS_KEY, SECRET_KEY);
      S3ProxyInProcess s = new S3ProxyInProcess(loader, host, port);
      s.call("start");
      return s;
    } finally {
      t.setContextClassLoader(previous);
    }
  }

  private static URL toUrl(String entry) {
    try {
      return Path.of(entry).toUri().toURL();
    } catch (MalformedURLException e) {
      throw new IllegalArgumentException(entry, e);
    }
  }

  String endpoint() {
    return "http://127.0.0.1:" + port;
  }

  void createBucket(String name) throws Exception {
    call("createBucket", name);
  }

  /** Takes the endpoint away: connections to the port are refused. */
  void stop() throws Exception {
    call("stop");
    waitUntil(false);
  }

  /** Brings the endpoint back on the same port, with every bucket and object as before. */
  void restart() throws Exception {
    call("start");
    waitUntil(true);
  }

  private void waitUntil(boolean listening) throws InterruptedException, IOException {
    long deadline = System.nanoTime() + 30_000_000_000L;
    while (System.nanoTime() < deadline) {
      boolean open;
      try (Socket s = new Socket()) {
        s.connect(new InetSocketAddress("127.0.0.1", port), 200);
        open = true;
      } catch (IOException e) {
        open = false;
      }
      if (open == listening) {
        return;
      }
      Thread.sleep(50);
    }
    throw new IOException("S3Proxy on port " + port + " did not " + (listening ? "listen" : "stop") + " within 30 s");
  }

  private void call(String method, Object... args) throws Exception {
    Class<?>[] types = new Class<?>[args.length];
    for (int i = 0; i < args.length; i++) {
      types[i] = args[i].getClass();
    }
    Thread t = Thread.currentThread();
    ClassLoader previous = t.getContextClassLoader();
    t.setContextClassLoader(loader);
    try {
      host.getClass().getMethod(method, types).invoke(host, args);
    } catch (InvocationTargetException e) {
      throw e.getCause() instanceof Exception ex ? ex : e;
    } finally {
      t.setContextClassLoader(previous);
    }
  }

  @Override
  public void close() throws Exception {
    try {
      call("close");
    } finally {
      loader.close();
    }
  }
}
