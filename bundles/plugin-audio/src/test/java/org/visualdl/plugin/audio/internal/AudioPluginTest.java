package org.visualdl.plugin.audio.internal;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.protobuf.ByteString;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.visualdl.api.BlobRef;
import org.visualdl.api.Kind;
import org.visualdl.api.frontend.BinaryResult;
import org.visualdl.api.frontend.RouteException;
import org.visualdl.proto.Audio;
import org.visualdl.plugin.testing.InMemoryLogStore;
import org.visualdl.plugin.testing.Requests;

/** The routes' own logic over an in-memory store; against real logs see the distribution's tests. */
class AudioPluginTest {
  static final String RUN = "exp 1/a&b";
  static final String TAG = "speech/x+y";
  static final byte[] WAV = {'R', 'I', 'F', 'F', 1, 2, 3};

  static AudioPlugin plugin() {
    Audio header = Audio.newBuilder().setSampleRate(16000).setChannels(1).setFrames(8000).build();
    Audio full = header.toBuilder().setEncoded(ByteString.copyFrom(WAV)).build();
    Audio ogg = full.toBuilder().setContentType("audio/ogg").build();
    InMemoryLogStore store = new InMemoryLogStore()
        .blob(RUN, TAG, AudioPlugin.KIND, ref(5, 0, 1, header), full.toByteArray())
        .blob(RUN, TAG, AudioPlugin.KIND, ref(5, 1, 1, ogg.toBuilder().clearEncoded().build()),
            ogg.toByteArray())
        .blob(RUN, TAG, AudioPlugin.KIND, ref(6, 0, 2, header), full.toByteArray())
        .blob(RUN, TAG, AudioPlugin.KIND, ref(9, 0, 1, header), null);
    return AudioPlugin.over(new InMemoryLogStore() {
      @Override
      public Optional<byte[]> blob(String run, String tag, Kind kind, long step, int index) {
        if (step == 9) {
          throw new UncheckedIOException(new IOException("file gone"));
        }
        return store.blob(run, tag, kind, step, index);
      }

      @Override
      public Optional<List<BlobRef>> blobs(String run, String tag, Kind kind) {
        return store.blobs(run, tag, kind);
      }
    }.run(RUN));
  }

  static BlobRef ref(long step, int index, int version, Audio header) {
    return new BlobRef(step, 1000 + step, index, version, header.toByteArray(), 100);
  }

  @SuppressWarnings("unchecked")
  static List<AudioPlugin.Entry> entries() {
    return (List<AudioPlugin.Entry>) Requests.call(plugin(), "entries", "run", RUN, "tag", TAG);
  }

  @Test
  void entriesListClipsFromTheirHeadersWithAnEncodedVersionedUrl() {
    List<AudioPlugin.Entry> entries = entries();
    assertEquals(List.of(5L, 5L, 9L), entries.stream().map(AudioPlugin.Entry::step).toList());
    AudioPlugin.Entry e = entries.get(0);
    assertEquals(16000, e.sampleRate());
    assertEquals(1, e.channels());
    assertEquals(8000, e.frames());
    assertEquals(1005, e.wallTime());
    assertEquals("audio/wav", e.contentType());
    assertEquals("/api/plugins/audio/blob?run=exp%201%2Fa%26b&tag=speech%2Fx%2By&step=5&v=1005",
        e.url());
    assertEquals("audio/ogg", entries.get(1).contentType());
    assertTrue(entries.get(1).url().contains("&step=5&index=1&v=1005"), entries.get(1).url());
  }

  @Test
  void blobServesTheEncodedBytesImmutableOnlyWhenVersioned() {
    var versioned = (BinaryResult) Requests.call(plugin(), "blob",
        "run", RUN, "tag", TAG, "step", 5, "v", 1005);
    assertArrayEquals(WAV, versioned.bytes());
    assertEquals("audio/wav", versioned.mediaType());
    assertTrue(versioned.immutable());
    var second = (BinaryResult) Requests.call(plugin(), "blob",
        "run", RUN, "tag", TAG, "step", 5, "index", 1);
    assertEquals("audio/ogg", second.mediaType());
    assertFalse(second.immutable());
  }

  @Test
  void errorsSayWhatIsMissing() {
    for (Object[] p : List.of(
        new Object[] {"run", "nope", "tag", TAG, "step", 5},
        new Object[] {"run", RUN, "tag", "nope", "step", 5},
        new Object[] {"run", RUN, "tag", TAG, "step", 7},
        new Object[] {"run", RUN, "tag", TAG, "step", 5, "index", 2},
        new Object[] {"run", RUN, "tag", TAG, "step", 5, "v", 1},
        new Object[] {"run", RUN, "tag", TAG, "step", 6})) {
      RouteException e = assertThrows(RouteException.class,
          () -> Requests.call(plugin(), "blob", p));
      assertEquals(RouteException.Status.NOT_FOUND, e.status(), List.of(p).toString());
    }
    RouteException gone = assertThrows(RouteException.class,
        () -> Requests.call(plugin(), "blob", "run", RUN, "tag", TAG, "step", 9));
    assertEquals(RouteException.Status.UNAVAILABLE, gone.status());
    assertTrue(gone.getMessage().contains("file gone"));
  }
}
