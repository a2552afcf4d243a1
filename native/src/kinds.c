/* The kinds written as plugin data (audio, pr-curve, roc-curve, hparams, graph): their payloads, computed
 * exactly as the Java SDK (org.visualdl.sdk.internal.Wav, Curves, HparamsPayload) and the layout
 * in proto/README.md, so that every SDK writes the same bytes for the same input. */
#include <errno.h>
#include <math.h>
#include <stdlib.h>

#include "encode.h"

static const vdl_plugin_kind plugin_kinds[] = {
    {VDL_KIND_AUDIO, "audio", 1, VDL_SHAPE_BLOBS},
    {VDL_KIND_PR_CURVE, "pr-curve", 1, VDL_SHAPE_SAMPLES},
    {VDL_KIND_ROC_CURVE, "roc-curve", 1, VDL_SHAPE_SAMPLES},
    {VDL_KIND_HPARAMS, "hparams", 1, VDL_SHAPE_SAMPLES},
    {VDL_KIND_GRAPH, "graph", 1, VDL_SHAPE_BLOBS},
};

const vdl_plugin_kind *vdl_plugin_kind_of(int kind) {
  for (size_t i = 0; i < sizeof plugin_kinds / sizeof plugin_kinds[0]; i++)
    if (plugin_kinds[i].kind == kind) return &plugin_kinds[i];
  return NULL;
}

void vdl_enc_entry_plugin(vdl_buf *msg, const vdl_plugin_kind *k, const uint8_t *data,
                          size_t len, const uint8_t *header, size_t header_len) {
  vdl_buf sub = {0};
  pb_field_str(&sub, 1, k->name, strlen(k->name));
  pb_field_uint(&sub, 2, k->version);
  pb_field_str(&sub, 3, (const char *)data, len);
  pb_field_str(&sub, 4, (const char *)header, header_len);
  if (sub.oom) { msg->oom = 1; vdl_buf_free(&sub); return; }
  pb_field_bytes(msg, 6, sub.p, sub.len);
  vdl_buf_free(&sub);
}

/* ---- audio ---- */

static void le16(uint8_t *p, uint32_t v) { p[0] = (uint8_t)v; p[1] = (uint8_t)(v >> 8); }
static void le32(uint8_t *p, uint32_t v) {
  for (int i = 0; i < 4; i++) p[i] = (uint8_t)(v >> (8 * i));
}

int16_t vdl_pcm16(float sample) {
  double v = (double)sample;
  if (v > 1.0) v = 1.0;
  if (v < -1.0) v = -1.0;
  v *= 32767.0; /* exact: a float times 32767 fits in a double */
  double r = v >= 0 ? floor(v + 0.5) : -floor(-v + 0.5);
  return (int16_t)r;
}

void vdl_wav_encode(uint8_t *out, const float *samples, size_t n, uint32_t sample_rate) {
  uint32_t data = (uint32_t)(n * 2);
  memcpy(out, "RIFF", 4);
  le32(out + 4, 36 + data);
  memcpy(out + 8, "WAVEfmt ", 8);
  le32(out + 16, 16);          /* fmt chunk size */
  le16(out + 20, 1);           /* PCM */
  le16(out + 22, 1);           /* mono */
  le32(out + 24, sample_rate);
  le32(out + 28, sample_rate * 2); /* bytes per second */
  le16(out + 32, 2);           /* bytes per frame */
  le16(out + 34, 16);          /* bits per sample */
  memcpy(out + 36, "data", 4);
  le32(out + 40, data);
  uint8_t *p = out + VDL_WAV_HEADER_BYTES;
  for (size_t i = 0; i < n; i++) le16(p + 2 * i, (uint16_t)vdl_pcm16(samples[i]));
}

void vdl_enc_audio(vdl_buf *msg, const uint8_t *wav, size_t len, uint32_t sample_rate,
                   uint64_t frames) {
  pb_field_str(msg, 1, (const char *)wav, len);
  pb_field_str(msg, 2, "audio/wav", 9);
  pb_field_uint(msg, 3, sample_rate);
  pb_field_uint(msg, 4, 1);
  pb_field_uint(msg, 5, frames);
}

/* ---- curves ---- */

/* How many thresholds are <= p (thresholds ascending). */
static uint32_t at_or_below(const double *t, uint32_t n, double p) {
  uint32_t lo = 0, hi = n;
  while (lo < hi) {
    uint32_t mid = lo + (hi - lo) / 2;
    if (t[mid] <= p) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

int vdl_curve_compute(vdl_curve *c, const uint8_t *labels, const double *predictions, size_t n,
                      uint32_t num_thresholds) {
  uint32_t T = num_thresholds;
  memset(c, 0, sizeof *c);
  c->n = T;
  double *all = calloc((size_t)T * 7, sizeof *all);
  /* pos[k], neg[k]: predictions with exactly k thresholds at or below them. */
  double *pos = calloc((size_t)T + 1, sizeof *pos), *neg = calloc((size_t)T + 1, sizeof *neg);
  if (!all || !pos || !neg) {
    free(all); free(pos); free(neg);
    return -ENOMEM;
  }
  c->thresholds = all;
  c->tp = all + T;
  c->fp = all + 2 * (size_t)T;
  c->tn = all + 3 * (size_t)T;
  c->fn = all + 4 * (size_t)T;
  c->a = all + 5 * (size_t)T;
  c->b = all + 6 * (size_t)T;
  for (uint32_t i = 0; i < T; i++) c->thresholds[i] = (double)i / (double)(T - 1);
  double positives = 0, negatives = 0;
  for (size_t i = 0; i < n; i++) {
    uint32_t k = at_or_below(c->thresholds, T, predictions[i]);
    if (labels[i]) { pos[k] += 1; positives += 1; }
    else { neg[k] += 1; negatives += 1; }
  }
  /* tp[i]: positives with more than i thresholds at or below them, i.e. prediction >= t[i]. */
  double tp = 0, fp = 0;
  for (uint32_t i = T; i-- > 0;) {
    tp += pos[i + 1];
    fp += neg[i + 1];
    c->tp[i] = tp;
    c->fp[i] = fp;
    c->fn[i] = positives - tp;
    c->tn[i] = negatives - fp;
  }
  free(pos);
  free(neg);
  return 0;
}

void vdl_curve_pr(vdl_curve *c) {
  for (uint32_t i = 0; i < c->n; i++) {
    double tp = c->tp[i], fp = c->fp[i], fn = c->fn[i];
    c->a[i] = tp + fp > 0 ? tp / (tp + fp) : 1.0;
    c->b[i] = tp + fn > 0 ? tp / (tp + fn) : 0.0;
  }
}

void vdl_curve_roc(vdl_curve *c) {
  for (uint32_t i = 0; i < c->n; i++) {
    double tp = c->tp[i], fp = c->fp[i], fn = c->fn[i], tn = c->tn[i];
    c->a[i] = tp + fn > 0 ? tp / (tp + fn) : 0.0;
    c->b[i] = fp + tn > 0 ? fp / (fp + tn) : 0.0;
  }
}

void vdl_curve_free(vdl_curve *c) {
  free(c->thresholds);
  memset(c, 0, sizeof *c);
}

void vdl_enc_curve(vdl_buf *msg, const vdl_curve *c) {
  vdl_pb_field_packed_double(msg, 1, c->thresholds, c->n);
  vdl_pb_field_packed_double(msg, 2, c->tp, c->n);
  vdl_pb_field_packed_double(msg, 3, c->fp, c->n);
  vdl_pb_field_packed_double(msg, 4, c->tn, c->n);
  vdl_pb_field_packed_double(msg, 5, c->fn, c->n);
  vdl_pb_field_packed_double(msg, 6, c->a, c->n);
  vdl_pb_field_packed_double(msg, 7, c->b, c->n);
}

/* ---- graph ---- */

/* Field order as protobuf-java writes GraphModel (GraphDefs.of in the Java proto module). */
void vdl_enc_graph(vdl_buf *msg, const char *format, const uint8_t *data, size_t len,
                   const char *name) {
  pb_field_str(msg, 1, format, strlen(format));
  pb_field_str(msg, 2, (const char *)data, len);
  pb_field_str(msg, 3, name, strlen(name));
}

/* ---- hparams ---- */

void vdl_enc_hparam(vdl_buf *msg, const char *name, const vdl_hparam_value *v) {
  vdl_buf sub = {0};
  pb_field_str(&sub, 1, name, strlen(name));
  /* A oneof member is written even when it holds its default (0, "", false). */
  switch (v->type) {
    case VDL_HPARAM_NUMBER:
      pb_put_tag(&sub, 2, PB_I64);
      if (!vdl_buf_reserve(&sub, 8)) pb_put_fixed64_raw(&sub, pb_double_bits(v->number));
      break;
    case VDL_HPARAM_STRING:
      pb_field_bytes(&sub, 3, v->string, strlen(v->string));
      break;
    default:
      pb_put_tag(&sub, 4, PB_VARINT);
      pb_put_varint(&sub, v->flag ? 1 : 0);
      break;
  }
  if (sub.oom) { msg->oom = 1; vdl_buf_free(&sub); return; }
  pb_field_bytes(msg, 1, sub.p, sub.len);
  vdl_buf_free(&sub);
}
