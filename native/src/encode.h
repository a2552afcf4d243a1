/* Encoders of the VisualDL messages (proto/src/main/proto/visualdl) and of the frame layout. */
#ifndef VDL_ENCODE_H
#define VDL_ENCODE_H
#include "pb.h"

enum {
  VDL_KIND_SCALAR = 1,
  VDL_KIND_HISTOGRAM = 2,
  VDL_KIND_IMAGE = 3,
  VDL_KIND_EMBEDDING = 4,
  VDL_KIND_TEXT = 5,
  VDL_KIND_PLUGIN = 6
};

enum { VDL_FRAME_HEADER_BYTES = 12, VDL_FRAME_FOOTER_BYTES = 4 };
/* The largest payload a reader accepts (Frames.MAX_PAYLOAD_BYTES in the Java storage bundle). */
#define VDL_MAX_PAYLOAD_BYTES (256u * 1024u * 1024u)
/* Points per ScalarBlock at most, so a block stays far below the payload bound. */
#define VDL_MAX_BLOCK_POINTS (1u << 20)

typedef struct vdl_point {
  int64_t step;
  double value;
  int64_t wall_ms;
} vdl_point;

typedef struct vdl_storage_header {
  uint32_t format_version;
  const char *writer;
  const char *host;
  int64_t pid;
  int64_t start_time_ms;
  uint32_t sequence;
} vdl_storage_header;

/* Appends one frame whose payload is a Frame with field `body_field` holding `msg` (len bytes):
 * u64 LE length | u32 masked CRC32C(length) | payload | u32 masked CRC32C(payload).
 * Returns the bytes appended. */
size_t vdl_put_frame(vdl_buf *out, uint32_t body_field, const uint8_t *msg, size_t len);

/* Appends a raw frame around an already encoded payload. */
size_t vdl_put_raw_frame(vdl_buf *out, const uint8_t *payload, size_t len);

/* Messages, each appended to `msg` (not framed). */
void vdl_enc_storage(vdl_buf *msg, const vdl_storage_header *h);
void vdl_enc_tablet(vdl_buf *msg, uint32_t id, const char *tag, size_t tag_len, int kind);
void vdl_enc_scalar_block(vdl_buf *msg, uint32_t tablet_id, const vdl_point *pts, size_t n);
void vdl_enc_record(vdl_buf *msg, uint32_t tablet_id, int64_t step, int64_t wall_ms,
                    const uint8_t *entry, size_t entry_len);

/* Entries (the Entry message, oneof value set). */
typedef struct vdl_histogram {
  double *edges;  /* buckets + 1 */
  double *counts; /* buckets */
  size_t buckets;
  double min, max, num, sum, sum_squares;
} vdl_histogram;

void vdl_enc_entry_histogram(vdl_buf *msg, const vdl_histogram *h);
void vdl_enc_entry_image(vdl_buf *msg, const uint8_t *encoded, size_t len, const char *media_type,
                         uint32_t width, uint32_t height, uint32_t channels);
void vdl_enc_entry_embedding(vdl_buf *msg, const float *matrix, size_t rows, size_t dims,
                             const char *const *labels, const char *const *header, size_t columns,
                             const char *const *cells);
void vdl_enc_entry_text(vdl_buf *msg, const char *text, size_t len);

/* Histograms (histogram.c). Returns 0, or -ENOMEM. Free with vdl_histogram_free. */
int vdl_histogram_exponential(vdl_histogram *h, const double *values, size_t n);
int vdl_histogram_uniform(vdl_histogram *h, const double *values, size_t n, uint32_t bins);
void vdl_histogram_free(vdl_histogram *h);
#endif
