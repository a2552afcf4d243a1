package org.visualdl.sdk.internal;

import com.google.protobuf.ByteString;
import org.visualdl.proto.Audio;

/**
 * The payload of kind "audio" ({@code BuiltinKind.AUDIO}): an {@link Audio} message holding the
 * samples as a 16-bit PCM WAV file ({@link Wav}), and its header, the same message without the
 * encoded bytes.
 */
public final class AudioPayload {
  /** What our SDKs write as {@link Audio#getContentType()}. */
  public static final String CONTENT_TYPE = "audio/wav";

  private AudioPayload() {}

  /**
   * The serialized {@link Audio} message of mono samples.
   *
   * @throws IllegalArgumentException as {@link Wav#encode}
   */
  public static byte[] payload(float[] samples, int sampleRate) {
    byte[] wav = Wav.encode(samples, sampleRate);
    return builder(samples.length, sampleRate).setEncoded(ByteString.copyFrom(wav)).build()
        .toByteArray();
  }

  /**
   * The blob header: the {@link Audio} message of {@link #payload} without {@code encoded}.
   *
   * @throws IllegalArgumentException as {@link Wav#encode}
   */
  public static byte[] header(float[] samples, int sampleRate) {
    Wav.check(samples, sampleRate);
    return builder(samples.length, sampleRate).build().toByteArray();
  }

  private static Audio.Builder builder(int frames, int sampleRate) {
    return Audio.newBuilder()
        .setContentType(CONTENT_TYPE)
        .setSampleRate(sampleRate)
        .setChannels(1)
        .setFrames(frames);
  }
}
