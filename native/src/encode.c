#include "encode.h"

#include <math.h>
#include <float.h>

#include "crc32c.h"

static void put_le64(uint8_t *p, uint64_t v) {
  for (int i = 0; i < 8; i++) p[i] = (uint8_t)(v >> (8 * i));
}
static void put_le32(uint8_t *p, uint32_t v) {
  for (int i = 0; i < 4; i++) p[i] = (uint8_t)(v >> (8 * i));
}

size_t vdl_put_raw_frame(vdl_buf *out, const uint8_t *payload, size_t len) {
  size_t total = VDL_FRAME_HEADER_BYTES + len + VDL_FRAME_FOOTER_BYTES;
  if (vdl_buf_reserve(out, total)) return 0;
  uint8_t *p = out->p + out->len;
  put_le64(p, (uint64_t)len);
  put_le32(p + 8, vdl_crc32c_mask(vdl_crc32c(p, 8)));
  if (len) memcpy(p + 12, payload, len);
  put_le32(p + 12 + len, vdl_crc32c_mask(vdl_crc32c(p + 12, len)));
  out->len += total;
  return total;
}

size_t vdl_put_frame(vdl_buf *out, uint32_t body_field, const uint8_t *msg, size_t len) {
  uint64_t key = ((uint64_t)body_field << 3) | PB_LEN;
  size_t payload = pb_varint_size(key) + pb_varint_size(len) + len;
  size_t total = VDL_FRAME_HEADER_BYTES + payload + VDL_FRAME_FOOTER_BYTES;
  if (vdl_buf_reserve(out, total)) return 0;
  size_t start = out->len;
  uint8_t *p = out->p + start;
  put_le64(p, (uint64_t)payload);
  put_le32(p + 8, vdl_crc32c_mask(vdl_crc32c(p, 8)));
  out->len += 12;
  pb_put_varint_raw(out, key);
  pb_put_varint_raw(out, len);
  if (len) memcpy(out->p + out->len, msg, len);
  out->len += len;
  p = out->p + start;
  put_le32(p + 12 + payload, vdl_crc32c_mask(vdl_crc32c(p + 12, payload)));
  out->len += 4;
  return total;
}

void vdl_enc_storage(vdl_buf *msg, const vdl_storage_header *h) {
  pb_field_uint(msg, 1, h->format_version);
  pb_field_str(msg, 2, h->writer, strlen(h->writer));
  pb_field_str(msg, 3, h->host, strlen(h->host));
  pb_field_int64(msg, 4, h->pid);
  pb_field_int64(msg, 5, h->start_time_ms);
  pb_field_uint(msg, 6, h->sequence);
}

void vdl_enc_tablet(vdl_buf *msg, uint32_t id, const char *tag, size_t tag_len, int kind) {
  pb_field_uint(msg, 1, id);
  pb_field_str(msg, 2, tag, tag_len);
  const vdl_plugin_kind *k = vdl_plugin_kind_of(kind);
  if (!k) {
    pb_field_uint(msg, 3, (uint64_t)kind);
    return;
  }
  pb_field_uint(msg, 3, VDL_KIND_PLUGIN);
  /* PluginMetadata{name, data_version}, as the Java SDK declares plugin tablets. */
  size_t name_len = strlen(k->name);
  pb_put_tag(msg, 6, PB_LEN);
  pb_put_varint(msg, 2 + name_len + 2);
  pb_field_str(msg, 1, k->name, name_len);
  pb_field_uint(msg, 2, k->version);
  pb_field_uint(msg, 7, (uint64_t)k->shape);
}

/* Exactly a float when converting to float and back gives the same double (NaN included). */
static int exactly_float(double v) {
  if (isnan(v) || isinf(v)) return 1;
  if (fabs(v) > FLT_MAX) return 0;
  return (double)(float)v == v;
}

void vdl_enc_scalar_block(vdl_buf *msg, uint32_t tablet_id, const vdl_point *pts, size_t n) {
  pb_field_uint(msg, 1, tablet_id);
  pb_field_uint(msg, 2, n);
  if (n == 0) return;
  pb_field_int64(msg, 3, pts[0].step);
  if (n > 1) {
    int64_t stride = (int64_t)((uint64_t)pts[1].step - (uint64_t)pts[0].step);
    int regular = 1;
    for (size_t i = 2; i < n && regular; i++)
      regular = (int64_t)((uint64_t)pts[i].step - (uint64_t)pts[i - 1].step) == stride;
    if (regular) {
      pb_field_int64(msg, 4, stride);
    } else {
      size_t bytes = 0;
      for (size_t i = 1; i < n; i++)
        bytes += pb_varint_size(pb_zigzag((int64_t)((uint64_t)pts[i].step - (uint64_t)pts[i - 1].step)));
      pb_put_tag(msg, 5, PB_LEN);
      pb_put_varint(msg, bytes);
      if (vdl_buf_reserve(msg, bytes)) return;
      for (size_t i = 1; i < n; i++)
        pb_put_varint_raw(msg, pb_zigzag((int64_t)((uint64_t)pts[i].step - (uint64_t)pts[i - 1].step)));
    }
  }
  int all_float = 1;
  for (size_t i = 0; i < n && all_float; i++) all_float = exactly_float(pts[i].value);
  if (all_float) {
    pb_put_tag(msg, 6, PB_LEN);
    pb_put_varint(msg, (uint64_t)n * 4);
    if (vdl_buf_reserve(msg, n * 4)) return;
    for (size_t i = 0; i < n; i++) {
      /* NaN keeps its payload bits as Java's (float) cast does on x86 (quiet NaN). */
      pb_put_fixed32_raw(msg, pb_float_bits((float)pts[i].value));
    }
  } else {
    pb_put_tag(msg, 7, PB_LEN);
    pb_put_varint(msg, (uint64_t)n * 8);
    if (vdl_buf_reserve(msg, n * 8)) return;
    for (size_t i = 0; i < n; i++) pb_put_fixed64_raw(msg, pb_double_bits(pts[i].value));
  }
  pb_field_int64(msg, 8, pts[0].wall_ms);
  if (n > 1) {
    int constant = 1;
    for (size_t i = 1; i < n && constant; i++) constant = pts[i].wall_ms == pts[0].wall_ms;
    if (!constant) {
      size_t bytes = 0;
      for (size_t i = 1; i < n; i++)
        bytes += pb_varint_size(pb_zigzag((int64_t)((uint64_t)pts[i].wall_ms - (uint64_t)pts[i - 1].wall_ms)));
      pb_put_tag(msg, 9, PB_LEN);
      pb_put_varint(msg, bytes);
      if (vdl_buf_reserve(msg, bytes)) return;
      for (size_t i = 1; i < n; i++)
        pb_put_varint_raw(msg, pb_zigzag((int64_t)((uint64_t)pts[i].wall_ms - (uint64_t)pts[i - 1].wall_ms)));
    }
  }
}

void vdl_enc_record(vdl_buf *msg, uint32_t tablet_id, int64_t step, int64_t wall_ms,
                    const uint8_t *entry, size_t entry_len) {
  pb_field_uint(msg, 1, tablet_id);
  pb_field_int64(msg, 2, step);
  pb_field_int64(msg, 3, wall_ms);
  pb_field_bytes(msg, 4, entry, entry_len);
}

/* Wraps the submessage encoded into `sub` as Entry field `field`. */
static void entry_wrap(vdl_buf *msg, uint32_t field, vdl_buf *sub) {
  if (sub->oom) { msg->oom = 1; vdl_buf_free(sub); return; }
  pb_field_bytes(msg, field, sub->p, sub->len);
  vdl_buf_free(sub);
}

void vdl_enc_entry_histogram(vdl_buf *msg, const vdl_histogram *h) {
  vdl_buf sub = {0};
  vdl_pb_field_packed_double(&sub, 1, h->edges, h->buckets ? h->buckets + 1 : 0);
  vdl_pb_field_packed_double(&sub, 2, h->counts, h->buckets);
  pb_field_double(&sub, 3, h->min);
  pb_field_double(&sub, 4, h->max);
  pb_field_double(&sub, 5, h->num);
  pb_field_double(&sub, 6, h->sum);
  pb_field_double(&sub, 7, h->sum_squares);
  entry_wrap(msg, 2, &sub);
}

void vdl_enc_entry_image(vdl_buf *msg, const uint8_t *encoded, size_t len, const char *media_type,
                         uint32_t width, uint32_t height, uint32_t channels) {
  vdl_buf sub = {0};
  pb_field_str(&sub, 1, (const char *)encoded, len);
  pb_field_str(&sub, 2, media_type, strlen(media_type));
  pb_field_uint(&sub, 3, width);
  pb_field_uint(&sub, 4, height);
  pb_field_uint(&sub, 5, channels);
  entry_wrap(msg, 3, &sub);
}

void vdl_enc_entry_embedding(vdl_buf *msg, const float *matrix, size_t rows, size_t dims,
                             const char *const *labels, const char *const *header, size_t columns,
                             const char *const *cells) {
  vdl_buf sub = {0};
  pb_field_uint(&sub, 1, rows);
  pb_field_uint(&sub, 2, dims);
  vdl_pb_field_packed_float(&sub, 3, matrix, rows * dims);
  if (labels) {
    for (size_t i = 0; i < rows; i++) {
      const char *s = labels[i] ? labels[i] : "";
      pb_field_bytes(&sub, 4, s, strlen(s));
    }
  }
  if (columns && header) {
    for (size_t c = 0; c < columns; c++) {
      const char *s = header[c] ? header[c] : "";
      pb_field_bytes(&sub, 5, s, strlen(s));
    }
  }
  if (columns && cells) {
    vdl_buf row = {0};
    for (size_t r = 0; r < rows; r++) {
      row.len = 0;
      for (size_t c = 0; c < columns; c++) {
        const char *s = cells[r * columns + c] ? cells[r * columns + c] : "";
        pb_field_bytes(&row, 1, s, strlen(s));
      }
      if (row.oom) { sub.oom = 1; break; }
      pb_field_bytes(&sub, 6, row.p, row.len);
    }
    vdl_buf_free(&row);
  }
  entry_wrap(msg, 4, &sub);
}

void vdl_enc_entry_text(vdl_buf *msg, const char *text, size_t len) {
  vdl_buf sub = {0};
  pb_field_str(&sub, 1, text, len);
  entry_wrap(msg, 5, &sub);
}
