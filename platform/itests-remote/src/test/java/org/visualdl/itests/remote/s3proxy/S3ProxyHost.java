package org.visualdl.itests.remote.s3proxy;

import java.net.URI;
import java.util.Properties;
import org.gaul.s3proxy.AuthenticationType;
import org.gaul.s3proxy.S3Proxy;
import org.jclouds.ContextBuilder;
import org.jclouds.blobstore.BlobStore;
import org.jclouds.blobstore.BlobStoreContext;

/**
 * S3Proxy over one transient (in-memory) blob store that outlives the proxy: {@link #stop()} and
 * {@link #start()} take the S3 endpoint away and bring it back on the same port with the same
 * buckets and objects, as a restarted S3-compatible server with persistent storage would.
 *
 * <p>Loaded only through {@code S3ProxyInProcess}, in a class loader of its own that holds
 * S3Proxy's class path: this class must never be loaded by the tests' class loader.
 */
public final class S3ProxyHost {
  private final BlobStoreContext context;
  private final URI endpoint;
  private final String identity;
  private final String credential;
  private S3Proxy proxy;

  public S3ProxyHost(int port, String identity, String credential) {
    this.context = ContextBuilder.newBuilder("transient")
        .credentials("unused", "unused")
        .overrides(new Properties())
        .build(BlobStoreContext.class);
    this.endpoint = URI.create("http://127.0.0.1:" + port);
    this.identity = identity;
    this.credential = credential;
  }

  public synchronized void start() throws Exception {
    if (proxy != null) {
      return;
    }
    S3Proxy p = S3Proxy.builder()
        .blobStore(context.getBlobStore())
        .endpoint(endpoint)
        .awsAuthentication(AuthenticationType.AWS_V2_OR_V4, identity, credential)
        .build();
    p.start();
    long deadline = System.nanoTime() + 30_000_000_000L;
    while (!"STARTED".equals(p.getState())) {
      if (System.nanoTime() > deadline) {
        p.stop();
        throw new IllegalStateException("S3Proxy did not start on " + endpoint + ": " + p.getState());
      }
      Thread.sleep(20);
    }
    proxy = p;
  }

  public synchronized void stop() throws Exception {
    if (proxy != null) {
      proxy.stop();
      proxy = null;
    }
  }

  public void createBucket(String name) {
    BlobStore store = context.getBlobStore();
    store.createContainerInLocation(null, name);
  }

  public synchronized void close() throws Exception {
    stop();
    context.close();
  }
}
