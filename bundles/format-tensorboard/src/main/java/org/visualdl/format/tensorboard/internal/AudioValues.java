package org.visualdl.format.tensorboard.internal;

import com.google.protobuf.ByteString;
import com.google.protobuf.CodedInputStream;
import java.io.IOException;
import org.visualdl.proto.Audio;

/**
 * Audio in event files as {@code Audio} payloads: the legacy {@code Summary.Audio} (sample_rate 1
 * (float), num_channels 2, length_frames 3, encoded_audio_string 4, content_type 5) and the TF2
 * {@code audio} plugin's string tensors {@code [k, 2]} (encoded clip, label), whose format and
 * sizes come from the clip's WAV header.
 */
final class AudioValues {
  private AudioValues() {}

  /** A Summary.Audio, with its bytes or without them (a header); null when it holds no sound. */
  static Audio legacy(byte[] b, int off, int len, boolean withBytes) throws IOException {
    CodedInputStream in = CodedInputStream.newInstance(b, off, len);
    Audio.Builder a = Audio.newBuilder();
    int dataOff = -1;
    int dataLen = 0;
    int t;
    while ((t = in.readTag()) != 0) {
      switch (t) {
        case 13 -> a.setSampleRate(rate(in.readFloat()));
        case 16 -> a.setChannels((int) clamp(in.readInt64(), Integer.MAX_VALUE));
        case 24 -> a.setFrames(clamp(in.readInt64(), Long.MAX_VALUE));
        case 34 -> {
          dataLen = TensorView.checkLength(in, in.readRawVarint32());
          dataOff = off + in.getTotalBytesRead();
          in.skipRawBytes(dataLen);
        }
        case 42 -> a.setContentType(in.readStringRequireUtf8());
        default -> in.skipField(t);
      }
    }
    if (dataOff < 0) {
      return null;
    }
    if (a.getContentType().isEmpty()) {
      a.setContentType("audio/wav");
    }
    if (withBytes) {
      a.setEncoded(ByteString.copyFrom(b, dataOff, dataLen));
    }
    return a.build();
  }

  /** The size of the encoded sound of a Summary.Audio. */
  static int legacySize(byte[] b, int off, int len) throws IOException {
    CodedInputStream in = CodedInputStream.newInstance(b, off, len);
    int t;
    while ((t = in.readTag()) != 0) {
      if (t == 34) {
        return TensorView.checkLength(in, in.readRawVarint32());
      }
      in.skipField(t);
    }
    return 0;
  }

  /** How many clips a TF2 audio tensor {@code [k, 2]} (or {@code [k]}) holds. */
  static int clipCount(TensorView tensor) {
    int width = tensor.rank == 2 && tensor.dims[1] == 2 ? 2 : 1;
    return tensor.stringCount() / width;
  }

  /** The {@code clip}-th clip of a TF2 audio tensor; null when there is none. */
  static Audio tensorClip(TensorView tensor, int clip, boolean withBytes) {
    int width = tensor.rank == 2 && tensor.dims[1] == 2 ? 2 : 1;
    int i = clip * width;
    if (clip < 0 || i >= tensor.stringCount()) {
      return null;
    }
    int off = tensor.stringOffs.get(i);
    int len = tensor.stringLens.get(i);
    Audio.Builder a = wav(tensor.buf, off, len);
    if (withBytes) {
      a.setEncoded(ByteString.copyFrom(tensor.buf, off, len));
    }
    return a.build();
  }

  /** The byte size of the {@code clip}-th clip of a TF2 audio tensor. */
  static int tensorClipSize(TensorView tensor, int clip) {
    int width = tensor.rank == 2 && tensor.dims[1] == 2 ? 2 : 1;
    return tensor.stringLens.get(clip * width);
  }

  /**
   * Format and sizes from a RIFF/WAVE header ({@code fmt } chunk: channels, sample rate, bits per
   * sample; frames from the {@code data} chunk's size); zeros where the clip is not a WAV file.
   */
  static Audio.Builder wav(byte[] b, int off, int len) {
    Audio.Builder a = Audio.newBuilder();
    if (len < 12 || !ascii(b, off, "RIFF") || !ascii(b, off + 8, "WAVE")) {
      return a.setContentType(len >= 4 && ascii(b, off, "OggS") ? "audio/ogg" : "audio/wav");
    }
    a.setContentType("audio/wav");
    int channels = 0;
    int bits = 0;
    int p = off + 12;
    int end = off + len;
    while (p + 8 <= end) {
      long size = le32(b, p + 4);
      if (ascii(b, p, "fmt ") && size >= 16 && p + 24 <= end) {
        channels = le16(b, p + 10);
        a.setChannels(channels).setSampleRate((int) Math.min(le32(b, p + 12), Integer.MAX_VALUE));
        bits = p + 24 <= end ? le16(b, p + 22) : 0;
      } else if (ascii(b, p, "data")) {
        int frameBytes = channels * (bits / 8);
        if (frameBytes > 0) {
          a.setFrames(Math.min(size, end - p - 8L) / frameBytes);
        }
        break;
      }
      long next = p + 8L + size + (size & 1);
      if (next > end) {
        break;
      }
      p = (int) next;
    }
    return a;
  }

  private static boolean ascii(byte[] b, int off, String s) {
    for (int i = 0; i < s.length(); i++) {
      if (b[off + i] != s.charAt(i)) {
        return false;
      }
    }
    return true;
  }

  private static int le16(byte[] b, int off) {
    return (b[off] & 0xff) | (b[off + 1] & 0xff) << 8;
  }

  private static long le32(byte[] b, int off) {
    return (b[off] & 0xffL) | (b[off + 1] & 0xffL) << 8 | (b[off + 2] & 0xffL) << 16
        | (b[off + 3] & 0xffL) << 24;
  }

  private static int rate(float r) {
    return Float.isFinite(r) && r > 0 ? (int) Math.min(r, Integer.MAX_VALUE) : 0;
  }

  private static long clamp(long v, long max) {
    return Math.max(0, Math.min(v, max));
  }
}
