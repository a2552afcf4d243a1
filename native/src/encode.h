/* Encoders of the VisualDL messages (proto/src/main/proto/visualdl) and of the frame layout. */
#ifndef VDL_ENCODE_H
#define VDL_ENCODE_H
#include "pb.h"
#include "visualdl.h"

enum {
  VDL_KIND_SCALAR = 1,
  VDL_KIND_HISTOGRAM = 2,
  VDL_KIND_IMAGE = 3,
  VDL_KIND_EMBEDDING = 4,
  VDL_KIND_TEXT = 5,
  VDL_KIND_PLUGIN = 6,
  /* Built-in kinds written as KIND_PLUGIN tablets whose plugin name is the kind's name (codes of
   * this library only; on the wire: Kind 6, Tablet.plugin.name, Tablet.shape). */
  VDL_KIND_AUDIO = 16,
  VDL_KIND_PR_CURVE = 17,
  VDL_KIND_ROC_CURVE = 18,
  VDL_KIND_HPARAMS = 19,
  VDL_KIND_GRAPH = 20
};

/* Tablet.shape */
enum { VDL_SHAPE_SAMPLES = 2, VDL_SHAPE_BLOBS = 3 };

/* BuiltinKind of the Java proto module: name, payload version, shape. */
typedef struct vdl_plugin_kind {
  int kind;
  const char *name;
  uint32_t version;
  int shape;
} vdl_plugin_kind;

/* The plugin-style kind of a code, or NULL for the kinds with entries of their own. */
const vdl_plugin_kind *vdl_plugin_kind_of(int kind);

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
/* kind: a VDL_KIND_* code; a plugin-style kind is written as Kind 6 with plugin and shape. */
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

/* Entry{plugin_data: PluginData{plugin_name, data_version, data, header}} (kinds.c). */
void vdl_enc_entry_plugin(vdl_buf *msg, const vdl_plugin_kind *k, const uint8_t *data,
                          size_t len, const uint8_t *header, size_t header_len);

/* Audio: a mono 16-bit PCM WAV file of n samples is VDL_WAV_HEADER_BYTES + 2 n bytes. */
enum { VDL_WAV_HEADER_BYTES = 44 };
/* The 16-bit sample of a float: clamped to [-1, 1], times 32767, rounded half away from zero. */
int16_t vdl_pcm16(float sample);
void vdl_wav_encode(uint8_t *out, const float *samples, size_t n, uint32_t sample_rate);
/* The Audio message (wav NULL and len 0: the header, Audio without its encoded bytes). */
void vdl_enc_audio(vdl_buf *msg, const uint8_t *wav, size_t len, uint32_t sample_rate,
                   uint64_t frames);

/* A PR or ROC curve: n thresholds i / (n - 1), counts of predictions >= each threshold; a and b
 * are precision and recall (vdl_curve_pr) or tpr and fpr (vdl_curve_roc). */
typedef struct vdl_curve {
  uint32_t n;
  double *thresholds, *tp, *fp, *tn, *fn, *a, *b;
} vdl_curve;
/* 0 or -ENOMEM. Labels: non-zero is positive. Predictions must be finite, n_thresholds >= 2. */
int vdl_curve_compute(vdl_curve *c, const uint8_t *labels, const double *predictions, size_t n,
                      uint32_t num_thresholds);
void vdl_curve_pr(vdl_curve *c);
void vdl_curve_roc(vdl_curve *c);
void vdl_curve_free(vdl_curve *c);
/* PrCurve and RocCurve share one field layout. */
void vdl_enc_curve(vdl_buf *msg, const vdl_curve *c);

/* GraphModel{format, data, name} (data NULL and len 0: the header, without the model). */
void vdl_enc_graph(vdl_buf *msg, const char *format, const uint8_t *data, size_t len,
                   const char *name);

/* One Hparams.hparams field (an Hparam message). */
void vdl_enc_hparam(vdl_buf *msg, const char *name, const vdl_hparam_value *v);

/* Histograms (histogram.c). Returns 0, or -ENOMEM. Free with vdl_histogram_free. */
int vdl_histogram_exponential(vdl_histogram *h, const double *values, size_t n);
int vdl_histogram_uniform(vdl_histogram *h, const double *values, size_t n, uint32_t bins);
void vdl_histogram_free(vdl_histogram *h);
#endif
