/* Scalar ingest of libvisualdl against a per-point TensorBoard-style writer, in one run.
 *   vdl_bench [--points N] [--dir DIR]
 * Times include vdl_writer_close, i.e. until every point is in the file. */
#define _GNU_SOURCE
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <dirent.h>
#include <sys/resource.h>
#include <unistd.h>

#include "crc32c.h"
#include "pb.h"
#include "visualdl.h"

static double now_s(void) {
  struct timespec ts;
  clock_gettime(CLOCK_MONOTONIC, &ts);
  return ts.tv_sec + ts.tv_nsec * 1e-9;
}

/* CPU seconds of the whole process (caller and flush thread), user + system. */
static double cpu_s(void) {
  struct rusage ru;
  getrusage(RUSAGE_SELF, &ru);
  return ru.ru_utime.tv_sec + ru.ru_utime.tv_usec * 1e-6 + ru.ru_stime.tv_sec +
         ru.ru_stime.tv_usec * 1e-6;
}
static double cpu0;

static long long dir_bytes(const char *dir) {
  long long total = 0;
  DIR *d = opendir(dir);
  struct dirent *e;
  char path[4096];
  while (d && (e = readdir(d))) {
    struct stat st;
    snprintf(path, sizeof path, "%s/%s", dir, e->d_name);
    if (stat(path, &st) == 0 && S_ISREG(st.st_mode)) total += st.st_size;
  }
  if (d) closedir(d);
  return total;
}

static void clear_dir(const char *dir) {
  DIR *d = opendir(dir);
  struct dirent *e;
  char path[4096];
  while (d && (e = readdir(d))) {
    if (e->d_name[0] == '.') continue;
    snprintf(path, sizeof path, "%s/%s", dir, e->d_name);
    unlink(path);
  }
  if (d) closedir(d);
  rmdir(dir);
}

/* Wall-clock rate, then CPU time per point of all threads (steadier on a loaded machine). */
static void report(const char *name, double secs, long long points, long long bytes) {
  printf("%-44s %8.2f M points/s  %7.1f ns/point  %6.1f CPU ns/point  %5.2f bytes/point\n", name,
         points / secs / 1e6, secs * 1e9 / points, (cpu_s() - cpu0) * 1e9 / points,
         (double)bytes / points);
}

/* float loss-like values, as a training loop produces */
static inline double value_of(long long i) { return (float)(1.0 / (1.0 + i * 1e-4)); }

static int die(const char *what) {
  fprintf(stderr, "%s: %s\n", what, vdl_last_error());
  exit(1);
}

static void bench_add_scalar(const char *base, long long n, int tags) {
  char dir[4096], name[128];
  snprintf(dir, sizeof dir, "%s/add_scalar_%d", base, tags);
  char tag_names[16][32];
  for (int t = 0; t < tags; t++) snprintf(tag_names[t], 32, "train/metric_%d", t);
  double t0 = now_s();
  cpu0 = cpu_s();
  vdl_writer *w = vdl_writer_open(dir);
  if (!w) die("open");
  if (tags == 1) {
    for (long long i = 0; i < n; i++)
      if (vdl_add_scalar(w, "train/loss", i, value_of(i))) die("add");
  } else {
    for (long long i = 0; i < n / tags; i++)
      for (int t = 0; t < tags; t++)
        if (vdl_add_scalar(w, tag_names[t], i, value_of(i))) die("add");
  }
  if (vdl_writer_close(w)) die("close");
  double secs = now_s() - t0;
  snprintf(name, sizeof name, "C vdl_add_scalar loop, %d tag%s", tags, tags > 1 ? "s" : "");
  report(name, secs, n, dir_bytes(dir));
  clear_dir(dir);
}

static void bench_batch(const char *base, long long n, size_t batch) {
  char dir[4096], name[128];
  snprintf(dir, sizeof dir, "%s/batch", base);
  int64_t *steps = malloc(batch * sizeof *steps);
  double *values = malloc(batch * sizeof *values);
  double t0 = now_s();
  cpu0 = cpu_s();
  vdl_writer *w = vdl_writer_open(dir);
  if (!w) die("open");
  for (long long done = 0; done < n; done += (long long)batch) {
    for (size_t i = 0; i < batch; i++) {
      steps[i] = done + (long long)i;
      values[i] = value_of(done + (long long)i);
    }
    if (vdl_add_scalar_batch(w, "train/loss", steps, values, batch)) die("batch");
  }
  if (vdl_writer_close(w)) die("close");
  double secs = now_s() - t0;
  snprintf(name, sizeof name, "C vdl_add_scalar_batch (%zu per call)", batch);
  report(name, secs, n, dir_bytes(dir));
  clear_dir(dir);
  free(steps);
  free(values);
}

static int cmp_double(const void *a, const void *b) {
  double x = *(const double *)a, y = *(const double *)b;
  return x < y ? -1 : x > y;
}

/* Per-call latency: each call timed alone (clock overhead of ~20 ns included). */
static void bench_latency(const char *base, int calls) {
  char dir[4096];
  snprintf(dir, sizeof dir, "%s/latency", base);
  double *lat = malloc(calls * sizeof *lat);
  vdl_writer *w = vdl_writer_open(dir);
  if (!w) die("open");
  for (int i = 0; i < calls; i++) {
    double a = now_s();
    vdl_add_scalar(w, "train/loss", i, value_of(i));
    lat[i] = now_s() - a;
  }
  vdl_writer_close(w);
  qsort(lat, calls, sizeof *lat, cmp_double);
  printf("%-44s p50 %.0f ns  p99 %.0f ns  p99.9 %.0f ns  (each call timed alone)\n",
         "C vdl_add_scalar latency", lat[calls / 2] * 1e9, lat[calls * 99 / 100] * 1e9,
         lat[calls * 999 / 1000] * 1e9);
  free(lat);
  clear_dir(dir);
}

/* The baseline: what TensorBoard's writers do, one Event per point (wall time, step, a Summary
 * with the tag and the value), each framed with masked CRC32C, into a buffered file. */
static void bench_baseline(const char *base, long long n) {
  char dir[4096], path[4200];
  snprintf(dir, sizeof dir, "%s/baseline", base);
  mkdir(dir, 0755);
  snprintf(path, sizeof path, "%s/events.out.tfevents", dir);
  double t0 = now_s();
  cpu0 = cpu_s();
  FILE *f = fopen(path, "wb");
  vdl_buf ev = {0}, val = {0}, sum = {0};
  static char iobuf[1 << 16];
  setvbuf(f, iobuf, _IOFBF, sizeof iobuf);
  for (long long i = 0; i < n; i++) {
    struct timespec ts;
    clock_gettime(CLOCK_REALTIME, &ts);
    val.len = sum.len = ev.len = 0;
    pb_field_str(&val, 1, "train/loss", 10);           /* Summary.Value.tag */
    pb_put_tag(&val, 2, PB_I32);                       /* simple_value */
    vdl_buf_reserve(&val, 4);
    float fv = (float)value_of(i);
    pb_put_fixed32_raw(&val, pb_float_bits(fv));
    pb_field_bytes(&sum, 1, val.p, val.len);           /* Summary.value */
    pb_field_double(&ev, 1, ts.tv_sec + ts.tv_nsec * 1e-9); /* Event.wall_time */
    pb_field_int64(&ev, 2, i);                         /* Event.step */
    pb_field_bytes(&ev, 5, sum.p, sum.len);            /* Event.summary */
    uint8_t head[12];
    uint64_t len = ev.len;
    for (int k = 0; k < 8; k++) head[k] = (uint8_t)(len >> (8 * k));
    uint32_t c = vdl_crc32c_mask(vdl_crc32c(head, 8));
    for (int k = 0; k < 4; k++) head[8 + k] = (uint8_t)(c >> (8 * k));
    uint32_t pc = vdl_crc32c_mask(vdl_crc32c(ev.p, ev.len));
    uint8_t foot[4] = {(uint8_t)pc, (uint8_t)(pc >> 8), (uint8_t)(pc >> 16), (uint8_t)(pc >> 24)};
    fwrite(head, 1, 12, f);
    fwrite(ev.p, 1, ev.len, f);
    fwrite(foot, 1, 4, f);
  }
  fclose(f);
  double secs = now_s() - t0;
  report("baseline: per-point Event writer (TensorBoard)", secs, n, dir_bytes(dir));
  vdl_buf_free(&ev);
  vdl_buf_free(&val);
  vdl_buf_free(&sum);
  clear_dir(dir);
}

int main(int argc, char **argv) {
  long long n = 20000000;
  const char *base = NULL;
  for (int i = 1; i < argc; i++) {
    if (!strcmp(argv[i], "--points") && i + 1 < argc) n = atoll(argv[++i]);
    else if (!strcmp(argv[i], "--dir") && i + 1 < argc) base = argv[++i];
    else { fprintf(stderr, "usage: vdl_bench [--points N] [--dir DIR]\n"); return 2; }
  }
  char tmp[] = "/tmp/vdl-bench-XXXXXX";
  if (!base) base = mkdtemp(tmp);
  mkdir(base, 0755);
  printf("libvisualdl %s, %lld points per run, files in %s\n", vdl_version(), n, base);
  bench_baseline(base, n / 4 > 1000000 ? n / 4 : n);
  bench_add_scalar(base, n, 1);
  bench_add_scalar(base, n, 10);
  bench_batch(base, n, 10000);
  bench_latency(base, 1000000);
  if (!strncmp(base, "/tmp/vdl-bench-", 15)) rmdir(base);
  return 0;
}
