/* Framing and the protobuf encoding of every message kind, against bytes worked out by hand from
 * the schema (proto/src/main/proto/visualdl). */
#include <math.h>
#include <string.h>

#include "../src/encode.h"
#include "check.h"
#include "visualdl.h"

static int same(const vdl_buf *b, const uint8_t *want, size_t n, const char *what) {
  if (b->len == n && memcmp(b->p, want, n) == 0) return 1;
  fprintf(stderr, "%s: got %zu bytes:", what, b->len);
  for (size_t i = 0; i < b->len; i++) fprintf(stderr, " %02x", b->p[i]);
  fprintf(stderr, "\n  want %zu bytes:", n);
  for (size_t i = 0; i < n; i++) fprintf(stderr, " %02x", want[i]);
  fprintf(stderr, "\n");
  return 0;
}
#define SAME(buf, ...)                                              \
  do {                                                              \
    static const uint8_t want_[] = {__VA_ARGS__};                   \
    CHECK(same(&(buf), want_, sizeof want_, #buf));                 \
    (buf).len = 0;                                                  \
  } while (0)

static void varints(void) {
  vdl_buf b = {0};
  pb_put_varint(&b, 0);
  pb_put_varint(&b, 1);
  pb_put_varint(&b, 127);
  pb_put_varint(&b, 128);
  pb_put_varint(&b, 300);
  pb_put_varint(&b, UINT64_MAX);
  SAME(b, 0x00, 0x01, 0x7f, 0x80, 0x01, 0xac, 0x02, 0xff, 0xff, 0xff, 0xff, 0xff,
       0xff, 0xff, 0xff, 0xff, 0x01);
  CHECK(pb_zigzag(0) == 0 && pb_zigzag(-1) == 1 && pb_zigzag(1) == 2 && pb_zigzag(-2) == 3);
  CHECK(pb_zigzag(INT64_MAX) == UINT64_MAX - 1 && pb_zigzag(INT64_MIN) == UINT64_MAX);
  CHECK(pb_varint_size(0) == 1 && pb_varint_size(128) == 2 && pb_varint_size(UINT64_MAX) == 10);
  vdl_buf_free(&b);
}

static void framing(void) {
  vdl_buf msg = {0}, out = {0};
  vdl_enc_tablet(&msg, 1, "loss", 4, VDL_KIND_SCALAR);
  size_t n = vdl_put_frame(&out, 2, msg.p, msg.len);
  CHECK(n == 28);
  /* u64 LE length 12 | masked CRC32C of those 8 bytes | Frame{tablet} | masked CRC32C(payload) */
  SAME(out, 0x0c, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0xf4, 0xc8, 0xfe, 0x0a, 0x12, 0x0a,
       0x08, 0x01, 0x12, 0x04, 0x6c, 0x6f, 0x73, 0x73, 0x18, 0x01, 0x29, 0x96, 0xf4, 0xbf);
  /* The same payload through the raw path gives the same frame. */
  static const uint8_t payload[] = {0x12, 0x0a, 0x08, 0x01, 0x12, 0x04, 0x6c, 0x6f, 0x73, 0x73, 0x18, 0x01};
  CHECK(vdl_put_raw_frame(&out, payload, sizeof payload) == 28);
  SAME(out, 0x0c, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0xf4, 0xc8, 0xfe, 0x0a, 0x12, 0x0a,
       0x08, 0x01, 0x12, 0x04, 0x6c, 0x6f, 0x73, 0x73, 0x18, 0x01, 0x29, 0x96, 0xf4, 0xbf);
  vdl_buf_free(&msg);
  vdl_buf_free(&out);
}

static void messages(void) {
  vdl_buf b = {0};
  vdl_storage_header h = {1, "w", "h", 42, 1000, 2};
  vdl_enc_storage(&b, &h);
  SAME(b, 0x08, 0x01, 0x12, 0x01, 'w', 0x1a, 0x01, 'h', 0x20, 0x2a, 0x28, 0xe8, 0x07, 0x30, 0x02);
  vdl_storage_header h0 = {1, "visualdl-c", "", 7, 0, 0}; /* defaults skipped */
  vdl_enc_storage(&b, &h0);
  SAME(b, 0x08, 0x01, 0x12, 0x0a, 'v', 'i', 's', 'u', 'a', 'l', 'd', 'l', '-', 'c', 0x20, 0x07);

  vdl_enc_tablet(&b, 1, "loss", 4, VDL_KIND_SCALAR);
  SAME(b, 0x08, 0x01, 0x12, 0x04, 'l', 'o', 's', 's', 0x18, 0x01);
  vdl_enc_tablet(&b, 300, "x", 1, VDL_KIND_EMBEDDING);
  SAME(b, 0x08, 0xac, 0x02, 0x12, 0x01, 'x', 0x18, 0x04);

  /* Regular steps, float values, one wall time. */
  vdl_point reg[3] = {{0, 1.0, 1000}, {1, 2.0, 1000}, {2, 0.5, 1000}};
  vdl_enc_scalar_block(&b, 1, reg, 3);
  SAME(b, 0x08, 0x01, 0x10, 0x03, 0x20, 0x01, 0x32, 0x0c, 0x00, 0x00, 0x80, 0x3f, 0x00, 0x00,
       0x00, 0x40, 0x00, 0x00, 0x00, 0x3f, 0x40, 0xe8, 0x07);
  /* Irregular steps, a value that is not a float, changing wall times. */
  vdl_point irr[3] = {{10, 0.1, 1000}, {12, 1.0, 1001}, {11, 2.0, 999}};
  vdl_enc_scalar_block(&b, 1, irr, 3);
  SAME(b, 0x08, 0x01, 0x10, 0x03, 0x18, 0x0a, 0x2a, 0x02, 0x04, 0x01, 0x3a, 0x18,
       0x9a, 0x99, 0x99, 0x99, 0x99, 0x99, 0xb9, 0x3f, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0xf0,
       0x3f, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x40, 0x40, 0xe8, 0x07, 0x4a, 0x02, 0x02,
       0x03);
  /* One point at a negative step; NaN and infinity stay floats. */
  vdl_point one[1] = {{-1, NAN, 5}};
  vdl_enc_scalar_block(&b, 2, one, 1);
  CHECK(b.len == 2 + 2 + 11 + 6 + 2);
  CHECK(b.p[4] == 0x18 && b.p[5] == 0xff && b.p[14] == 0x01 && b.p[15] == 0x32 && b.p[16] == 4);
  b.len = 0;
  vdl_point inf[2] = {{0, INFINITY, 5}, {3, -INFINITY, 5}};
  vdl_enc_scalar_block(&b, 2, inf, 2);
  SAME(b, 0x08, 0x02, 0x10, 0x02, 0x20, 0x03, 0x32, 0x08, 0x00, 0x00, 0x80, 0x7f, 0x00, 0x00,
       0x80, 0xff, 0x40, 0x05);
  /* 1e300 is not a float: the block switches to doubles. */
  vdl_point big[1] = {{0, 1e300, 0}};
  vdl_enc_scalar_block(&b, 1, big, 1);
  CHECK(b.len == 4 + 2 + 8 && b.p[4] == 0x3a);
  b.len = 0;

  /* Record with a text entry. */
  vdl_buf e = {0};
  vdl_enc_entry_text(&e, "hi", 2);
  SAME(e, 0x2a, 0x04, 0x0a, 0x02, 'h', 'i');
  vdl_enc_entry_text(&e, "hi", 2);
  vdl_enc_record(&b, 2, 5, 7, e.p, e.len);
  SAME(b, 0x08, 0x02, 0x10, 0x05, 0x18, 0x07, 0x22, 0x06, 0x2a, 0x04, 0x0a, 0x02, 'h', 'i');
  e.len = 0;
  vdl_enc_entry_text(&e, "", 0); /* the oneof is set even when the text is empty */
  SAME(e, 0x2a, 0x00);

  /* Histogram. */
  double edges[3] = {0, 1, 2}, counts[2] = {1, 1};
  vdl_histogram hist = {edges, counts, 2, 0, 1.5, 2, 1.5, 2.25};
  vdl_enc_entry_histogram(&e, &hist);
  SAME(e, 0x12, 0x50, 0x0a, 0x18, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0xf0, 0x3f, 0, 0, 0,
       0, 0, 0, 0, 0x40, 0x12, 0x10, 0, 0, 0, 0, 0, 0, 0xf0, 0x3f, 0, 0, 0, 0, 0, 0, 0xf0, 0x3f,
       0x21, 0, 0, 0, 0, 0, 0, 0xf8, 0x3f, 0x29, 0, 0, 0, 0, 0, 0, 0, 0x40, 0x31, 0, 0, 0, 0, 0, 0,
       0xf8, 0x3f, 0x39, 0, 0, 0, 0, 0, 0, 0x02, 0x40);

  /* Image. */
  vdl_enc_entry_image(&e, (const uint8_t *)"abc", 3, "image/png", 2, 3, 4);
  SAME(e, 0x1a, 0x16, 0x0a, 0x03, 'a', 'b', 'c', 0x12, 0x09, 'i', 'm', 'a', 'g', 'e', '/', 'p',
       'n', 'g', 0x18, 0x02, 0x20, 0x03, 0x28, 0x04);

  /* Embedding with labels and metadata columns. */
  float m[2] = {1.0f, -2.0f};
  const char *labels[2] = {"a", ""};
  const char *header[2] = {"x", "y"};
  const char *cells[4] = {"1", "2", "3", "4"};
  vdl_enc_entry_embedding(&e, m, 2, 1, labels, header, 2, cells);
  SAME(e, 0x22, 0x29, 0x08, 0x02, 0x10, 0x01, 0x1a, 0x08, 0x00, 0x00, 0x80, 0x3f, 0x00, 0x00,
       0x00, 0xc0, 0x22, 0x01, 'a', 0x22, 0x00, 0x2a, 0x01, 'x', 0x2a, 0x01, 'y', 0x32, 0x06, 0x0a,
       0x01, '1', 0x0a, 0x01, '2', 0x32, 0x06, 0x0a, 0x01, '3', 0x0a, 0x01, '4');
  vdl_buf_free(&e);
  vdl_buf_free(&b);
}

static void histograms(void) {
  vdl_histogram h;
  /* As the Java SDK: NaN and infinities left out; buckets from the first to the last non-empty
   * one; outer edges at min and max; 0 is a limit. */
  double v[8] = {-3, 0, 0.5, 0.5, 100, NAN, INFINITY, -INFINITY};
  CHECK(vdl_histogram_exponential(&h, v, 8) == 0);
  double total = 0;
  for (size_t i = 0; i < h.buckets; i++) {
    total += h.counts[i];
    CHECK(h.edges[i] < h.edges[i + 1]);
  }
  CHECK(total == 5 && h.num == 5 && h.min == -3 && h.max == 100 && h.sum == 98);
  CHECK(h.sum_squares == 9 + 0.25 + 0.25 + 10000);
  CHECK(h.edges[0] == -3 && h.edges[h.buckets] == 100);
  CHECK(h.counts[0] == 1 && h.counts[h.buckets - 1] == 1);
  /* Interior edges are the limits 1e-12 * 1.1^k: 0.5 and 100 fall 10% apart at most. */
  for (size_t i = 1; i < h.buckets; i++) {
    if (h.edges[i] > 1e-10 && h.edges[i + 1] > 1e-10 && i + 1 < h.buckets)
      CHECK(fabs(h.edges[i + 1] / h.edges[i] - 1.1) < 1e-9);
  }
  /* 0 lies in the bucket [0, 1e-12). */
  int zero_bucket = 0;
  for (size_t i = 0; i < h.buckets; i++)
    if (h.edges[i] == 0) zero_bucket = h.edges[i + 1] == 1e-12 && h.counts[i] == 1;
  CHECK(zero_bucket);
  vdl_histogram_free(&h);

  double u[5] = {0, 1, 2, 3, 4};
  CHECK(vdl_histogram_uniform(&h, u, 5, 4) == 0);
  CHECK(h.buckets == 4 && h.edges[0] == 0 && h.edges[4] == 4);
  CHECK(h.counts[0] == 1 && h.counts[1] == 1 && h.counts[2] == 1 && h.counts[3] == 2);
  vdl_histogram_free(&h);
  double same[3] = {3, 3, NAN};
  CHECK(vdl_histogram_uniform(&h, same, 3, 2) == 0);
  CHECK(h.buckets == 1 && h.edges[0] == 3 && h.edges[1] == 3 && h.counts[0] == 2);
  vdl_histogram_free(&h);
  CHECK(vdl_histogram_exponential(&h, same, 2) == 0);
  CHECK(h.buckets == 1 && h.counts[0] == 2);
  vdl_histogram_free(&h);
  double none[2] = {NAN, INFINITY};
  CHECK(vdl_histogram_exponential(&h, none, 2) == 0 && h.buckets == 0 && h.num == 0);
  vdl_histogram_free(&h);
  CHECK(vdl_histogram_exponential(&h, NULL, 0) == 0 && h.buckets == 0);
  vdl_histogram_free(&h);
}

/* The plugin-style kinds: tablet, entry and payload bytes (layouts in proto/README.md). */
static void plugin_kinds(void) {
  vdl_buf b = {0};
  vdl_enc_tablet(&b, 1, "p", 1, VDL_KIND_PR_CURVE);
  SAME(b, 0x08, 0x01, 0x12, 0x01, 'p', 0x18, 0x06, /* kind 6 */
       0x32, 0x0c, 0x0a, 0x08, 'p', 'r', '-', 'c', 'u', 'r', 'v', 'e', 0x10, 0x01, /* plugin */
       0x38, 0x02); /* shape samples */
  vdl_enc_tablet(&b, 2, "a", 1, VDL_KIND_AUDIO);
  SAME(b, 0x08, 0x02, 0x12, 0x01, 'a', 0x18, 0x06, 0x32, 0x09, 0x0a, 0x05, 'a', 'u', 'd', 'i',
       'o', 0x10, 0x01, 0x38, 0x03);
  vdl_enc_entry_plugin(&b, vdl_plugin_kind_of(VDL_KIND_HPARAMS), (const uint8_t *)"ab", 2,
                       (const uint8_t *)"h", 1);
  SAME(b, 0x32, 0x12, 0x0a, 0x07, 'h', 'p', 'a', 'r', 'a', 'm', 's', 0x10, 0x01,
       0x1a, 0x02, 'a', 'b', 0x22, 0x01, 'h');
  CHECK(vdl_plugin_kind_of(VDL_KIND_TEXT) == NULL);
  CHECK(strcmp(vdl_plugin_kind_of(VDL_KIND_ROC_CURVE)->name, "roc-curve") == 0);

  /* 16-bit samples: clamped, times 32767, half away from zero. */
  CHECK(vdl_pcm16(0.0f) == 0 && vdl_pcm16(-0.0f) == 0);
  CHECK(vdl_pcm16(0.5f) == 16384 && vdl_pcm16(-0.5f) == -16384); /* 16383.5 */
  CHECK(vdl_pcm16(1.0f) == 32767 && vdl_pcm16(3.0f) == 32767 && vdl_pcm16(-3.0f) == -32767);
  CHECK(vdl_pcm16(1e-5f) == 0 && vdl_pcm16(2e-5f) == 1);
  float samples[3] = {0.0f, 0.5f, -1.0f};
  uint8_t wav[VDL_WAV_HEADER_BYTES + 6];
  vdl_wav_encode(wav, samples, 3, 8000);
  static const uint8_t want_wav[] = {
      'R', 'I', 'F', 'F', 42, 0, 0, 0, 'W', 'A', 'V', 'E', 'f', 'm', 't', ' ', 16, 0, 0, 0,
      1, 0, 1, 0, 0x40, 0x1f, 0, 0, 0x80, 0x3e, 0, 0, 2, 0, 16, 0, 'd', 'a', 't', 'a', 6, 0,
      0, 0, 0x00, 0x00, 0x00, 0x40, 0x01, 0x80};
  CHECK(memcmp(wav, want_wav, sizeof want_wav) == 0);
  vdl_enc_audio(&b, NULL, 0, 8000, 3);
  SAME(b, 0x12, 0x09, 'a', 'u', 'd', 'i', 'o', '/', 'w', 'a', 'v', 0x18, 0xc0, 0x3e, 0x20, 0x01,
       0x28, 0x03);

  /* Curves: the example of CurvesTest (Java). */
  uint8_t labels[5] = {1, 0, 1, 0, 1};
  double preds[5] = {0.9, 0.8, 0.5, 0.2, 0.0};
  vdl_curve c;
  CHECK(vdl_curve_compute(&c, labels, preds, 5, 3) == 0);
  vdl_curve_pr(&c);
  CHECK(c.thresholds[0] == 0 && c.thresholds[1] == 0.5 && c.thresholds[2] == 1);
  CHECK(c.tp[0] == 3 && c.tp[1] == 2 && c.tp[2] == 0);
  CHECK(c.fp[0] == 2 && c.fp[1] == 1 && c.fp[2] == 0);
  CHECK(c.tn[0] == 0 && c.tn[1] == 1 && c.tn[2] == 2);
  CHECK(c.fn[0] == 0 && c.fn[1] == 1 && c.fn[2] == 3);
  CHECK(c.a[0] == 0.6 && c.a[1] == 2.0 / 3.0 && c.a[2] == 1.0); /* precision, 1 when 0/0 */
  CHECK(c.b[0] == 1.0 && c.b[1] == 2.0 / 3.0 && c.b[2] == 0.0); /* recall */
  vdl_curve_roc(&c);
  CHECK(c.a[0] == 1.0 && c.a[1] == 2.0 / 3.0 && c.a[2] == 0.0); /* tpr */
  CHECK(c.b[0] == 1.0 && c.b[1] == 0.5 && c.b[2] == 0.0);       /* fpr */
  vdl_enc_curve(&b, &c);
  CHECK(b.len == 7 * (2 + 24) && b.p[0] == 0x0a && b.p[1] == 24);
  b.len = 0;
  vdl_curve_free(&c);
  /* No positives: recall 0; no negatives: fpr 0. */
  uint8_t neg[1] = {0};
  double half[1] = {0.5};
  CHECK(vdl_curve_compute(&c, neg, half, 1, 2) == 0);
  vdl_curve_pr(&c);
  CHECK(c.b[0] == 0 && c.b[1] == 0 && c.a[0] == 0 && c.a[1] == 1);
  vdl_curve_free(&c);

  /* Hparams: oneof members are written even when they hold their default. */
  vdl_hparam_value zero = vdl_hparam_number(0), empty = vdl_hparam_string(""),
                   no = vdl_hparam_bool(0);
  vdl_enc_hparam(&b, "x", &zero);
  SAME(b, 0x0a, 0x0c, 0x0a, 0x01, 'x', 0x11, 0, 0, 0, 0, 0, 0, 0, 0);
  vdl_enc_hparam(&b, "x", &empty);
  SAME(b, 0x0a, 0x05, 0x0a, 0x01, 'x', 0x1a, 0x00);
  vdl_enc_hparam(&b, "x", &no);
  SAME(b, 0x0a, 0x05, 0x0a, 0x01, 'x', 0x20, 0x00);
  vdl_hparam_value one = vdl_hparam_number(1);
  vdl_enc_hparam(&b, "y", &one);
  SAME(b, 0x0a, 0x0c, 0x0a, 0x01, 'y', 0x11, 0, 0, 0, 0, 0, 0, 0xf0, 0x3f);
  vdl_buf_free(&b);
}

int main(void) {
  plugin_kinds();
  varints();
  framing();
  messages();
  histograms();
  CHECK_DONE();
}
