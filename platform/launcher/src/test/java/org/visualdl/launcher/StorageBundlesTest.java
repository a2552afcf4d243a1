package org.visualdl.launcher;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Which lib/storage/ jar serves a scheme, and conf keys that reach the backends. */
class StorageBundlesTest {
  @TempDir Path home;

  @Test
  void theBundleOfASchemeIsFoundByItsName() throws Exception {
    assertNull(FelixRuntime.storageBundle(home, "s3"), "no lib/storage/ at all");
    Path dir = Files.createDirectories(home.resolve("lib/storage"));
    Path hdfs = Files.write(dir.resolve("org.visualdl.storage.hdfs-0.1.0.jar"), new byte[] {1});
    Path s3 = Files.write(dir.resolve("org.visualdl.storage.s3-0.1.0.jar"), new byte[] {1});
    Files.write(dir.resolve("slf4j-api-2.0.17.jar"), new byte[] {1});
    assertEquals(hdfs, FelixRuntime.storageBundle(home, "hdfs"));
    assertEquals(s3, FelixRuntime.storageBundle(home, "s3"));
    assertNull(FelixRuntime.storageBundle(home, "gs"));
  }

  @Test
  void storageKeysOfTheConfBecomeSystemPropertiesUnlessAlreadySet() throws Exception {
    Files.createDirectories(home.resolve("conf"));
    Files.writeString(home.resolve("conf/visualdl.properties"), String.join("\n",
        "visualdl.s3.pathStyle=true",
        "visualdl.hdfs.ipc.client.connect.max.retries=0",
        "visualdl.s3.region=eu-west-1",
        "visualdl.pollIntervalMs=700"));
    System.setProperty("visualdl.s3.region", "us-east-2");
    try {
      Map<String, String> p = FelixRuntime.properties(
          home, home.toString(), "127.0.0.1", 8040, null, java.util.List.of());
      FelixRuntime.exportStorageSettings(p);
      assertEquals("true", System.getProperty("visualdl.s3.pathStyle"));
      assertEquals("0", System.getProperty("visualdl.hdfs.ipc.client.connect.max.retries"));
      assertEquals("us-east-2", System.getProperty("visualdl.s3.region"), "a -D wins");
      assertNull(System.getProperty("visualdl.pollIntervalMs"), "other keys stay framework properties");
    } finally {
      System.clearProperty("visualdl.s3.pathStyle");
      System.clearProperty("visualdl.hdfs.ipc.client.connect.max.retries");
      System.clearProperty("visualdl.s3.region");
    }
  }
}
