/* Writes the cross-language fixture into argv[1]; CrossLanguageTest (Java) reads it back with the
 * storage bundle and expects exactly these values. Keep in sync with src/test/python/xlang_writer.py
 * and src/test/java/org/visualdl/nativesdk/CrossLanguageTest.java. */
#include <float.h>
#include <math.h>
#include <stdio.h>

#include "visualdl.h"

#define OK(expr) do { if ((expr) != 0) { fprintf(stderr, "%s: %s\n", #expr, vdl_last_error()); return 1; } } while (0)

/* A 1x1 RGB PNG. */
static const uint8_t png[] = {
    0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0x00, 0x00, 0x00, 0x0d, 0x49, 0x48, 0x44,
    0x52, 0x00, 0x00, 0x00, 0x01, 0x00, 0x00, 0x00, 0x01, 0x08, 0x02, 0x00, 0x00, 0x00, 0x90,
    0x77, 0x53, 0xde, 0x00, 0x00, 0x00, 0x0c, 0x49, 0x44, 0x41, 0x54, 0x08, 0xd7, 0x63, 0xf8,
    0xcf, 0xc0, 0x00, 0x00, 0x03, 0x01, 0x01, 0x00, 0x18, 0xdd, 0x8d, 0xb0, 0x00, 0x00, 0x00,
    0x00, 0x49, 0x45, 0x4e, 0x44, 0xae, 0x42, 0x60, 0x82};

int main(int argc, char **argv) {
  if (argc != 2) { fprintf(stderr, "usage: xlang_writer RUN_DIR\n"); return 2; }
  vdl_options o = {0};
  o.rotate_bytes = 1 << 20;
  vdl_writer *w = vdl_writer_open_with(argv[1], &o);
  if (!w) { fprintf(stderr, "%s\n", vdl_last_error()); return 1; }
  /* "loss": steps 0..999, doubles that are not floats. */
  for (int64_t i = 0; i < 1000; i++) OK(vdl_add_scalar(w, "loss", i, (double)i * 0.001));
  /* "acc": irregular steps, values exact as floats, through the batch call. */
  int64_t steps[5] = {0, 3, 4, 10, 11};
  double values[5] = {0.25, 0.5, 0.75, 1.0, -1.5};
  OK(vdl_add_scalar_batch(w, "acc", steps, values, 5));
  /* "special": NaN, infinities, -0.0, extremes. */
  double special[7] = {NAN, INFINITY, -INFINITY, -0.0, DBL_MAX, 4.9e-324, 1e-300};
  for (int i = 0; i < 7; i++) OK(vdl_add_scalar(w, "special", i, special[i]));
  /* "extreme_steps": the whole int64 range. */
  OK(vdl_add_scalar(w, "extreme_steps", INT64_MIN, 1));
  OK(vdl_add_scalar(w, "extreme_steps", 0, 2));
  OK(vdl_add_scalar(w, "extreme_steps", INT64_MAX, 3));
  /* "timed": explicit wall times that go back and forth. */
  int64_t walls[4] = {1000, 1001, 999, 5000};
  for (int i = 0; i < 4; i++) OK(vdl_add_scalar_at(w, "timed", i, i + 0.5, walls[i]));
  double hv[6] = {-2, -1, 0, 1, 2, 1e-13};
  OK(vdl_add_histogram(w, "weights", 7, hv, 6));
  OK(vdl_add_histogram_bins(w, "weights10", 7, hv, 6, 10, -1));
  OK(vdl_add_image_png(w, "img", 8, png, sizeof png));
  float emb[6] = {1.5f, -2, 3, 4, 5, 6};
  const char *labels[3] = {"cat", "dog", "\xc3\xa9l\xc3\xa9phant"};
  OK(vdl_add_embedding(w, "emb", 9, emb, 3, 2, labels));
  OK(vdl_add_text(w, "notes", 10, "h\xc3\xa9llo **world** \xe2\x9c\x93"));
  /* The plugin-data kinds: CrossLanguageTest expects exactly the bytes of the Java encoders. */
  float samples[8] = {0.0f, 0.25f, -0.5f, 1.0f, -1.0f, 0.123456789f, 3.0f, -0.00001f};
  OK(vdl_add_audio(w, "voice", 11, samples, 8, 16000));
  uint8_t labels8[8] = {1, 0, 1, 1, 0, 0, 1, 0};
  double preds[8] = {0.95, 0.1, 0.5, 0.3333333333333333, 0.7, 0.5, 1.0, -0.2};
  OK(vdl_add_pr_curve(w, "pr", 12, labels8, preds, 8, 7));
  OK(vdl_add_roc_curve(w, "roc", 13, labels8, preds, 8, 10));
  const char *names[6] = {"lr", "layers", "optimizer", "dropout", "name", "zero"};
  vdl_hparam_value hv6[6] = {vdl_hparam_number(0.001), vdl_hparam_number(12),
                             vdl_hparam_string("adam"), vdl_hparam_bool(0),
                             vdl_hparam_string("r\xc3\xa9sum\xc3\xa9"), vdl_hparam_number(0)};
  const char *metrics[2] = {"loss", "acc"};
  OK(vdl_add_hparams(w, 6, names, hv6, 2, metrics));
  OK(vdl_flush(w));
  /* Data after the first flush, in the same file. */
  for (int64_t i = 1000; i < 2000; i++) OK(vdl_add_scalar(w, "loss", i, (double)i * 0.001));
  OK(vdl_writer_close(w));
  return 0;
}
