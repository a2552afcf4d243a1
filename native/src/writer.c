/* The writer: callers copy data into per-tag buffers under one lock; a background thread encodes
 * and writes them (RecordWriter + LogWriter of the Java SDK, in C). */
#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <math.h>
#include <pthread.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/types.h>
#include <time.h>
#include <unistd.h>

#include "encode.h"
#include "visualdl.h"

#define FORMAT_VERSION 1
#define SCALAR_POINT_BYTES 24
#define WRITE_CHUNK (1u << 20)

/* ---- errors ---- */

static _Thread_local char last_error[512];

const char *vdl_last_error(void) { return last_error; }

static int fail(int code, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
static int fail(int code, const char *fmt, ...) {
  va_list ap;
  va_start(ap, fmt);
  vsnprintf(last_error, sizeof last_error, fmt, ap);
  va_end(ap);
  return code;
}

const char *vdl_version(void) { return VDL_VERSION; }

static int64_t now_ms(void) {
  struct timespec ts;
  clock_gettime(CLOCK_REALTIME, &ts);
  return (int64_t)ts.tv_sec * 1000 + ts.tv_nsec / 1000000;
}

/* The wall time of a scalar point: the coarse clock costs a quarter of the precise one (~8 ns
 * against ~30 ns here, a third of a vdl_add_scalar call) and is a few milliseconds coarse, which
 * a wall time axis does not show. */
static int64_t scalar_now_ms(void) {
#ifdef CLOCK_REALTIME_COARSE
  struct timespec ts;
  if (clock_gettime(CLOCK_REALTIME_COARSE, &ts) == 0)
    return (int64_t)ts.tv_sec * 1000 + ts.tv_nsec / 1000000;
#endif
  return now_ms();
}

/* ---- tablets and buffers ---- */

typedef struct tablet {
  char *tag;
  size_t tag_len;
  int kind;
  uint64_t hash;
  /* Id in the current file and the file it belongs to (flusher thread only). */
  uint32_t file_id;
  uint64_t file_gen;
  /* Scalars (under the lock): points waiting, a spare buffer, whether in the dirty list. */
  vdl_point *pts;
  size_t n, cap;
  vdl_point *spare;
  size_t spare_cap;
  int dirty;
} tablet;

typedef struct pending_record {
  tablet *t;
  int64_t step, wall_ms;
  uint8_t *entry;
  size_t len;
} pending_record;

typedef struct stolen_scalars {
  tablet *t;
  vdl_point *pts;
  size_t n, cap;
} stolen_scalars;

struct vdl_writer {
  struct vdl_writer *next_open; /* registry of open writers, flushed at exit */
  pthread_mutex_t lock;
  pthread_cond_t cond;
  pthread_t flusher;
  int flusher_started;

  /* Options. */
  uint64_t flush_interval_ns;
  uint64_t rotate_bytes;
  int fsync;
  uint64_t max_buffered;

  /* Under the lock. */
  tablet **tablets; /* hash table: open addressing */
  size_t table_cap, n_tablets;
  tablet **dirty;
  size_t n_dirty, dirty_cap;
  pending_record *records;
  size_t n_records, records_cap;
  uint64_t pending_bytes, inflight_bytes;
  uint64_t requested, completed;
  int closing;
  int failure; /* negative code once the flusher failed */
  char failure_msg[400];
  /* Scalar tablets of recent calls, by the address of the caller's tag string (usually a
   * literal, so a loop over a few tags hits without hashing); the content is still compared. */
  tablet *recent[16];

  /* Flusher thread only (and open/close when it does not run). */
  char *run_dir;
  char *host;
  char *safe_host;
  int64_t pid;
  int64_t start_ms;
  uint32_t sequence;
  int fd;
  char *path;
  uint64_t file_bytes;
  uint64_t file_gen;
  uint32_t next_tablet_id;
  vdl_buf out;     /* frames waiting for write() */
  vdl_buf scratch; /* one message being encoded */
  stolen_scalars *stolen;
  size_t stolen_cap;
  pending_record *taken;
  size_t taken_cap;
  /* Copy of path for vdl_writer_current_file (under the lock). */
  char *current_path;
};

static uint64_t hash_tag(int kind, const char *tag, size_t len) {
  uint64_t h = 1469598103934665603ull ^ (uint64_t)kind;
  for (size_t i = 0; i < len; i++) {
    h ^= (unsigned char)tag[i];
    h *= 1099511628211ull;
  }
  return h;
}

static int check_tag(const char *tag, size_t *len_out) {
  if (!tag || !*tag)
    return fail(-EINVAL, "tag is empty: give every series a name like 'train/loss'");
  size_t len = strnlen(tag, VDL_MAX_TAG_LENGTH + 1);
  if (len > VDL_MAX_TAG_LENGTH)
    return fail(-EINVAL, "tag is longer than %d bytes; shorten it", VDL_MAX_TAG_LENGTH);
  for (size_t i = 0; i < len; i++) {
    unsigned char c = (unsigned char)tag[i];
    if (c < 0x20 || c == 0x7f)
      return fail(-EINVAL, "tag holds a control character at index %zu; use printable characters", i);
    /* C1 controls (U+0080..U+009F) as UTF-8: 0xC2 0x80..0x9F, as Java's isISOControl. */
    if (c == 0xc2 && i + 1 < len && (unsigned char)tag[i + 1] >= 0x80 &&
        (unsigned char)tag[i + 1] <= 0x9f)
      return fail(-EINVAL, "tag holds a control character at index %zu; use printable characters", i);
  }
  *len_out = len;
  return 0;
}

/* Finds or creates the tablet of (kind, tag); under the lock. Validates a new tag. */
static int find_tablet(vdl_writer *w, int kind, const char *tag, tablet **out) {
  size_t len;
  if (!tag) return fail(-EINVAL, "tag is NULL: give every series a name like 'train/loss'");
  len = strnlen(tag, VDL_MAX_TAG_LENGTH + 1);
  uint64_t h = hash_tag(kind, tag, len);
  size_t mask = w->table_cap - 1;
  for (size_t i = h & mask;; i = (i + 1) & mask) {
    tablet *t = w->tablets[i];
    if (!t) break;
    if (t->hash == h && t->kind == kind && t->tag_len == len && memcmp(t->tag, tag, len) == 0) {
      *out = t;
      return 0;
    }
  }
  int rc = check_tag(tag, &len);
  if (rc) return rc;
  if ((w->n_tablets + 1) * 2 > w->table_cap) {
    size_t cap = w->table_cap * 2;
    tablet **nt = calloc(cap, sizeof *nt);
    if (!nt) return fail(-ENOMEM, "out of memory");
    for (size_t i = 0; i < w->table_cap; i++) {
      tablet *t = w->tablets[i];
      if (!t) continue;
      size_t j = t->hash & (cap - 1);
      while (nt[j]) j = (j + 1) & (cap - 1);
      nt[j] = t;
    }
    free(w->tablets);
    w->tablets = nt;
    w->table_cap = cap;
    mask = cap - 1;
  }
  tablet *t = calloc(1, sizeof *t);
  if (!t || !(t->tag = malloc(len + 1))) {
    free(t);
    return fail(-ENOMEM, "out of memory");
  }
  memcpy(t->tag, tag, len);
  t->tag[len] = 0;
  t->tag_len = len;
  t->kind = kind;
  t->hash = h;
  size_t i = h & mask;
  while (w->tablets[i]) i = (i + 1) & mask;
  w->tablets[i] = t;
  w->n_tablets++;
  *out = t;
  return 0;
}

static int check_writer(vdl_writer *w) {
  if (w->failure)
    return fail(w->failure, "VisualDL log writer failed earlier: %s", w->failure_msg);
  if (w->closing) return fail(-EBADF, "this VisualDL log writer is closed");
  return 0;
}

/* A forked child inherits the writer but not its flush thread: waiting would never end. */
static int check_same_process(vdl_writer *w) {
  if ((int64_t)getpid() != w->pid)
    return fail(-ECHILD, "this VisualDL log writer was opened in the parent process; "
                         "open a new writer after fork()");
  return 0;
}

/* Blocks until the bytes not yet taken by the flush thread are below the bound; under the lock.
 * (While the flush thread writes one round, callers fill the next: at most about twice the bound
 * is in memory.) */
static int wait_for_room(vdl_writer *w) {
  int rc = check_same_process(w);
  if (rc) return rc;
  w->requested++;
  pthread_cond_broadcast(&w->cond);
  while (w->pending_bytes >= w->max_buffered && !w->failure && !w->closing)
    pthread_cond_wait(&w->cond, &w->lock);
  return check_writer(w);
}

static int mark_dirty(vdl_writer *w, tablet *t) {
  if (t->dirty) return 0;
  if (w->n_dirty == w->dirty_cap) {
    size_t cap = w->dirty_cap ? w->dirty_cap * 2 : 16;
    tablet **d = realloc(w->dirty, cap * sizeof *d);
    if (!d) return fail(-ENOMEM, "out of memory");
    w->dirty = d;
    w->dirty_cap = cap;
  }
  w->dirty[w->n_dirty++] = t;
  t->dirty = 1;
  return 0;
}

static int reserve_points(vdl_writer *w, tablet *t, size_t extra) {
  if (t->cap - t->n >= extra) return 0;
  if (!t->pts && t->spare && t->spare_cap >= extra) {
    t->pts = t->spare;
    t->cap = t->spare_cap;
    t->spare = NULL;
    t->spare_cap = 0;
    return 0;
  }
  size_t cap = t->cap ? t->cap : 256;
  while (cap - t->n < extra) {
    if (cap > SIZE_MAX / (2 * sizeof(vdl_point))) return fail(-ENOMEM, "too many points buffered");
    cap *= 2;
  }
  vdl_point *p = realloc(t->pts, cap * sizeof *p);
  if (!p) return fail(-ENOMEM, "out of memory buffering %zu scalar points", cap);
  t->pts = p;
  t->cap = cap;
  (void)w;
  return 0;
}

/* ---- scalars ---- */

static inline size_t recent_slot(const char *tag) {
  return (size_t)(((uint64_t)(uintptr_t)tag * 0x9E3779B97F4A7C15ull) >> 60);
}

static inline int scalar_tablet(vdl_writer *w, const char *tag, tablet **out) {
  size_t slot = recent_slot(tag);
  tablet *t = w->recent[slot];
  if (t && tag && strncmp(t->tag, tag, t->tag_len + 1) == 0) {
    *out = t;
    return 0;
  }
  int rc = check_writer(w);
  if (rc) return rc;
  rc = find_tablet(w, VDL_KIND_SCALAR, tag, out);
  if (rc == 0) w->recent[slot] = *out;
  return rc;
}

static void forget_recent(vdl_writer *w) { memset(w->recent, 0, sizeof w->recent); }

int vdl_add_scalar_at(vdl_writer *w, const char *tag, int64_t step, double value,
                      int64_t wall_time_ms) {
  if (!w) return fail(-EINVAL, "writer is NULL");
  pthread_mutex_lock(&w->lock);
  tablet *t;
  int rc = scalar_tablet(w, tag, &t);
  if (rc) goto out;
  if (t->n == t->cap && (rc = reserve_points(w, t, 1))) goto out;
  if (!t->dirty && (rc = mark_dirty(w, t))) goto out;
  vdl_point *p = &t->pts[t->n++];
  p->step = step;
  p->value = value;
  p->wall_ms = wall_time_ms;
  w->pending_bytes += SCALAR_POINT_BYTES;
  if (w->pending_bytes >= w->max_buffered) rc = wait_for_room(w);
out:
  pthread_mutex_unlock(&w->lock);
  return rc;
}

int vdl_add_scalar(vdl_writer *w, const char *tag, int64_t step, double value) {
  return vdl_add_scalar_at(w, tag, step, value, scalar_now_ms());
}

int vdl_add_scalar_batch_at(vdl_writer *w, const char *tag, const int64_t *steps,
                            const double *values, const int64_t *wall_times_ms, size_t n) {
  if (!w) return fail(-EINVAL, "writer is NULL");
  if (n == 0) return 0;
  if (!steps || !values) return fail(-EINVAL, "steps or values is NULL");
  int64_t now = wall_times_ms ? 0 : scalar_now_ms();
  pthread_mutex_lock(&w->lock);
  tablet *t;
  int rc = scalar_tablet(w, tag, &t);
  if (rc) goto out;
  /* Copy in slices so that a huge batch respects the buffer bound. */
  size_t slice = w->max_buffered / SCALAR_POINT_BYTES / 2;
  if (slice < 1024) slice = 1024;
  for (size_t done = 0; done < n;) {
    size_t k = n - done < slice ? n - done : slice;
    if ((rc = reserve_points(w, t, k))) goto out;
    if (!t->dirty && (rc = mark_dirty(w, t))) goto out;
    vdl_point *p = t->pts + t->n;
    if (wall_times_ms) {
      for (size_t i = 0; i < k; i++) {
        p[i].step = steps[done + i];
        p[i].value = values[done + i];
        p[i].wall_ms = wall_times_ms[done + i];
      }
    } else {
      for (size_t i = 0; i < k; i++) {
        p[i].step = steps[done + i];
        p[i].value = values[done + i];
        p[i].wall_ms = now;
      }
    }
    t->n += k;
    done += k;
    w->pending_bytes += (uint64_t)k * SCALAR_POINT_BYTES;
    if (w->pending_bytes >= w->max_buffered) {
      if ((rc = wait_for_room(w))) goto out;
      /* The tablet may have been flushed and its buffer swapped: look it up again. */
    }
  }
out:
  pthread_mutex_unlock(&w->lock);
  return rc;
}

int vdl_add_scalar_batch(vdl_writer *w, const char *tag, const int64_t *steps,
                         const double *values, size_t n) {
  return vdl_add_scalar_batch_at(w, tag, steps, values, NULL, n);
}

/* ---- records ---- */

/* Queues an encoded Entry (ownership of entry passes to the writer, freed on failure). */
static int add_record(vdl_writer *w, int kind, const char *tag, int64_t step, int64_t wall_ms,
                      vdl_buf *entry) {
  if (entry->oom) {
    vdl_buf_free(entry);
    return fail(-ENOMEM, "out of memory encoding the entry of '%s'", tag);
  }
  if (entry->len > VDL_MAX_PAYLOAD_BYTES - 64) {
    vdl_buf_free(entry);
    return fail(-E2BIG, "entry of %zu bytes is larger than a frame may be (256 MiB)", entry->len);
  }
  if (wall_ms < 0) wall_ms = now_ms();
  pthread_mutex_lock(&w->lock);
  tablet *t;
  int rc = check_writer(w);
  if (!rc) rc = find_tablet(w, kind, tag, &t);
  if (!rc && w->n_records == w->records_cap) {
    size_t cap = w->records_cap ? w->records_cap * 2 : 16;
    pending_record *r = realloc(w->records, cap * sizeof *r);
    if (!r) rc = fail(-ENOMEM, "out of memory");
    else { w->records = r; w->records_cap = cap; }
  }
  if (rc) {
    pthread_mutex_unlock(&w->lock);
    vdl_buf_free(entry);
    return rc;
  }
  pending_record *r = &w->records[w->n_records++];
  r->t = t;
  r->step = step;
  r->wall_ms = wall_ms;
  r->entry = entry->p;
  r->len = entry->len;
  entry->p = NULL;
  w->pending_bytes += entry->len + 32;
  if (w->pending_bytes >= w->max_buffered) rc = wait_for_room(w);
  pthread_mutex_unlock(&w->lock);
  return rc;
}

int vdl_add_histogram_bins(vdl_writer *w, const char *tag, int64_t step, const double *values,
                           size_t n, uint32_t bins, int64_t wall_time_ms) {
  if (!w) return fail(-EINVAL, "writer is NULL");
  if (!values && n) return fail(-EINVAL, "values is NULL");
  vdl_histogram h;
  int rc = vdl_histogram_uniform(&h, values, n, bins);
  if (rc) return fail(rc, "out of memory computing a histogram");
  vdl_buf entry = {0};
  vdl_enc_entry_histogram(&entry, &h);
  vdl_histogram_free(&h);
  return add_record(w, VDL_KIND_HISTOGRAM, tag, step, wall_time_ms, &entry);
}

int vdl_add_histogram(vdl_writer *w, const char *tag, int64_t step, const double *values,
                      size_t n) {
  return vdl_add_histogram_bins(w, tag, step, values, n, 0, -1);
}

static uint32_t be32(const uint8_t *p) {
  return (uint32_t)p[0] << 24 | (uint32_t)p[1] << 16 | (uint32_t)p[2] << 8 | p[3];
}

int vdl_add_image_png_at(vdl_writer *w, const char *tag, int64_t step, const uint8_t *png,
                         size_t len, int64_t wall_time_ms) {
  static const uint8_t sig[8] = {0x89, 'P', 'N', 'G', '\r', '\n', 0x1a, '\n'};
  if (!w) return fail(-EINVAL, "writer is NULL");
  if (!png || len < 33 || memcmp(png, sig, 8) != 0 || memcmp(png + 12, "IHDR", 4) != 0)
    return fail(-EINVAL, "image of '%s' is not a PNG (no PNG signature and IHDR chunk)",
                tag ? tag : "");
  uint32_t width = be32(png + 16), height = be32(png + 20);
  uint32_t channels;
  switch (png[25]) {
    case 0: channels = 1; break;
    case 2: channels = 3; break;
    case 3: channels = 3; break;
    case 4: channels = 2; break;
    case 6: channels = 4; break;
    default: return fail(-EINVAL, "image of '%s' has an unknown PNG color type %u", tag ? tag : "", png[25]);
  }
  vdl_buf entry = {0};
  vdl_enc_entry_image(&entry, png, len, "image/png", width, height, channels);
  return add_record(w, VDL_KIND_IMAGE, tag, step, wall_time_ms, &entry);
}

int vdl_add_image_png(vdl_writer *w, const char *tag, int64_t step, const uint8_t *png,
                      size_t len) {
  return vdl_add_image_png_at(w, tag, step, png, len, -1);
}

int vdl_add_embedding_meta(vdl_writer *w, const char *tag, int64_t step, const float *matrix,
                           size_t rows, size_t dims, const char *const *labels,
                           const char *const *header, size_t columns, const char *const *cells,
                           int64_t wall_time_ms) {
  if (!w) return fail(-EINVAL, "writer is NULL");
  if (!matrix && rows != 0 && dims != 0) return fail(-EINVAL, "matrix is NULL");
  if (rows > UINT32_MAX || dims > UINT32_MAX || (dims && rows > SIZE_MAX / dims / 4))
    return fail(-EINVAL, "embedding of %zu x %zu is too large", rows, dims);
  if (columns && !cells) return fail(-EINVAL, "metadata cells are NULL for %zu columns", columns);
  vdl_buf entry = {0};
  vdl_enc_entry_embedding(&entry, matrix, rows, dims, labels, header, columns, cells);
  return add_record(w, VDL_KIND_EMBEDDING, tag, step, wall_time_ms, &entry);
}

int vdl_add_embedding(vdl_writer *w, const char *tag, int64_t step, const float *matrix,
                      size_t rows, size_t dims, const char *const *labels) {
  return vdl_add_embedding_meta(w, tag, step, matrix, rows, dims, labels, NULL, 0, NULL, -1);
}

int vdl_add_text_at(vdl_writer *w, const char *tag, int64_t step, const char *utf8,
                    int64_t wall_time_ms) {
  if (!w) return fail(-EINVAL, "writer is NULL");
  if (!utf8) return fail(-EINVAL, "text is NULL");
  vdl_buf entry = {0};
  vdl_enc_entry_text(&entry, utf8, strlen(utf8));
  return add_record(w, VDL_KIND_TEXT, tag, step, wall_time_ms, &entry);
}

int vdl_add_text(vdl_writer *w, const char *tag, int64_t step, const char *utf8) {
  return vdl_add_text_at(w, tag, step, utf8, -1);
}

/* ---- files (flusher thread, or open/close while it does not run) ---- */

static int io_fail(vdl_writer *w, int err, const char *what) {
  snprintf(w->failure_msg, sizeof w->failure_msg, "%s %s: %s", what, w->path ? w->path : w->run_dir,
           strerror(err));
  return -err;
}

static int write_all(vdl_writer *w, const uint8_t *p, size_t len) {
  while (len) {
    ssize_t k = write(w->fd, p, len > (1u << 30) ? (1u << 30) : len);
    if (k < 0) {
      if (errno == EINTR) continue;
      return io_fail(w, errno, "cannot write");
    }
    p += k;
    len -= (size_t)k;
  }
  return 0;
}

static int drain(vdl_writer *w) {
  if (w->out.oom) {
    snprintf(w->failure_msg, sizeof w->failure_msg, "out of memory encoding frames");
    return -ENOMEM;
  }
  int rc = write_all(w, w->out.p, w->out.len);
  w->out.len = 0;
  return rc;
}

static int append_frame(vdl_writer *w, uint32_t field) {
  if (w->scratch.oom) {
    snprintf(w->failure_msg, sizeof w->failure_msg, "out of memory encoding frames");
    return -ENOMEM;
  }
  w->file_bytes += vdl_put_frame(&w->out, field, w->scratch.p, w->scratch.len);
  w->scratch.len = 0;
  if (w->out.len >= WRITE_CHUNK) return drain(w);
  return 0;
}

static char *path_join(const char *dir, const char *name) {
  size_t a = strlen(dir), b = strlen(name);
  char *p = malloc(a + b + 2);
  if (!p) return NULL;
  memcpy(p, dir, a);
  p[a] = '/';
  memcpy(p + a + 1, name, b + 1);
  return p;
}

static int open_next_file(vdl_writer *w, uint32_t first_seq) {
  char name[160];
  for (uint32_t seq = first_seq;; seq++) {
    snprintf(name, sizeof name, "%lld.%s.%lld.%u.vdl", (long long)w->start_ms, w->safe_host,
             (long long)w->pid, seq);
    char *path = path_join(w->run_dir, name);
    if (!path) {
      snprintf(w->failure_msg, sizeof w->failure_msg, "out of memory");
      return -ENOMEM;
    }
    int fd = open(path, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0644);
    if (fd < 0 && errno == EEXIST) {
      free(path);
      continue;
    }
    free(w->path);
    w->path = path;
    if (fd < 0) return io_fail(w, errno, "cannot create record file");
    w->fd = fd;
    w->sequence = seq;
    break;
  }
  w->file_bytes = 0;
  w->file_gen++;
  w->next_tablet_id = 1;
  vdl_storage_header h = {FORMAT_VERSION, "visualdl-c/" VDL_VERSION, w->host, w->pid, w->start_ms,
                          w->sequence};
  vdl_enc_storage(&w->scratch, &h);
  return append_frame(w, 1);
}

static int rotate_if_full(vdl_writer *w) {
  if (w->file_bytes < w->rotate_bytes) return 0;
  int rc = drain(w);
  if (rc) return rc;
  if (w->fsync && fsync(w->fd) != 0) return io_fail(w, errno, "cannot fsync");
  close(w->fd);
  w->fd = -1;
  rc = open_next_file(w, w->sequence + 1);
  if (rc == 0) {
    pthread_mutex_lock(&w->lock);
    free(w->current_path);
    w->current_path = strdup(w->path);
    pthread_mutex_unlock(&w->lock);
  }
  return rc;
}

/* The tablet's id in the current file, declaring it first when needed. */
static int declare(vdl_writer *w, tablet *t, uint32_t *id) {
  int rc = rotate_if_full(w);
  if (rc) return rc;
  if (t->file_gen != w->file_gen) {
    t->file_gen = w->file_gen;
    t->file_id = w->next_tablet_id++;
    vdl_enc_tablet(&w->scratch, t->file_id, t->tag, t->tag_len, t->kind);
    if ((rc = append_frame(w, 2))) return rc;
  }
  *id = t->file_id;
  return 0;
}

static int write_scalars(vdl_writer *w, tablet *t, const vdl_point *pts, size_t n) {
  for (size_t done = 0; done < n;) {
    size_t k = n - done < VDL_MAX_BLOCK_POINTS ? n - done : VDL_MAX_BLOCK_POINTS;
    uint32_t id;
    int rc = declare(w, t, &id);
    if (rc) return rc;
    vdl_enc_scalar_block(&w->scratch, id, pts + done, k);
    if ((rc = append_frame(w, 3))) return rc;
    done += k;
  }
  return 0;
}

static int write_record(vdl_writer *w, const pending_record *r) {
  uint32_t id;
  int rc = declare(w, r->t, &id);
  if (rc) return rc;
  vdl_enc_record(&w->scratch, id, r->step, r->wall_ms, r->entry, r->len);
  return append_frame(w, 4);
}

static void add_ns(struct timespec *ts, uint64_t ns) {
  ns += (uint64_t)ts->tv_nsec;
  ts->tv_sec += (time_t)(ns / 1000000000u);
  ts->tv_nsec = (long)(ns % 1000000000u);
}

static void *flush_loop(void *arg) {
  vdl_writer *w = arg;
  pthread_mutex_lock(&w->lock);
  for (;;) {
    struct timespec deadline;
    clock_gettime(CLOCK_MONOTONIC, &deadline);
    add_ns(&deadline, w->flush_interval_ns);
    while (!w->closing && w->requested == w->completed && !w->failure) {
      if (pthread_cond_timedwait(&w->cond, &w->lock, &deadline) == ETIMEDOUT) break;
    }
    if (w->failure) break;
    int stop = w->closing;
    uint64_t gen = w->requested;
    /* Take the records and the scalar buffers; callers continue into fresh ones. */
    pending_record *recs = w->records;
    size_t n_recs = w->n_records, recs_cap = w->records_cap;
    w->records = w->taken;
    w->records_cap = w->taken_cap;
    w->n_records = 0;
    w->taken = NULL;
    w->taken_cap = 0;
    size_t n_stolen = 0;
    if (w->n_dirty > w->stolen_cap) {
      stolen_scalars *s = realloc(w->stolen, w->n_dirty * sizeof *s);
      if (s) { w->stolen = s; w->stolen_cap = w->n_dirty; }
    }
    size_t n_take = w->n_dirty < w->stolen_cap ? w->n_dirty : w->stolen_cap;
    for (size_t i = 0; i < n_take; i++) {
      tablet *t = w->dirty[i];
      w->stolen[n_stolen++] = (stolen_scalars){t, t->pts, t->n, t->cap};
      t->pts = t->spare;
      t->cap = t->spare_cap;
      t->n = 0;
      t->spare = NULL;
      t->spare_cap = 0;
      t->dirty = 0;
    }
    /* Tablets not taken (no memory for the list) stay dirty for the next round. */
    if (w->n_dirty > n_take) /* (dirty is NULL for a writer that never had scalars) */
      memmove(w->dirty, w->dirty + n_take, (w->n_dirty - n_take) * sizeof *w->dirty);
    w->n_dirty -= n_take;
    w->inflight_bytes = w->pending_bytes;
    w->pending_bytes = 0;
    /* Callers waiting for room go on filling fresh buffers while this round is written. */
    pthread_cond_broadcast(&w->cond);
    pthread_mutex_unlock(&w->lock);

    int rc = 0;
    for (size_t i = 0; i < n_recs && !rc; i++) rc = write_record(w, &recs[i]);
    for (size_t i = 0; i < n_stolen && !rc; i++)
      rc = write_scalars(w, w->stolen[i].t, w->stolen[i].pts, w->stolen[i].n);
    if (!rc) rc = drain(w);
    if (!rc && w->fsync && fsync(w->fd) != 0) rc = io_fail(w, errno, "cannot fsync");
    for (size_t i = 0; i < n_recs; i++) free(recs[i].entry);

    pthread_mutex_lock(&w->lock);
    /* The records array becomes the spare of the next swap. */
    w->taken = recs;
    w->taken_cap = recs_cap;
    for (size_t i = 0; i < n_stolen; i++) {
      tablet *t = w->stolen[i].t;
      if (!t->spare) {
        t->spare = w->stolen[i].pts;
        t->spare_cap = w->stolen[i].cap;
      } else {
        free(w->stolen[i].pts);
      }
    }
    if (rc) {
      w->failure = rc;
      forget_recent(w);
    } else {
      w->completed = gen > w->completed ? gen : w->completed;
    }
    w->inflight_bytes = 0;
    pthread_cond_broadcast(&w->cond);
    if (stop || rc) break;
  }
  pthread_mutex_unlock(&w->lock);
  return NULL;
}

/* ---- open writers, flushed when the process exits normally ---- */

static pthread_mutex_t registry_lock = PTHREAD_MUTEX_INITIALIZER;
static vdl_writer *open_writers;
static pthread_once_t atexit_once = PTHREAD_ONCE_INIT;

int vdl_flush(vdl_writer *w);

/* A program that returns from main without vdl_writer_close still gets its points into the file.
 * Writers of another process (a forked parent's) are left alone. */
static void flush_at_exit(void) {
  pthread_mutex_lock(&registry_lock);
  for (vdl_writer *w = open_writers; w; w = w->next_open)
    if ((int64_t)getpid() == w->pid) vdl_flush(w);
  pthread_mutex_unlock(&registry_lock);
}

static void install_atexit(void) { atexit(flush_at_exit); }

static void register_open(vdl_writer *w) {
  pthread_once(&atexit_once, install_atexit);
  pthread_mutex_lock(&registry_lock);
  w->next_open = open_writers;
  open_writers = w;
  pthread_mutex_unlock(&registry_lock);
}

static void unregister_open(vdl_writer *w) {
  pthread_mutex_lock(&registry_lock);
  for (vdl_writer **p = &open_writers; *p; p = &(*p)->next_open) {
    if (*p == w) {
      *p = w->next_open;
      break;
    }
  }
  pthread_mutex_unlock(&registry_lock);
}

/* ---- open, flush, close ---- */

static int mkdirs(char *path) {
  /* Create each parent in turn; EEXIST is fine. */
  for (char *p = path + 1; *p; p++) {
    if (*p != '/') continue;
    *p = 0;
    int rc = mkdir(path, 0755);
    *p = '/';
    if (rc != 0 && errno != EEXIST) return -errno;
  }
  if (mkdir(path, 0755) != 0 && errno != EEXIST) return -errno;
  struct stat st;
  if (stat(path, &st) != 0) return -errno;
  if (!S_ISDIR(st.st_mode)) return -ENOTDIR;
  return 0;
}

static void free_writer(vdl_writer *w) {
  if (!w) return;
  for (size_t i = 0; i < w->table_cap; i++) {
    tablet *t = w->tablets ? w->tablets[i] : NULL;
    if (!t) continue;
    free(t->tag);
    free(t->pts);
    free(t->spare);
    free(t);
  }
  for (size_t i = 0; i < w->n_records; i++) free(w->records[i].entry);
  free(w->tablets);
  free(w->dirty);
  free(w->records);
  free(w->taken);
  free(w->stolen);
  free(w->run_dir);
  free(w->host);
  free(w->safe_host);
  free(w->path);
  free(w->current_path);
  vdl_buf_free(&w->out);
  vdl_buf_free(&w->scratch);
  pthread_cond_destroy(&w->cond);
  pthread_mutex_destroy(&w->lock);
  free(w);
}

static char *host_name(void) {
  const char *env = getenv("HOSTNAME");
  int blank = 1;
  for (const char *p = env; p && *p; p++)
    if (*p != ' ' && *p != '\t') blank = 0;
  if (env && !blank) return strdup(env);
  char buf[256];
  if (gethostname(buf, sizeof buf) == 0) {
    buf[sizeof buf - 1] = 0;
    return strdup(buf);
  }
  return strdup("localhost");
}

/* Letters, digits, '-' and '_', at most 64 characters: RecordFiles.fileName of the Java storage.
 * Java replaces each UTF-16 unit; a UTF-8 sequence counts as one character here as well. */
static char *safe_host(const char *host) {
  char *s = malloc(65);
  if (!s) return NULL;
  size_t n = 0;
  for (const unsigned char *p = (const unsigned char *)host; *p && n < 64; p++) {
    unsigned char c = *p;
    if ((c & 0xc0) == 0x80) continue; /* continuation byte of a multi-byte character */
    int ok = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') ||
             c == '-' || c == '_';
    s[n++] = ok ? (char)c : '_';
  }
  s[n] = 0;
  if (n == 0) strcpy(s, "host");
  return s;
}

vdl_writer *vdl_writer_open_with(const char *run_dir, const vdl_options *options) {
  if (!run_dir || !*run_dir) {
    fail(-EINVAL, "run folder is empty: give a folder such as 'logs/train'");
    return NULL;
  }
  vdl_options o = options ? *options : (vdl_options){0};
  if (o.rotate_bytes && o.rotate_bytes < 1024) {
    fail(-EINVAL, "rotation size must be at least 1024 bytes, was %llu",
         (unsigned long long)o.rotate_bytes);
    return NULL;
  }
  if (o.max_buffered_bytes && o.max_buffered_bytes < 1024) {
    fail(-EINVAL, "buffer bound must be at least 1024 bytes, was %llu",
         (unsigned long long)o.max_buffered_bytes);
    return NULL;
  }
  vdl_writer *w = calloc(1, sizeof *w);
  if (!w) {
    fail(-ENOMEM, "out of memory");
    return NULL;
  }
  pthread_mutex_init(&w->lock, NULL);
  pthread_condattr_t ca;
  pthread_condattr_init(&ca);
  pthread_condattr_setclock(&ca, CLOCK_MONOTONIC);
  pthread_cond_init(&w->cond, &ca);
  pthread_condattr_destroy(&ca);
  w->fd = -1;
  w->flush_interval_ns = (uint64_t)(o.flush_interval_ms ? o.flush_interval_ms : 1000) * 1000000u;
  w->rotate_bytes = o.rotate_bytes ? o.rotate_bytes : 256ull * 1024 * 1024;
  w->fsync = o.fsync != 0;
  w->max_buffered = o.max_buffered_bytes ? o.max_buffered_bytes : 64ull * 1024 * 1024;
  w->table_cap = 64;
  w->tablets = calloc(w->table_cap, sizeof *w->tablets);
  w->run_dir = strdup(run_dir);
  w->host = host_name();
  w->safe_host = w->host ? safe_host(w->host) : NULL;
  if (!w->tablets || !w->run_dir || !w->host || !w->safe_host) {
    fail(-ENOMEM, "out of memory");
    free_writer(w);
    return NULL;
  }
  size_t len = strlen(w->run_dir);
  while (len > 1 && w->run_dir[len - 1] == '/') w->run_dir[--len] = 0;
  int rc = mkdirs(w->run_dir);
  if (rc) {
    fail(rc, "cannot create run folder %s: %s", w->run_dir, strerror(-rc));
    free_writer(w);
    return NULL;
  }
  w->pid = (int64_t)getpid();
  w->start_ms = now_ms();
  rc = open_next_file(w, 0);
  if (!rc) rc = drain(w); /* the header is in the file as soon as the writer exists */
  if (rc) {
    fail(rc, "%s", w->failure_msg);
    if (w->fd >= 0) close(w->fd);
    free_writer(w);
    return NULL;
  }
  w->current_path = strdup(w->path);
  rc = pthread_create(&w->flusher, NULL, flush_loop, w);
  if (rc) {
    fail(-rc, "cannot start the flush thread: %s", strerror(rc));
    close(w->fd);
    free_writer(w);
    return NULL;
  }
  w->flusher_started = 1;
  register_open(w);
  last_error[0] = 0;
  return w;
}

vdl_writer *vdl_writer_open(const char *run_dir) { return vdl_writer_open_with(run_dir, NULL); }

static int await_generation(vdl_writer *w, uint64_t gen) {
  pthread_cond_broadcast(&w->cond);
  while (w->completed < gen && !w->failure) pthread_cond_wait(&w->cond, &w->lock);
  if (w->failure) return fail(w->failure, "VisualDL log writer failed: %s", w->failure_msg);
  return 0;
}

int vdl_flush(vdl_writer *w) {
  if (!w) return fail(-EINVAL, "writer is NULL");
  int rc = check_same_process(w);
  if (rc) return rc;
  pthread_mutex_lock(&w->lock);
  rc = check_writer(w);
  if (!rc) rc = await_generation(w, ++w->requested);
  pthread_mutex_unlock(&w->lock);
  return rc;
}

int vdl_writer_close(vdl_writer *w) {
  if (!w) return fail(-EINVAL, "writer is NULL");
  if (check_same_process(w)) {
    /* In a forked child: the flush thread is the parent's; release only our copy of the file. */
    if (w->fd >= 0) close(w->fd);
    return -ECHILD;
  }
  unregister_open(w);
  pthread_mutex_lock(&w->lock);
  int rc = 0;
  if (!w->failure && !w->closing) {
    /* Stop the flusher after one last round that takes everything. */
    w->closing = 1;
    forget_recent(w);
    w->requested++;
    pthread_cond_broadcast(&w->cond);
  }
  pthread_mutex_unlock(&w->lock);
  if (w->flusher_started) pthread_join(w->flusher, NULL);
  if (w->failure) rc = fail(w->failure, "VisualDL log writer failed: %s", w->failure_msg);
  if (w->fd >= 0 && close(w->fd) != 0 && !rc)
    rc = fail(-errno, "cannot close %s: %s", w->path, strerror(errno));
  free_writer(w);
  return rc;
}

const char *vdl_writer_current_file(vdl_writer *w) {
  if (!w) return NULL;
  static _Thread_local char copy[4096];
  pthread_mutex_lock(&w->lock);
  snprintf(copy, sizeof copy, "%s", w->current_path ? w->current_path : "");
  pthread_mutex_unlock(&w->lock);
  return copy;
}

/* ---- kinds written as plugin data (payloads in kinds.c) ---- */

static int add_plugin_record(vdl_writer *w, int kind, const char *tag, int64_t step,
                             int64_t wall_ms, vdl_buf *payload, vdl_buf *header) {
  if (payload->oom || header->oom) {
    vdl_buf_free(payload);
    vdl_buf_free(header);
    return fail(-ENOMEM, "out of memory encoding the entry of '%s'", tag ? tag : "");
  }
  vdl_buf entry = {0};
  vdl_enc_entry_plugin(&entry, vdl_plugin_kind_of(kind), payload->p, payload->len, header->p,
                       header->len);
  vdl_buf_free(payload);
  vdl_buf_free(header);
  return add_record(w, kind, tag, step, wall_ms, &entry);
}

int vdl_add_audio_at(vdl_writer *w, const char *tag, int64_t step, const float *samples,
                     size_t n, uint32_t sample_rate, int64_t wall_time_ms) {
  if (!w) return fail(-EINVAL, "writer is NULL");
  if (!samples || n == 0) return fail(-EINVAL, "audio of '%s' has no samples", tag ? tag : "");
  if (n > VDL_MAX_AUDIO_SAMPLES)
    return fail(-EINVAL, "audio of '%s' has %zu samples; at most %u fit in one record",
                tag ? tag : "", n, VDL_MAX_AUDIO_SAMPLES);
  if (sample_rate == 0 || sample_rate > INT32_MAX)
    return fail(-EINVAL, "audio sample rate must be 1 to %d Hz, was %u", INT32_MAX, sample_rate);
  for (size_t i = 0; i < n; i++)
    if (!isfinite(samples[i]))
      return fail(-EINVAL, "audio sample %zu of '%s' is %s; samples must be finite", i,
                  tag ? tag : "", isnan(samples[i]) ? "NaN" : "infinite");
  size_t wav_len = VDL_WAV_HEADER_BYTES + 2 * n;
  uint8_t *wav = malloc(wav_len);
  if (!wav) return fail(-ENOMEM, "out of memory encoding %zu audio samples", n);
  vdl_wav_encode(wav, samples, n, sample_rate);
  vdl_buf payload = {0}, header = {0};
  vdl_enc_audio(&payload, wav, wav_len, sample_rate, n);
  vdl_enc_audio(&header, NULL, 0, sample_rate, n);
  free(wav);
  return add_plugin_record(w, VDL_KIND_AUDIO, tag, step, wall_time_ms, &payload, &header);
}

int vdl_add_audio(vdl_writer *w, const char *tag, int64_t step, const float *samples, size_t n,
                  uint32_t sample_rate) {
  return vdl_add_audio_at(w, tag, step, samples, n, sample_rate, -1);
}

static int add_curve(vdl_writer *w, int kind, const char *tag, int64_t step,
                     const uint8_t *labels, const double *predictions, size_t n,
                     uint32_t num_thresholds, int64_t wall_ms) {
  const char *what = kind == VDL_KIND_PR_CURVE ? "PR curve" : "ROC curve";
  if (!w) return fail(-EINVAL, "writer is NULL");
  if (n == 0 || !labels || !predictions)
    return fail(-EINVAL, "%s of '%s' has no predictions", what, tag ? tag : "");
  if (num_thresholds < 2 || num_thresholds > VDL_MAX_THRESHOLDS)
    return fail(-EINVAL, "%s of '%s': num_thresholds must be 2 to %d, was %u", what,
                tag ? tag : "", VDL_MAX_THRESHOLDS, num_thresholds);
  for (size_t i = 0; i < n; i++)
    if (!isfinite(predictions[i]))
      return fail(-EINVAL, "%s of '%s': prediction %zu is %s; predictions must be finite", what,
                  tag ? tag : "", i, isnan(predictions[i]) ? "NaN" : "infinite");
  vdl_curve c;
  if (vdl_curve_compute(&c, labels, predictions, n, num_thresholds))
    return fail(-ENOMEM, "out of memory computing a %s", what);
  if (kind == VDL_KIND_PR_CURVE) vdl_curve_pr(&c);
  else vdl_curve_roc(&c);
  vdl_buf payload = {0}, header = {0};
  vdl_enc_curve(&payload, &c);
  vdl_curve_free(&c);
  return add_plugin_record(w, kind, tag, step, wall_ms, &payload, &header);
}

int vdl_add_pr_curve_at(vdl_writer *w, const char *tag, int64_t step, const uint8_t *labels,
                        const double *predictions, size_t n, uint32_t num_thresholds,
                        int64_t wall_time_ms) {
  return add_curve(w, VDL_KIND_PR_CURVE, tag, step, labels, predictions, n, num_thresholds,
                   wall_time_ms);
}

int vdl_add_pr_curve(vdl_writer *w, const char *tag, int64_t step, const uint8_t *labels,
                     const double *predictions, size_t n, uint32_t num_thresholds) {
  return vdl_add_pr_curve_at(w, tag, step, labels, predictions, n, num_thresholds, -1);
}

int vdl_add_roc_curve_at(vdl_writer *w, const char *tag, int64_t step, const uint8_t *labels,
                         const double *predictions, size_t n, uint32_t num_thresholds,
                         int64_t wall_time_ms) {
  return add_curve(w, VDL_KIND_ROC_CURVE, tag, step, labels, predictions, n, num_thresholds,
                   wall_time_ms);
}

int vdl_add_roc_curve(vdl_writer *w, const char *tag, int64_t step, const uint8_t *labels,
                      const double *predictions, size_t n, uint32_t num_thresholds) {
  return vdl_add_roc_curve_at(w, tag, step, labels, predictions, n, num_thresholds, -1);
}

static const char *const *sort_names;
static int by_name(const void *a, const void *b) {
  return strcmp(sort_names[*(const size_t *)a], sort_names[*(const size_t *)b]);
}
static pthread_mutex_t sort_lock = PTHREAD_MUTEX_INITIALIZER;

int vdl_add_hparams_at(vdl_writer *w, size_t n, const char *const *names,
                       const vdl_hparam_value *values, size_t m, const char *const *metric_tags,
                       int64_t wall_time_ms) {
  if (!w) return fail(-EINVAL, "writer is NULL");
  if (n == 0 || !names || !values) return fail(-EINVAL, "hparams are empty: give at least one");
  if (m && !metric_tags) return fail(-EINVAL, "metric_tags is NULL for %zu metrics", m);
  for (size_t i = 0; i < n; i++) {
    if (!names[i] || !*names[i]) return fail(-EINVAL, "hparam %zu has an empty name", i);
    const vdl_hparam_value *v = &values[i];
    if (v->type == VDL_HPARAM_NUMBER) {
      if (!isfinite(v->number))
        return fail(-EINVAL, "hparam '%s' is %s; numbers must be finite", names[i],
                    isnan(v->number) ? "NaN" : "infinite");
    } else if (v->type == VDL_HPARAM_STRING) {
      if (!v->string) return fail(-EINVAL, "hparam '%s' is a NULL string", names[i]);
    } else if (v->type != VDL_HPARAM_BOOL) {
      return fail(-EINVAL, "hparam '%s' has an unknown type %d", names[i], (int)v->type);
    }
  }
  for (size_t i = 0; i < m; i++) {
    size_t len;
    if (!metric_tags[i]) return fail(-EINVAL, "metric tag %zu is NULL", i);
    int rc = check_tag(metric_tags[i], &len);
    if (rc) return rc;
  }
  size_t *order = malloc(n * sizeof *order);
  if (!order) return fail(-ENOMEM, "out of memory");
  for (size_t i = 0; i < n; i++) order[i] = i;
  pthread_mutex_lock(&sort_lock);
  sort_names = names;
  qsort(order, n, sizeof *order, by_name);
  sort_names = NULL;
  pthread_mutex_unlock(&sort_lock);
  for (size_t i = 1; i < n; i++) {
    if (strcmp(names[order[i - 1]], names[order[i]]) == 0) {
      int rc = fail(-EINVAL, "hparam '%s' is given twice", names[order[i]]);
      free(order);
      return rc;
    }
  }
  vdl_buf payload = {0}, header = {0};
  for (size_t i = 0; i < n; i++) vdl_enc_hparam(&payload, names[order[i]], &values[order[i]]);
  for (size_t i = 0; i < m; i++) pb_field_bytes(&payload, 2, metric_tags[i], strlen(metric_tags[i]));
  free(order);
  return add_plugin_record(w, VDL_KIND_HPARAMS, "hparams", 0, wall_time_ms, &payload, &header);
}

int vdl_add_hparams(vdl_writer *w, size_t n, const char *const *names,
                    const vdl_hparam_value *values, size_t m, const char *const *metric_tags) {
  return vdl_add_hparams_at(w, n, names, values, m, metric_tags, -1);
}

/* The formats of GraphModel (proto/src/main/proto/visualdl/payload.proto). */
static const char *const graph_formats[] = {"onnx", "paddle", "tf-graphdef", "keras-json"};

int vdl_add_graph_format_at(vdl_writer *w, const char *tag, const void *bytes, size_t size,
                            const char *format, int64_t wall_time_ms) {
  if (!w) return fail(-EINVAL, "writer is NULL");
  int known = 0;
  for (size_t i = 0; format && i < sizeof graph_formats / sizeof graph_formats[0]; i++)
    if (strcmp(format, graph_formats[i]) == 0) known = 1;
  if (!known)
    return fail(-EINVAL, "graph format must be onnx, paddle, tf-graphdef or keras-json, was '%s'",
                format ? format : "(null)");
  if (!bytes || size == 0)
    return fail(-EINVAL, "the model of graph '%s' is empty; pass the bytes of a saved model"
                " (e.g. a .onnx file)", tag ? tag : "");
  size_t len;
  int rc = check_tag(tag, &len);
  if (rc) return rc;
  /* The payload is the model plus a few bytes; the record around it must stay readable. */
  if (size > VDL_MAX_PAYLOAD_BYTES - 4096)
    return fail(-EINVAL, "the model of graph '%s' is %zu bytes; at most %u fit in one record",
                tag, size, VDL_MAX_PAYLOAD_BYTES - 4096);
  vdl_buf payload = {0}, header = {0};
  vdl_enc_graph(&payload, format, bytes, size, tag);
  vdl_enc_graph(&header, format, NULL, 0, tag);
  return add_plugin_record(w, VDL_KIND_GRAPH, tag, 0, wall_time_ms, &payload, &header);
}

int vdl_add_graph_format(vdl_writer *w, const char *tag, const void *bytes, size_t size,
                         const char *format) {
  return vdl_add_graph_format_at(w, tag, bytes, size, format, -1);
}

int vdl_add_graph(vdl_writer *w, const char *tag, const void *bytes, size_t size) {
  return vdl_add_graph_format_at(w, tag, bytes, size, "onnx", -1);
}
