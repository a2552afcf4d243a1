package org.visualdl.plugin.embedding.internal;

import java.util.List;

/**
 * An embedding decoded from its {@code Embedding} payload: {@code rows} vectors of {@code dims}
 * values, row-major in {@code values}, with a label per row and optional metadata columns.
 *
 * @param metadataHeader names of the metadata columns, or empty
 * @param metadataRows one list of cells per row, or empty
 */
record EmbeddingMatrix(
    long step,
    int rows,
    int dims,
    float[] values,
    List<String> labels,
    List<String> metadataHeader,
    List<List<String>> metadataRows) {}
