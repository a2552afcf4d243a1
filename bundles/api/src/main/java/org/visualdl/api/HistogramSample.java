package org.visualdl.api;

/**
 * One histogram of a tablet at a step. Bucket {@code i} spans {@code [edges[i], edges[i+1])} and
 * holds {@code counts[i]} values.
 *
 * @param edges bucket edges, ascending, one more than counts
 * @param counts how many values fell into each bucket
 */
public record HistogramSample(
    long step,
    long wallTimeMs,
    double[] edges,
    double[] counts,
    double min,
    double max,
    double num,
    double sum,
    double sumSquares) {}
