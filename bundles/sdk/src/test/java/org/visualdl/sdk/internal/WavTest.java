package org.visualdl.sdk.internal;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.visualdl.sdk.internal.CurvesTest.assertMessage;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.visualdl.proto.Audio;

class WavTest {
  @Test
  void headerIsAPlainPcmWav() {
    byte[] wav = Wav.encode(new float[] {0f, 1f, -1f}, 16000);
    ByteBuffer b = ByteBuffer.wrap(wav).order(ByteOrder.LITTLE_ENDIAN);
    assertEquals(44 + 6, wav.length);
    assertEquals("RIFF", new String(wav, 0, 4, StandardCharsets.US_ASCII));
    assertEquals(36 + 6, b.getInt(4));
    assertEquals("WAVEfmt ", new String(wav, 8, 8, StandardCharsets.US_ASCII));
    assertEquals(16, b.getInt(16));
    assertEquals(1, b.getShort(20)); // PCM
    assertEquals(1, b.getShort(22)); // mono
    assertEquals(16000, b.getInt(24));
    assertEquals(32000, b.getInt(28));
    assertEquals(2, b.getShort(32));
    assertEquals(16, b.getShort(34));
    assertEquals("data", new String(wav, 36, 4, StandardCharsets.US_ASCII));
    assertEquals(6, b.getInt(40));
    assertEquals(0, b.getShort(44));
    assertEquals(32767, b.getShort(46));
    assertEquals(-32767, b.getShort(48));
  }

  @Test
  void roundingIsHalfAwayFromZeroAndClamped() {
    assertEquals(0, Wav.pcm16(0f));
    assertEquals(0, Wav.pcm16(-0f));
    assertEquals(32767, Wav.pcm16(2.5f));
    assertEquals(-32767, Wav.pcm16(-7f));
    // 0.5 / 32767 is not exact as a float: take samples whose product is exactly k + 0.5
    float half = 0.5f / 32767f; // rounds to a float a hair off 0.5/32767
    double v = (double) half * 32767.0;
    assertEquals(v >= 0.5 ? 1 : 0, Wav.pcm16(half));
    assertEquals(-Wav.pcm16(half), Wav.pcm16(-half));
    assertEquals(16384, Wav.pcm16(0.5f)); // 16383.5 -> 16384
    assertEquals(-16384, Wav.pcm16(-0.5f));
  }

  @Test
  void roundTripWithinSixteenBitRounding() {
    Random r = new Random(7);
    float[] samples = new float[10_000];
    for (int i = 0; i < samples.length; i++) {
      samples[i] = (float) Math.sin(i * 0.01) * r.nextFloat();
    }
    byte[] wav = Wav.encode(samples, 44100);
    ByteBuffer b = ByteBuffer.wrap(wav, 44, wav.length - 44).order(ByteOrder.LITTLE_ENDIAN);
    for (float s : samples) {
      float back = Wav.toFloat(b.getShort());
      assertTrue(Math.abs(back - s) <= 0.5 / 32767 + 1e-7, s + " came back as " + back);
    }
  }

  @Test
  void audioPayloadAndHeader() throws Exception {
    float[] samples = {0.25f, -0.25f};
    Audio a = Audio.parseFrom(AudioPayload.payload(samples, 8000));
    assertArrayEquals(Wav.encode(samples, 8000), a.getEncoded().toByteArray());
    assertEquals("audio/wav", a.getContentType());
    assertEquals(8000, a.getSampleRate());
    assertEquals(1, a.getChannels());
    assertEquals(2, a.getFrames());
    assertArrayEquals(a.toBuilder().clearEncoded().build().toByteArray(),
        AudioPayload.header(samples, 8000));
  }

  @Test
  void badArguments() {
    assertMessage("audio has no samples", () -> Wav.encode(new float[0], 8000));
    assertMessage("audio has no samples", () -> AudioPayload.payload(null, 8000));
    assertMessage("sample rate must be 1 to", () -> Wav.encode(new float[1], 0));
    assertMessage("sample 1 is NaN", () -> Wav.encode(new float[] {0, Float.NaN}, 8000));
    assertMessage("sample 0 is infinite",
        () -> AudioPayload.header(new float[] {Float.NEGATIVE_INFINITY}, 8000));
  }
}
