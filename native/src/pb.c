#include "pb.h"

#include <stdlib.h>

int vdl_buf_reserve_slow(vdl_buf *b, size_t extra) {
  size_t need = b->len + extra;
  if (need < b->len) { b->oom = 1; return -1; }
  size_t cap = b->cap ? b->cap : 256;
  while (cap < need) {
    if (cap > SIZE_MAX / 2) { cap = need; break; }
    cap *= 2;
  }
  uint8_t *p = realloc(b->p, cap);
  if (!p) { b->oom = 1; return -1; }
  b->p = p;
  b->cap = cap;
  return 0;
}

void vdl_buf_free(vdl_buf *b) {
  free(b->p);
  b->p = NULL;
  b->len = b->cap = 0;
  b->oom = 0;
}

void vdl_pb_field_packed_double(vdl_buf *b, uint32_t field, const double *v, size_t n) {
  if (n == 0) return;
  pb_put_tag(b, field, PB_LEN);
  pb_put_varint(b, (uint64_t)n * 8);
  if (vdl_buf_reserve(b, n * 8)) return;
  for (size_t i = 0; i < n; i++) pb_put_fixed64_raw(b, pb_double_bits(v[i]));
}

void vdl_pb_field_packed_float(vdl_buf *b, uint32_t field, const float *v, size_t n) {
  if (n == 0) return;
  pb_put_tag(b, field, PB_LEN);
  pb_put_varint(b, (uint64_t)n * 4);
  if (vdl_buf_reserve(b, n * 4)) return;
  for (size_t i = 0; i < n; i++) pb_put_fixed32_raw(b, pb_float_bits(v[i]));
}
