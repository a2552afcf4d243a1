package org.visualdl.plugin.embedding.internal;

/**
 * One kept embedding of a tablet, from its blob header: its size and, when it has thumbnails,
 * the size of one sprite cell.
 *
 * @param sprite the sprite's media type and cell size, or null when it has none
 */
record EmbeddingSample(long step, long wallTimeMs, int rows, int dims, SpriteCell sprite) {

  /** What the header says of an embedding's sprite (its bytes stay on disk). */
  record SpriteCell(String mediaType, int cellWidth, int cellHeight) {}
}
