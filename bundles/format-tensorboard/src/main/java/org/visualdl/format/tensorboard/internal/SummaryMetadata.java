package org.visualdl.format.tensorboard.internal;

import com.google.protobuf.CodedInputStream;
import java.io.IOException;

/**
 * What a {@code SummaryMetadata} says: plugin_data 1 {plugin_name 1, content 2}, display_name 2,
 * summary_description 3. The content is where it lies in the buffer ({@code contentOff} -1 when
 * there is none); display name and description are null when left out.
 */
record SummaryMetadata(String plugin, String display, String description, int contentOff,
    int contentLen) {

  static SummaryMetadata parse(byte[] b, int off, int len) throws IOException {
    CodedInputStream in = CodedInputStream.newInstance(b, off, len);
    String plugin = "";
    String display = null;
    String description = null;
    int contentOff = -1;
    int contentLen = 0;
    int t;
    while ((t = in.readTag()) != 0) {
      switch (t) {
        case 10 -> {
          int limit = in.pushLimit(TensorView.checkLength(in, in.readRawVarint32()));
          int u;
          while ((u = in.readTag()) != 0) {
            if (u == 10) {
              plugin = in.readStringRequireUtf8();
            } else if (u == 18) {
              contentLen = TensorView.checkLength(in, in.readRawVarint32());
              contentOff = off + in.getTotalBytesRead();
              in.skipRawBytes(contentLen);
            } else {
              in.skipField(u);
            }
          }
          in.popLimit(limit);
        }
        case 18 -> display = emptyToNull(in.readStringRequireUtf8());
        case 26 -> description = emptyToNull(in.readStringRequireUtf8());
        default -> in.skipField(t);
      }
    }
    return new SummaryMetadata(plugin, display, description, contentOff, contentLen);
  }

  private static String emptyToNull(String s) {
    return s == null || s.isEmpty() ? null : s;
  }
}
