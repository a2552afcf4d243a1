package org.visualdl.itests.remote;

import java.net.URI;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;

/**
 * The packaged server on {@code --logdir s3://e2e-logs/logs}, a real S3 protocol server in this
 * JVM (S3Proxy, transient blob store, AWS v2/v4 signatures), reached by the server through
 * {@code AWS_ENDPOINT_URL}, {@code AWS_REGION}, {@code AWS_ACCESS_KEY_ID} and
 * {@code AWS_SECRET_ACCESS_KEY} exactly as against AWS; written by the Java SDK through
 * {@code LogWriter.open(URI)} with the storage-s3 jar on the class path, configured through
 * {@code visualdl.s3.*} system properties; an explicit {@code flush()} puts its segment at once
 * (the default 5 s segment interval applies to the SDK's background flush only).
 */
class S3EndToEndIT extends RemoteEndToEnd {
  private static final String BUCKET = "e2e-logs";
  private static final String REGION = "us-east-1";
  private static final String[] SDK_PROPERTIES = {
    "visualdl.s3.endpoint", "visualdl.s3.region", "visualdl.s3.accessKeyId",
    "visualdl.s3.secretAccessKey"};

  private S3ProxyInProcess s3;

  @Override
  protected void startStore() throws Exception {
    s3 = S3ProxyInProcess.start(VisualDLServer.freePort());
    s3.createBucket(BUCKET);
    System.setProperty("visualdl.s3.endpoint", s3.endpoint());
    System.setProperty("visualdl.s3.region", REGION);
    System.setProperty("visualdl.s3.accessKeyId", S3ProxyInProcess.ACCESS_KEY);
    System.setProperty("visualdl.s3.secretAccessKey", S3ProxyInProcess.SECRET_KEY);
  }

  @Override
  protected void stopStore() throws Exception {
    s3.stop();
  }

  @Override
  protected void restartStore() throws Exception {
    s3.restart();
  }

  @Override
  protected void closeStore() throws Exception {
    for (String p : SDK_PROPERTIES) {
      System.clearProperty(p);
    }
    if (s3 != null) {
      s3.close();
    }
  }

  @Override
  protected URI logdir() {
    return URI.create("s3://" + BUCKET + "/logs");
  }

  @Override
  protected Map<String, String> serverEnv() {
    return env(S3ProxyInProcess.ACCESS_KEY, S3ProxyInProcess.SECRET_KEY, s3.endpoint());
  }

  private static Map<String, String> env(String key, String secret, String endpoint) {
    Map<String, String> env = new HashMap<>();
    env.put("AWS_ENDPOINT_URL", endpoint);
    env.put("AWS_REGION", REGION);
    env.put("AWS_ACCESS_KEY_ID", key);
    env.put("AWS_SECRET_ACCESS_KEY", secret);
    return env;
  }

  @Test
  @Order(5)
  void badCredentialsAtStartExitWithStatus2AndOneLine() throws Exception {
    VisualDLServer.Exit exit = VisualDLServer.startExpectingExit(
        env(S3ProxyInProcess.ACCESS_KEY, "not-the-secret", s3.endpoint()),
        "--logdir", logdir().toString());
    StartupFaults.assertOneLineExit(exit, logdir().toString(), "AWS_SECRET_ACCESS_KEY");
    VisualDLServer.Exit unknownKey = VisualDLServer.startExpectingExit(
        env("nobody-knows-this-key", S3ProxyInProcess.SECRET_KEY, s3.endpoint()),
        "--logdir", logdir().toString());
    StartupFaults.assertOneLineExit(unknownKey, logdir().toString(), "AWS_ACCESS_KEY_ID");
  }

  @Test
  @Order(6)
  void aMissingBucketAtStartExitsWithStatus2AndOneLine() throws Exception {
    VisualDLServer.Exit exit = VisualDLServer.startExpectingExit(serverEnv(),
        "--logdir", "s3://no-such-bucket-e2e/logs");
    StartupFaults.assertOneLineExit(exit, "no-such-bucket-e2e");
  }
}
