package org.visualdl.plugin.image.internal;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.lang.reflect.Proxy;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.visualdl.api.BlobRef;
import org.visualdl.proto.Image;
import org.visualdl.api.LogStore;
import org.visualdl.api.RunInfo;
import org.visualdl.api.frontend.BinaryResult;
import org.visualdl.api.frontend.RouteException;
import org.visualdl.plugin.testing.Requests;

/**
 * The routes' own logic with a stand-in store; the routes against real logs (byte-identical bytes,
 * decoded pixels) are tested in the distribution's ImageRoutesIT.
 */
class ImagePluginTest {
  static final String RUN = "exp 1/a&b";
  static final String TAG = "samples/x+y";
  static final byte[] BYTES = {1, 2, 3};

  static LogStore store() {
    return (LogStore) Proxy.newProxyInstance(
        LogStore.class.getClassLoader(), new Class<?>[] {LogStore.class},
        (proxy, method, args) -> switch (method.getName()) {
          case "runs" -> List.of(new RunInfo(RUN, 0, 1));
          case "blobs" -> args[0].equals(RUN) && args[1].equals(TAG)
              && args[2].equals(ImagePlugin.KIND)
              ? Optional.of(List.of(
                  ref(5, 1234, 0, 1, "image/jpeg", 3),
                  ref(5, 1234, 1, 1, "image/png", 4),
                  ref(7, 1500, 0, 2, "image/future", 3),
                  ref(9, 5678, 0, 1, "image/png", 4)))
              : Optional.empty();
          case "blob" -> {
            if ((long) args[3] == 9) {
              throw new UncheckedIOException(new IOException("file gone"));
            }
            int index = (int) args[4];
            yield Optional.of(Image.newBuilder().setMediaType("image/png")
                .setEncoded(com.google.protobuf.ByteString.copyFrom(
                    new byte[] {BYTES[0], BYTES[1], (byte) (BYTES[2] + index)}))
                .build().toByteArray());
          }
          default -> {
            if (method.isDefault()) {
              yield java.lang.reflect.InvocationHandler.invokeDefault(proxy, method, args);
            }
            throw new UnsupportedOperationException(method.getName());
          }
        });
  }

  static BlobRef ref(long step, long wall, int index, int version, String mediaType,
      int channels) {
    byte[] header = Image.newBuilder().setMediaType(mediaType).setWidth(4).setHeight(3)
        .setChannels(channels).build().toByteArray();
    return new BlobRef(step, wall, index, version, header, 3);
  }

  static Object call(String path, Map<String, String> params) {
    return ImagePlugin.over(store()).routes().stream()
        .filter(r -> r.path().equals(path)).findFirst().orElseThrow()
        .handler().handle(Requests.request(params));
  }

  static Map<String, String> params(Object... kv) {
    Map<String, String> m = new HashMap<>();
    for (int i = 0; i < kv.length; i += 2) {
      m.put((String) kv[i], String.valueOf(kv[i + 1]));
    }
    return m;
  }

  @Test
  void entriesCarryAnEncodedVersionedUrl() {
    var answer = (ImagePlugin.Entries) call("entries", params("run", RUN, "tag", TAG));
    assertEquals(3, answer.entries().size(), "the image of a newer payload version is left out");
    ImagePlugin.Entry e = answer.entries().get(0);
    assertEquals(5, e.step());
    assertEquals(1234, e.wallTime());
    assertEquals("image/jpeg", e.mediaType());
    assertEquals(
        "/api/plugins/image/blob?run=exp%201%2Fa%26b&tag=samples%2Fx%2By&step=5&v=1234", e.url());
    assertEquals(0, e.index());
    ImagePlugin.Entry second = answer.entries().get(1);
    assertEquals(5, second.step());
    assertEquals(1, second.index());
    assertEquals(
        "/api/plugins/image/blob?run=exp%201%2Fa%26b&tag=samples%2Fx%2By&step=5&index=1&v=1234",
        second.url());
  }

  @Test
  void blobServesTheImageOfTheIndexAsked() {
    var first = (BinaryResult) call("blob", params("run", RUN, "tag", TAG, "step", 5));
    assertArrayEquals(BYTES, first.bytes());
    var second = (BinaryResult) call("blob", params("run", RUN, "tag", TAG, "step", 5, "index", 1));
    assertArrayEquals(new byte[] {1, 2, 4}, second.bytes());
    assertEquals("image/png", second.mediaType());
    assertEquals(RouteException.Status.NOT_FOUND, assertThrows(RouteException.class,
        () -> call("blob", params("run", RUN, "tag", TAG, "step", 5, "index", 2))).status());
  }

  @Test
  void blobServesTheBytesWithTheirMediaTypeImmutableOnlyWhenVersioned() {
    var versioned = (BinaryResult) call("blob", params("run", RUN, "tag", TAG, "step", 5, "v", 1234));
    assertArrayEquals(BYTES, versioned.bytes());
    assertEquals("image/jpeg", versioned.mediaType());
    assertTrue(versioned.immutable());
    var plain = (BinaryResult) call("blob", params("run", RUN, "tag", TAG, "step", 5));
    assertFalse(plain.immutable());
  }

  @Test
  void errorsSayWhatIsMissing() {
    for (Map<String, String> p : List.of(
        params("run", "nope", "tag", TAG, "step", 5),
        params("run", RUN, "tag", "nope", "step", 5),
        params("run", RUN, "tag", TAG, "step", 6),
        params("run", RUN, "tag", TAG, "step", 5, "v", 1))) {
      RouteException e = assertThrows(RouteException.class, () -> call("blob", p));
      assertEquals(RouteException.Status.NOT_FOUND, e.status(), p.toString());
    }
    RouteException gone = assertThrows(RouteException.class,
        () -> call("blob", params("run", RUN, "tag", TAG, "step", 9)));
    assertEquals(RouteException.Status.UNAVAILABLE, gone.status());
    assertTrue(gone.getMessage().contains("file gone"));
  }
}
