/* Many threads writing at once: shared and own tags, scalars and records; every point arrives. */
#include <pthread.h>
#include <string.h>

#include "check.h"
#include "reader.h"
#include "visualdl.h"

#define THREADS 8
#define POINTS 50000

static vdl_writer *w;

static void *run(void *arg) {
  long id = (long)arg;
  char own[32];
  snprintf(own, sizeof own, "thread/%ld", id);
  int64_t steps[100];
  double values[100];
  for (int64_t i = 0; i < POINTS; i++) {
    if (vdl_add_scalar(w, own, i, (double)i) != 0) return (void *)1;
    if (vdl_add_scalar(w, "shared", id * POINTS + i, 1.0) != 0) return (void *)1;
    if (i % 100 == 99) {
      for (int k = 0; k < 100; k++) { steps[k] = i + k; values[k] = 2.0; }
      if (vdl_add_scalar_batch(w, "batch", steps, values, 100) != 0) return (void *)1;
    }
    if (i % 5000 == 0) {
      if (vdl_add_text(w, "log", i, own) != 0) return (void *)1;
      if (vdl_flush(w) != 0) return (void *)1;
    }
  }
  return NULL;
}

typedef struct counts {
  long own[THREADS];
  double own_sum[THREADS];
  long shared, batch, texts;
} counts;

static void on_scalar(void *ctx, const char *tag, int64_t step, double v, int64_t wall) {
  counts *c = ctx;
  (void)step; (void)wall;
  if (strncmp(tag, "thread/", 7) == 0) {
    int id = atoi(tag + 7);
    c->own[id]++;
    c->own_sum[id] += v;
  } else if (strcmp(tag, "shared") == 0) {
    c->shared++;
  } else if (strcmp(tag, "batch") == 0) {
    c->batch++;
  }
}

static void on_record(void *ctx, const char *tag, int kind, int64_t step, int64_t wall,
                      const uint8_t *e, size_t len) {
  (void)tag; (void)step; (void)wall; (void)e; (void)len;
  if (kind == 5) ((counts *)ctx)->texts++;
}

int main(void) {
  char *dir = temp_dir("threads");
  vdl_options o = {0};
  o.flush_interval_ms = 10;
  o.max_buffered_bytes = 1 << 20; /* small, so callers also wait for room */
  w = vdl_writer_open_with(dir, &o);
  CHECK(w != NULL);
  pthread_t t[THREADS];
  for (long i = 0; i < THREADS; i++) pthread_create(&t[i], NULL, run, (void *)i);
  for (int i = 0; i < THREADS; i++) {
    void *r;
    pthread_join(t[i], &r);
    CHECK(r == NULL);
  }
  CHECK_OK(vdl_writer_close(w));
  counts c = {0};
  rd_stats st = {0};
  rd_callbacks cb = {NULL, on_scalar, on_record};
  CHECK(rd_read_dir(dir, &cb, &c, &st) == 1);
  CHECK(st.corrupt == 0);
  for (int i = 0; i < THREADS; i++) {
    CHECK(c.own[i] == POINTS);
    CHECK(c.own_sum[i] == (double)POINTS * (POINTS - 1) / 2);
  }
  CHECK(c.shared == (long)THREADS * POINTS);
  CHECK(c.batch == (long)THREADS * POINTS);
  CHECK(c.texts == THREADS * (POINTS / 5000));
  remove_tree(dir);
  free(dir);
  CHECK_DONE();
}
