/* CRC32C test vectors (RFC 3720 B.4 and the usual check value), both implementations. */
#include <stdint.h>
#include <string.h>

#include "../src/crc32c.h"
#include "check.h"
#include "visualdl.h"

extern int vdl_crc32c_use_hw;

static uint32_t bitwise(const uint8_t *p, size_t n) {
  uint32_t crc = 0xffffffffu;
  for (size_t i = 0; i < n; i++) {
    crc ^= p[i];
    for (int k = 0; k < 8; k++) crc = (crc & 1) ? (crc >> 1) ^ 0x82f63b78u : crc >> 1;
  }
  return ~crc;
}

static void vectors(void) {
  CHECK(vdl_crc32c("123456789", 9) == 0xE3069283u);
  CHECK(vdl_crc32c("", 0) == 0);
  uint8_t buf[48];
  memset(buf, 0, 32);
  CHECK(vdl_crc32c(buf, 32) == 0x8A9136AAu);
  memset(buf, 0xff, 32);
  CHECK(vdl_crc32c(buf, 32) == 0x62A8AB43u);
  for (int i = 0; i < 32; i++) buf[i] = (uint8_t)i;
  CHECK(vdl_crc32c(buf, 32) == 0x46DD794Eu);
  for (int i = 0; i < 32; i++) buf[i] = (uint8_t)(31 - i);
  CHECK(vdl_crc32c(buf, 32) == 0x113FDB5Cu);
  /* Against a bit-by-bit reference on data of every length and alignment. */
  uint8_t data[300];
  for (int i = 0; i < 300; i++) data[i] = (uint8_t)(i * 31 + 7);
  for (int off = 0; off < 8; off++)
    for (int len = 0; len < 290; len += 13) CHECK(vdl_crc32c(data + off, len) == bitwise(data + off, len));
  /* Extending in pieces (unaligned starts) equals one pass. */
  uint8_t big[1000];
  for (int i = 0; i < 1000; i++) big[i] = (uint8_t)(i * 7 + 3);
  uint32_t whole = vdl_crc32c(big, 1000);
  uint32_t parts = vdl_crc32c_extend(vdl_crc32c_extend(vdl_crc32c(big, 3), big + 3, 500), big + 503, 497);
  CHECK(whole == parts);
  /* Mask and unmask. */
  CHECK(vdl_crc32c_unmask(vdl_crc32c_mask(0x12345678u)) == 0x12345678u);
  CHECK(vdl_crc32c_mask(0) == 0xa282ead8u);
}

int main(void) {
  vdl_crc32c_use_hw = 1;
  vectors();
  uint8_t big[1000];
  for (int i = 0; i < 1000; i++) big[i] = (uint8_t)(i * 13 + 1);
  uint32_t hw = vdl_crc32c(big + 1, 999);
  vdl_crc32c_use_hw = 0;
  vectors();
  CHECK(vdl_crc32c(big + 1, 999) == hw);
  CHECK_DONE();
}
