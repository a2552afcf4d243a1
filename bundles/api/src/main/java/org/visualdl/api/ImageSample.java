package org.visualdl.api;

/**
 * One image of a tablet at a step; its bytes stay on disk until {@link LogStore#imageBytes} reads
 * them.
 *
 * @param mediaType {@code image/png} or {@code image/jpeg}
 * @param byteSize size of the encoded image
 */
public record ImageSample(
    long step, long wallTimeMs, String mediaType, int width, int height, int channels,
    long byteSize) {}
