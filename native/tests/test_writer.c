/* The writer end to end: every kind written and read back, argument errors, rotation. */
#include <errno.h>
#include <math.h>
#include <string.h>

#include "check.h"
#include "reader.h"
#include "visualdl.h"

typedef struct seen {
  long scalars;
  double sum_values;
  int64_t last_step;
  int nan_seen, inf_seen;
  long records[8];
  char text[64];
  size_t image_len;
  uint32_t image_w, image_h, image_c;
  double hist_num;
  uint32_t emb_rows, emb_dims;
  int labels;
  long headers;
  uint32_t max_seq;
} seen;

static void on_header(void *ctx, const char *writer, const char *host, int64_t pid, int64_t start,
                      uint32_t seq) {
  seen *s = ctx;
  (void)host; (void)start;
  CHECK(strncmp(writer, "visualdl-c/", 11) == 0);
  CHECK(pid == (int64_t)getpid());
  s->headers++;
  if (seq > s->max_seq) s->max_seq = seq;
}

static void on_scalar(void *ctx, const char *tag, int64_t step, double v, int64_t wall) {
  seen *s = ctx;
  (void)wall;
  if (strcmp(tag, "special") == 0) {
    if (isnan(v)) s->nan_seen++;
    if (isinf(v)) s->inf_seen++;
    return;
  }
  s->scalars++;
  s->sum_values += v;
  s->last_step = step;
}

static void on_record(void *ctx, const char *tag, int kind, int64_t step, int64_t wall,
                      const uint8_t *entry, size_t len) {
  seen *s = ctx;
  (void)tag; (void)step; (void)wall;
  s->records[kind]++;
  rd_msg m = {entry, entry + len, 0};
  rd_field f, g;
  CHECK(rd_next(&m, &f) == 1 && f.wire == 2);
  rd_msg sub = {f.data, f.data + f.len, 0};
  while (rd_next(&sub, &g) > 0) {
    if (f.number == 5 && g.number == 1) snprintf(s->text, sizeof s->text, "%.*s", (int)g.len, g.data);
    if (f.number == 3 && g.number == 1) s->image_len = g.len;
    if (f.number == 3 && g.number == 3) s->image_w = (uint32_t)g.varint;
    if (f.number == 3 && g.number == 4) s->image_h = (uint32_t)g.varint;
    if (f.number == 3 && g.number == 5) s->image_c = (uint32_t)g.varint;
    if (f.number == 2 && g.number == 5) s->hist_num = rd_double(g.varint);
    if (f.number == 4 && g.number == 1) s->emb_rows = (uint32_t)g.varint;
    if (f.number == 4 && g.number == 2) s->emb_dims = (uint32_t)g.varint;
    if (f.number == 4 && g.number == 4) s->labels++;
  }
  CHECK(!sub.error);
}

static const rd_callbacks cbs = {on_header, on_scalar, on_record};

/* A 1x1 RGB PNG. */
static const uint8_t png[] = {
    0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0x00, 0x00, 0x00, 0x0d, 0x49, 0x48, 0x44,
    0x52, 0x00, 0x00, 0x00, 0x01, 0x00, 0x00, 0x00, 0x01, 0x08, 0x02, 0x00, 0x00, 0x00, 0x90,
    0x77, 0x53, 0xde, 0x00, 0x00, 0x00, 0x0c, 0x49, 0x44, 0x41, 0x54, 0x08, 0xd7, 0x63, 0xf8,
    0xcf, 0xc0, 0x00, 0x00, 0x03, 0x01, 0x01, 0x00, 0x18, 0xdd, 0x8d, 0xb0, 0x00, 0x00, 0x00,
    0x00, 0x49, 0x45, 0x4e, 0x44, 0xae, 0x42, 0x60, 0x82};

static void every_kind(void) {
  char *dir = temp_dir("writer");
  char run[512];
  snprintf(run, sizeof run, "%s/a/b/train", dir);
  vdl_writer *w = vdl_writer_open(run);
  CHECK(w != NULL);
  if (!w) { fprintf(stderr, "%s\n", vdl_last_error()); return; }
  CHECK(strstr(vdl_writer_current_file(w), ".vdl") != NULL);
  for (int64_t i = 0; i < 1000; i++) CHECK_OK(vdl_add_scalar(w, "loss", i, (double)i));
  int64_t steps[500];
  double values[500];
  for (int i = 0; i < 500; i++) { steps[i] = 1000 + 2 * i; values[i] = 0.5; }
  CHECK_OK(vdl_add_scalar_batch(w, "loss", steps, values, 500));
  CHECK_OK(vdl_add_scalar(w, "special", 0, NAN));
  CHECK_OK(vdl_add_scalar(w, "special", 1, INFINITY));
  CHECK_OK(vdl_add_scalar(w, "special", 2, -INFINITY));
  double hv[4] = {1, 2, 3, 4};
  CHECK_OK(vdl_add_histogram(w, "weights", 3, hv, 4));
  CHECK_OK(vdl_add_image_png(w, "sample", 4, png, sizeof png));
  float emb[6] = {1, 2, 3, 4, 5, 6};
  const char *labels[3] = {"x", "y", "z"};
  CHECK_OK(vdl_add_embedding(w, "emb", 5, emb, 3, 2, labels));
  CHECK_OK(vdl_add_text(w, "notes", 6, "hello *world*"));
  CHECK_OK(vdl_flush(w));

  /* Everything flushed is readable while the writer is still open. */
  seen s = {0};
  rd_stats st = {0};
  CHECK(rd_read_dir(run, &cbs, &s, &st) == 1);
  CHECK(st.corrupt == 0 && !st.incomplete_tail);
  CHECK(s.scalars == 1500);
  CHECK(s.sum_values == 999.0 * 1000 / 2 + 250);
  CHECK(s.last_step == 1998);
  CHECK(s.nan_seen == 1 && s.inf_seen == 2);
  CHECK(s.records[2] == 1 && s.records[3] == 1 && s.records[4] == 1 && s.records[5] == 1);
  CHECK(strcmp(s.text, "hello *world*") == 0);
  CHECK(s.image_len == sizeof png && s.image_w == 1 && s.image_h == 1 && s.image_c == 3);
  CHECK(s.hist_num == 4);
  CHECK(s.emb_rows == 3 && s.emb_dims == 2 && s.labels == 3);
  CHECK(s.headers == 1);
  CHECK(st.tablets == 6 && st.max_tablet_id == 6);

  /* More points after a flush go into the same file without declaring the tablet again. */
  CHECK_OK(vdl_add_scalar(w, "loss", 5000, 1.0));
  CHECK_OK(vdl_writer_close(w));
  seen s2 = {0};
  rd_stats st2 = {0};
  CHECK(rd_read_dir(run, &cbs, &s2, &st2) == 1);
  CHECK(s2.scalars == 1501 && st2.tablets == 6);
  remove_tree(dir);
  free(dir);
}

/* Audio, curves and hparams: plugin-data records under KIND_PLUGIN tablets. */
typedef struct plugin_seen {
  char names[8][16];
  char tags[8][16];
  int64_t steps[8];
  size_t data_len[8], header_len[8];
  int n;
} plugin_seen;

static void on_plugin_record(void *ctx, const char *tag, int kind, int64_t step, int64_t wall,
                             const uint8_t *entry, size_t len) {
  plugin_seen *s = ctx;
  (void)wall;
  CHECK(kind == 6);
  if (s->n >= 8) return;
  rd_msg m = {entry, entry + len, 0};
  rd_field f, g;
  CHECK(rd_next(&m, &f) == 1 && f.number == 6);
  rd_msg sub = {f.data, f.data + f.len, 0};
  while (rd_next(&sub, &g) > 0) {
    if (g.number == 1) snprintf(s->names[s->n], 16, "%.*s", (int)g.len, g.data);
    if (g.number == 2) CHECK(g.varint == 1);
    if (g.number == 3) s->data_len[s->n] = g.len;
    if (g.number == 4) s->header_len[s->n] = g.len;
  }
  snprintf(s->tags[s->n], 16, "%s", tag);
  s->steps[s->n] = step;
  s->n++;
}

static void plugin_kinds(void) {
  char *dir = temp_dir("plugin");
  vdl_writer *w = vdl_writer_open(dir);
  CHECK(w != NULL);
  if (!w) return;
  float samples[4] = {0, 0.5f, -0.5f, 1};
  CHECK_OK(vdl_add_audio(w, "voice", 1, samples, 4, 16000));
  uint8_t labels[4] = {1, 0, 1, 0};
  double preds[4] = {0.9, 0.1, 0.6, 0.7};
  CHECK_OK(vdl_add_pr_curve(w, "pr", 2, labels, preds, 4, 10));
  CHECK_OK(vdl_add_roc_curve(w, "roc", 3, labels, preds, 4, 10));
  const char *names[3] = {"lr", "opt", "bn"};
  vdl_hparam_value values[3] = {vdl_hparam_number(0.1), vdl_hparam_string("adam"),
                                vdl_hparam_bool(1)};
  const char *metrics[1] = {"loss"};
  CHECK_OK(vdl_add_hparams(w, 3, names, values, 1, metrics));
  CHECK_OK(vdl_add_hparams(w, 1, names, values, 0, NULL));

  /* Bad arguments: -EINVAL with a message, nothing written. */
  float nan_sample[1] = {NAN};
  CHECK(vdl_add_audio(w, "a", 0, samples, 0, 8000) == -EINVAL &&
        strstr(vdl_last_error(), "no samples"));
  CHECK(vdl_add_audio(w, "a", 0, nan_sample, 1, 8000) == -EINVAL &&
        strstr(vdl_last_error(), "NaN"));
  CHECK(vdl_add_audio(w, "a", 0, samples, 4, 0) == -EINVAL &&
        strstr(vdl_last_error(), "sample rate"));
  CHECK(vdl_add_audio(w, "", 0, samples, 4, 8000) == -EINVAL);
  CHECK(vdl_add_pr_curve(w, "p", 0, labels, preds, 0, 10) == -EINVAL &&
        strstr(vdl_last_error(), "no predictions"));
  CHECK(vdl_add_pr_curve(w, "p", 0, labels, preds, 4, 1) == -EINVAL &&
        strstr(vdl_last_error(), "num_thresholds must be 2 to 10000, was 1"));
  CHECK(vdl_add_roc_curve(w, "p", 0, labels, preds, 4, 10001) == -EINVAL);
  double bad_preds[2] = {0.5, INFINITY};
  CHECK(vdl_add_roc_curve(w, "p", 0, labels, bad_preds, 2, 10) == -EINVAL &&
        strstr(vdl_last_error(), "prediction 1 is infinite"));
  const char *dup[2] = {"lr", "lr"};
  CHECK(vdl_add_hparams(w, 2, dup, values, 0, NULL) == -EINVAL &&
        strstr(vdl_last_error(), "twice"));
  CHECK(vdl_add_hparams(w, 0, names, values, 0, NULL) == -EINVAL);
  const char *empty_name[1] = {""};
  CHECK(vdl_add_hparams(w, 1, empty_name, values, 0, NULL) == -EINVAL);
  vdl_hparam_value bad_values[1] = {vdl_hparam_number(NAN)};
  CHECK(vdl_add_hparams(w, 1, names, bad_values, 0, NULL) == -EINVAL &&
        strstr(vdl_last_error(), "finite"));
  vdl_hparam_value null_string[1] = {vdl_hparam_string(NULL)};
  CHECK(vdl_add_hparams(w, 1, names, null_string, 0, NULL) == -EINVAL);
  vdl_hparam_value bad_type[1] = {{.type = (vdl_hparam_type)7}};
  CHECK(vdl_add_hparams(w, 1, names, bad_type, 0, NULL) == -EINVAL);
  const char *bad_metric[1] = {"a\nb"};
  CHECK(vdl_add_hparams(w, 1, names, values, 1, bad_metric) == -EINVAL);
  CHECK_OK(vdl_writer_close(w));

  plugin_seen s = {0};
  rd_callbacks cb = {NULL, NULL, on_plugin_record};
  rd_stats st = {0};
  CHECK(rd_read_dir(dir, &cb, &s, &st) == 1 && st.corrupt == 0);
  CHECK(s.n == 5 && st.tablets == 4);
  CHECK(strcmp(s.names[0], "audio") == 0 && strcmp(s.tags[0], "voice") == 0 && s.steps[0] == 1);
  CHECK(s.data_len[0] > 44 + 8 && s.header_len[0] > 0 && s.header_len[0] < 30);
  CHECK(strcmp(s.names[1], "pr-curve") == 0 && s.header_len[1] == 0);
  CHECK(s.data_len[1] == 7 * (2 + 80));
  CHECK(strcmp(s.names[2], "roc-curve") == 0 && s.steps[2] == 3);
  CHECK(strcmp(s.names[3], "hparams") == 0 && strcmp(s.tags[3], "hparams") == 0);
  CHECK(s.steps[3] == 0 && s.steps[4] == 0);
  remove_tree(dir);
  free(dir);
}

static void errors(void) {
  char *dir = temp_dir("errors");
  CHECK(vdl_writer_open(NULL) == NULL && strlen(vdl_last_error()) > 0);
  CHECK(vdl_writer_open("") == NULL);
  vdl_options bad = {0};
  bad.rotate_bytes = 10;
  CHECK(vdl_writer_open_with(dir, &bad) == NULL && strstr(vdl_last_error(), "rotation"));
  /* A path under a regular file cannot be created. */
  char file[512];
  snprintf(file, sizeof file, "%s/plain", dir);
  FILE *f = fopen(file, "w");
  fclose(f);
  char under[600];
  snprintf(under, sizeof under, "%s/run", file);
  CHECK(vdl_writer_open(under) == NULL && strstr(vdl_last_error(), "cannot create"));

  vdl_writer *w = vdl_writer_open(dir);
  CHECK(w != NULL);
  CHECK(vdl_add_scalar(w, "", 0, 1) == -EINVAL && strstr(vdl_last_error(), "empty"));
  CHECK(vdl_add_scalar(w, NULL, 0, 1) == -EINVAL);
  CHECK(vdl_add_scalar(w, "a\nb", 0, 1) == -EINVAL && strstr(vdl_last_error(), "control"));
  CHECK(vdl_add_scalar(w, "a\xc2\x85", 0, 1) == -EINVAL);
  char long_tag[300];
  memset(long_tag, 'x', sizeof long_tag - 1);
  long_tag[299] = 0;
  CHECK(vdl_add_scalar(w, long_tag, 0, 1) == -EINVAL && strstr(vdl_last_error(), "256"));
  long_tag[256] = 0;
  CHECK_OK(vdl_add_scalar(w, long_tag, 0, 1));
  CHECK_OK(vdl_add_scalar(w, "caf\xc3\xa9/\xe6\x8d\x9f\xe5\xa4\xb1", 0, 1)); /* UTF-8 is fine */
  CHECK(vdl_add_image_png(w, "img", 0, (const uint8_t *)"not a png at all, not at all......", 34) == -EINVAL);
  CHECK(vdl_add_text(w, "t", 0, NULL) == -EINVAL);
  CHECK(vdl_add_scalar_batch(w, "b", NULL, NULL, 3) == -EINVAL);
  CHECK_OK(vdl_add_scalar_batch(w, "b", NULL, NULL, 0));
  CHECK(vdl_add_scalar(NULL, "x", 0, 1) == -EINVAL);
  CHECK_OK(vdl_writer_close(w));
  CHECK(vdl_flush(NULL) == -EINVAL);
  remove_tree(dir);
  free(dir);
}

static void rotation(void) {
  char *dir = temp_dir("rotate");
  vdl_options o = {0};
  o.rotate_bytes = 4096;
  o.flush_interval_ms = 5;
  vdl_writer *w = vdl_writer_open_with(dir, &o);
  CHECK(w != NULL);
  for (int64_t i = 0; i < 20000; i++) {
    CHECK_OK(vdl_add_scalar(w, "a", i, (double)i * 0.1));
    if (i % 1000 == 999) {
      CHECK_OK(vdl_add_text(w, "t", i, "some text"));
      CHECK_OK(vdl_flush(w));
    }
  }
  CHECK_OK(vdl_writer_close(w));
  seen s = {0};
  rd_stats st = {0};
  int files = rd_read_dir(dir, &cbs, &s, &st);
  CHECK(files > 3);
  CHECK(s.headers == files && (long)s.max_seq == files - 1);
  CHECK(s.scalars == 20000 && s.records[5] == 20);
  CHECK(st.corrupt == 0);
  remove_tree(dir);
  free(dir);
}

/* An I/O failure of the background thread comes back from the next call: never a silent drop. */
static void io_failure(void) {
  char *dir = temp_dir("failure");
  char run[512];
  snprintf(run, sizeof run, "%s/run", dir);
  vdl_options o = {0};
  o.rotate_bytes = 1024;
  vdl_writer *w = vdl_writer_open_with(run, &o);
  CHECK(w != NULL);
  for (int i = 0; i < 1000; i++) CHECK_OK(vdl_add_scalar(w, "a", i, i));
  CHECK_OK(vdl_flush(w));
  /* Remove the run folder: the next file (rotation is due) cannot be created. */
  char path[1024];
  snprintf(path, sizeof path, "%s", vdl_writer_current_file(w));
  CHECK(unlink(path) == 0);
  CHECK(rmdir(run) == 0);
  for (int i = 1000; i < 1100; i++) vdl_add_scalar(w, "a", i, i);
  int rc = vdl_flush(w);
  CHECK(rc < 0);
  CHECK(strstr(vdl_last_error(), "cannot create record file") != NULL);
  CHECK(vdl_add_scalar(w, "a", 1000, 1) < 0);
  CHECK(vdl_add_text(w, "t", 0, "x") < 0);
  CHECK(vdl_writer_close(w) < 0);
  CHECK(strstr(vdl_last_error(), "failed") != NULL);
  rmdir(dir);
  remove_tree(dir);
  free(dir);
}

/* A tag buffer reused for another tag (same address, new content) names another series. */
static void reused_tag_buffer(void) {
  char *dir = temp_dir("reuse");
  vdl_writer *w = vdl_writer_open(dir);
  CHECK(w != NULL);
  char tag[32];
  for (int i = 0; i < 100; i++) {
    snprintf(tag, sizeof tag, "series/%d", i % 3);
    CHECK_OK(vdl_add_scalar(w, tag, i, i % 3));
  }
  CHECK_OK(vdl_writer_close(w));
  seen s = {0};
  rd_stats st = {0};
  CHECK(rd_read_dir(dir, &cbs, &s, &st) == 1);
  CHECK(st.tablets == 3 && s.scalars == 100);
  CHECK(s.sum_values == 33 * 1 + 33 * 2);
  remove_tree(dir);
  free(dir);
}

int main(void) {
  reused_tag_buffer();
  io_failure();
  every_kind();
  plugin_kinds();
  errors();
  rotation();
  CHECK_DONE();
}
