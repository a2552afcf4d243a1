/* Hand-written protobuf wire encoding into a growable buffer (proto3: default values skipped). */
#ifndef VDL_PB_H
#define VDL_PB_H
#include <stddef.h>
#include <stdint.h>
#include <string.h>

typedef struct vdl_buf {
  uint8_t *p;
  size_t len, cap;
  int oom; /* set when an allocation failed; every later write is a no-op */
} vdl_buf;

enum { PB_VARINT = 0, PB_I64 = 1, PB_LEN = 2, PB_I32 = 5 };

int vdl_buf_reserve_slow(vdl_buf *b, size_t extra);
void vdl_buf_free(vdl_buf *b);

static inline int vdl_buf_reserve(vdl_buf *b, size_t extra) {
  if (b->oom) return -1;
  if (b->cap - b->len >= extra) return 0;
  return vdl_buf_reserve_slow(b, extra);
}

static inline size_t pb_varint_size(uint64_t v) {
  size_t n = 1;
  while (v >= 0x80) { v >>= 7; n++; }
  return n;
}

static inline uint64_t pb_zigzag(int64_t v) { return ((uint64_t)v << 1) ^ (uint64_t)(v >> 63); }

/* Unchecked: the caller reserved 10 bytes. */
static inline void pb_put_varint_raw(vdl_buf *b, uint64_t v) {
  uint8_t *p = b->p + b->len;
  while (v >= 0x80) { *p++ = (uint8_t)(v | 0x80); v >>= 7; }
  *p++ = (uint8_t)v;
  b->len = (size_t)(p - b->p);
}

static inline void pb_put_varint(vdl_buf *b, uint64_t v) {
  if (vdl_buf_reserve(b, 10)) return;
  pb_put_varint_raw(b, v);
}

static inline void pb_put_bytes(vdl_buf *b, const void *data, size_t len) {
  if (vdl_buf_reserve(b, len)) return;
  if (len) memcpy(b->p + b->len, data, len);
  b->len += len;
}

static inline void pb_put_tag(vdl_buf *b, uint32_t field, int wire) {
  pb_put_varint(b, ((uint64_t)field << 3) | (uint64_t)wire);
}

static inline void pb_put_fixed32_raw(vdl_buf *b, uint32_t v) {
  uint8_t *p = b->p + b->len;
  p[0] = (uint8_t)v; p[1] = (uint8_t)(v >> 8); p[2] = (uint8_t)(v >> 16); p[3] = (uint8_t)(v >> 24);
  b->len += 4;
}

static inline void pb_put_fixed64_raw(vdl_buf *b, uint64_t v) {
  uint8_t *p = b->p + b->len;
  for (int i = 0; i < 8; i++) p[i] = (uint8_t)(v >> (8 * i));
  b->len += 8;
}

static inline uint64_t pb_double_bits(double d) { uint64_t u; memcpy(&u, &d, 8); return u; }
static inline uint32_t pb_float_bits(float f) { uint32_t u; memcpy(&u, &f, 4); return u; }

/* Singular fields: written only when not the default (as protobuf-java does for proto3). */
static inline void pb_field_uint(vdl_buf *b, uint32_t field, uint64_t v) {
  if (v == 0) return;
  pb_put_tag(b, field, PB_VARINT);
  pb_put_varint(b, v);
}
static inline void pb_field_int64(vdl_buf *b, uint32_t field, int64_t v) {
  pb_field_uint(b, field, (uint64_t)v);
}
static inline void pb_field_double(vdl_buf *b, uint32_t field, double v) {
  uint64_t bits = pb_double_bits(v);
  if (bits == 0) return; /* -0.0 is written, like protobuf-java */
  pb_put_tag(b, field, PB_I64);
  if (vdl_buf_reserve(b, 8)) return;
  pb_put_fixed64_raw(b, bits);
}
/* Length-delimited field (bytes, string, packed array or submessage already encoded). */
static inline void pb_field_bytes(vdl_buf *b, uint32_t field, const void *data, size_t len) {
  pb_put_tag(b, field, PB_LEN);
  pb_put_varint(b, len);
  pb_put_bytes(b, data, len);
}
/* Like pb_field_bytes, but skipped when empty (singular proto3 string/bytes). */
static inline void pb_field_str(vdl_buf *b, uint32_t field, const char *s, size_t len) {
  if (len == 0) return;
  pb_field_bytes(b, field, s, len);
}
/* Packed repeated double/float: skipped when empty. */
void vdl_pb_field_packed_double(vdl_buf *b, uint32_t field, const double *v, size_t n);
void vdl_pb_field_packed_float(vdl_buf *b, uint32_t field, const float *v, size_t n);
#endif
