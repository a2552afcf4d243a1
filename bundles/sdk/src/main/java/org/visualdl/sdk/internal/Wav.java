package org.visualdl.sdk.internal;

/**
 * Mono float samples as a 16-bit PCM WAV file: a 44-byte RIFF header, then one little-endian
 * 16-bit sample per input sample. A sample is clamped to [-1, 1], multiplied by 32767 and rounded
 * half away from zero ({@link #pcm16}); the C library and the Python module do exactly the same.
 */
public final class Wav {
  /** Bytes before the samples. */
  public static final int HEADER_BYTES = 44;
  /** The most samples one record takes (a 128 MiB file). */
  public static final int MAX_SAMPLES = 1 << 26;

  private Wav() {}

  /**
   * The WAV file of the samples.
   *
   * @throws IllegalArgumentException for no samples, too many, a non-finite one, or a sample rate
   *     below 1
   */
  public static byte[] encode(float[] samples, int sampleRate) {
    check(samples, sampleRate);
    int n = samples.length;
    int data = n * 2;
    byte[] out = new byte[HEADER_BYTES + data];
    ascii(out, 0, "RIFF");
    le32(out, 4, 36 + data);
    ascii(out, 8, "WAVEfmt ");
    le32(out, 16, 16); // fmt chunk size
    le16(out, 20, 1); // PCM
    le16(out, 22, 1); // mono
    le32(out, 24, sampleRate);
    le32(out, 28, sampleRate * 2); // bytes per second (unsigned 32 bits)
    le16(out, 32, 2); // bytes per frame
    le16(out, 34, 16); // bits per sample
    ascii(out, 36, "data");
    le32(out, 40, data);
    for (int i = 0; i < n; i++) {
      le16(out, HEADER_BYTES + 2 * i, pcm16(samples[i]));
    }
    return out;
  }

  /** The 16-bit sample of a float: clamped to [-1, 1], times 32767, rounded half away from 0. */
  public static short pcm16(float sample) {
    double v = Math.max(-1.0, Math.min(1.0, (double) sample)) * 32767.0; // exact in a double
    double r = v >= 0 ? Math.floor(v + 0.5) : -Math.floor(-v + 0.5);
    return (short) r;
  }

  /** The sample a 16-bit value stands for: value / 32767. */
  public static float toFloat(short pcm) {
    return (float) (pcm / 32767.0);
  }

  static void check(float[] samples, int sampleRate) {
    if (samples == null || samples.length == 0) {
      throw new IllegalArgumentException("audio has no samples");
    }
    if (samples.length > MAX_SAMPLES) {
      throw new IllegalArgumentException(
          "audio has " + samples.length + " samples; at most " + MAX_SAMPLES
              + " fit in one record");
    }
    if (sampleRate < 1) {
      throw new IllegalArgumentException(
          "audio sample rate must be 1 to " + Integer.MAX_VALUE + " Hz, was " + sampleRate);
    }
    for (int i = 0; i < samples.length; i++) {
      if (!Float.isFinite(samples[i])) {
        throw new IllegalArgumentException(
            "audio sample " + i + " is " + (Float.isNaN(samples[i]) ? "NaN" : "infinite")
                + "; samples must be finite");
      }
    }
  }

  private static void ascii(byte[] b, int at, String s) {
    for (int i = 0; i < s.length(); i++) {
      b[at + i] = (byte) s.charAt(i);
    }
  }

  private static void le16(byte[] b, int at, int v) {
    b[at] = (byte) v;
    b[at + 1] = (byte) (v >>> 8);
  }

  private static void le32(byte[] b, int at, int v) {
    for (int i = 0; i < 4; i++) {
      b[at + i] = (byte) (v >>> (8 * i));
    }
  }
}
