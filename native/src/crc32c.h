/* CRC32C (Castagnoli) and TFRecord's mask. */
#ifndef VDL_CRC32C_H
#define VDL_CRC32C_H
#include <stddef.h>
#include <stdint.h>

/* Extends crc (0 to start) over len bytes. */
uint32_t vdl_crc32c_extend(uint32_t crc, const void *data, size_t len);

static inline uint32_t vdl_crc32c(const void *data, size_t len) {
  return vdl_crc32c_extend(0, data, len);
}

/* The masked form stored in frames, so that a CRC of data holding CRCs stays well distributed. */
static inline uint32_t vdl_crc32c_mask(uint32_t crc) {
  return ((crc >> 15) | (crc << 17)) + 0xa282ead8u;
}

static inline uint32_t vdl_crc32c_unmask(uint32_t masked) {
  uint32_t rot = masked - 0xa282ead8u;
  return (rot >> 17) | (rot << 15);
}
#endif
