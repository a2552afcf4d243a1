package org.visualdl.api.frontend;

import java.util.Objects;

/**
 * Bytes sent as they are, with their media type.
 *
 * @param bytes the body
 * @param mediaType for example {@code "image/png"}
 * @param immutable whether the bytes at this URL never change (the server then lets browsers cache
 *     them for a long time)
 */
public record BinaryResult(byte[] bytes, String mediaType, boolean immutable) {
  public BinaryResult {
    Objects.requireNonNull(bytes, "bytes");
    Objects.requireNonNull(mediaType, "mediaType");
  }
}
