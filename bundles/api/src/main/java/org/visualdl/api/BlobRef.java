package org.visualdl.api;

/**
 * One record of a <em>blob sequence</em> tablet (images, audio, embeddings): its bytes stay on disk
 * and {@link LogStore#blob} reads them again, through the format that wrote them. A step may hold
 * several blobs (a TensorFlow image summary with several images), told apart by {@code index}.
 *
 * @param step the step it was written at
 * @param wallTimeMs when it was written, milliseconds since the epoch
 * @param index the blob's position among the blobs of its step, from 0
 * @param payloadVersion the version of the kind's payload schema the bytes follow
 * @param header a small part of the payload kept in memory, in the kind's schema (for an image:
 *     the image message without its encoded bytes), so a listing needs no disk read; do not modify
 * @param byteSize about how many bytes {@link LogStore#blob} returns
 */
public record BlobRef(
    long step, long wallTimeMs, int index, int payloadVersion, byte[] header, long byteSize) {}
