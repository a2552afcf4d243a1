package org.visualdl.storage;

import java.util.List;

/**
 * What one pass of {@link RecordFileReader#readAvailable} found.
 *
 * @param frames good frames delivered
 * @param bytesConsumed bytes of the file passed over, good or bad
 * @param corruptFrames damaged regions skipped (a bad CRC, an absurd length, an undecodable
 *     payload)
 * @param incompleteTail whether the file ends in a frame that is not fully written yet; the next
 *     pass retries it
 * @param problems one line per problem found, saying where
 */
public record ReadResult(
    int frames, long bytesConsumed, int corruptFrames, boolean incompleteTail,
    List<String> problems) {}
