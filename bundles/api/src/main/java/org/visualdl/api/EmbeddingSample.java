package org.visualdl.api;

/**
 * One embedding matrix of a tablet at a step; the matrix stays on disk until
 * {@link LogStore#embedding} reads it.
 */
public record EmbeddingSample(long step, long wallTimeMs, int rows, int dims) {}
