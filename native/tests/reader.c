#define _GNU_SOURCE
#include "reader.h"

#include <dirent.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "../src/crc32c.h"

int rd_varint(const uint8_t **p, const uint8_t *end, uint64_t *v) {
  uint64_t r = 0;
  for (int shift = 0; shift < 70; shift += 7) {
    if (*p >= end) return -1;
    uint8_t b = *(*p)++;
    r |= (uint64_t)(b & 0x7f) << shift;
    if (!(b & 0x80)) { *v = r; return 0; }
  }
  return -1;
}

double rd_double(uint64_t bits) { double d; memcpy(&d, &bits, 8); return d; }
float rd_float(uint32_t bits) { float f; memcpy(&f, &bits, 4); return f; }

static uint64_t le(const uint8_t *p, int n) {
  uint64_t v = 0;
  for (int i = n - 1; i >= 0; i--) v = (v << 8) | p[i];
  return v;
}

int rd_next(rd_msg *m, rd_field *f) {
  if (m->p >= m->end) return 0;
  uint64_t key;
  if (rd_varint(&m->p, m->end, &key)) goto bad;
  f->number = (uint32_t)(key >> 3);
  f->wire = (int)(key & 7);
  f->data = NULL;
  f->len = 0;
  switch (f->wire) {
    case 0: if (rd_varint(&m->p, m->end, &f->varint)) goto bad; break;
    case 1: if (m->end - m->p < 8) goto bad; f->varint = le(m->p, 8); m->p += 8; break;
    case 5: if (m->end - m->p < 4) goto bad; f->varint = le(m->p, 4); m->p += 4; break;
    case 2: {
      uint64_t len;
      if (rd_varint(&m->p, m->end, &len) || len > (uint64_t)(m->end - m->p)) goto bad;
      f->data = m->p;
      f->len = (size_t)len;
      m->p += len;
      break;
    }
    default: goto bad;
  }
  return 1;
bad:
  m->error = 1;
  return -1;
}

typedef struct tablet_decl {
  uint32_t id;
  int kind;
  char tag[512];
} tablet_decl;

typedef struct file_state {
  tablet_decl *tablets;
  size_t n, cap;
} file_state;

static tablet_decl *find(file_state *s, uint32_t id) {
  for (size_t i = 0; i < s->n; i++) if (s->tablets[i].id == id) return &s->tablets[i];
  return NULL;
}

static int64_t unzig(uint64_t v) { return (int64_t)(v >> 1) ^ -(int64_t)(v & 1); }

static int decode_scalars(file_state *s, const uint8_t *p, size_t len, const rd_callbacks *cb,
                          void *ctx) {
  rd_msg m = {p, p + len, 0};
  rd_field f;
  uint32_t id = 0, count = 0;
  int64_t first_step = 0, stride = 0, first_wall = 0;
  const uint8_t *deltas = NULL, *wdeltas = NULL, *f32 = NULL, *f64 = NULL;
  size_t deltas_len = 0, wdeltas_len = 0, f32_len = 0, f64_len = 0;
  while (rd_next(&m, &f) > 0) {
    switch (f.number) {
      case 1: id = (uint32_t)f.varint; break;
      case 2: count = (uint32_t)f.varint; break;
      case 3: first_step = (int64_t)f.varint; break;
      case 4: stride = (int64_t)f.varint; break;
      case 5: deltas = f.data; deltas_len = f.len; break;
      case 6: f32 = f.data; f32_len = f.len; break;
      case 7: f64 = f.data; f64_len = f.len; break;
      case 8: first_wall = (int64_t)f.varint; break;
      case 9: wdeltas = f.data; wdeltas_len = f.len; break;
    }
  }
  if (m.error) return -1;
  tablet_decl *t = find(s, id);
  if (!t) return -1;
  if (f32 ? f32_len != (size_t)count * 4 : f64_len != (size_t)count * 8) return -1;
  const uint8_t *dp = deltas, *de = deltas + deltas_len;
  const uint8_t *wp = wdeltas, *we = wdeltas + wdeltas_len;
  int64_t step = first_step, wall = first_wall;
  for (uint32_t i = 0; i < count; i++) {
    if (i > 0) {
      if (deltas) {
        uint64_t d;
        if (rd_varint(&dp, de, &d)) return -1;
        step = (int64_t)((uint64_t)step + (uint64_t)unzig(d));
      } else {
        step = (int64_t)((uint64_t)step + (uint64_t)stride);
      }
      if (wdeltas) {
        uint64_t d;
        if (rd_varint(&wp, we, &d)) return -1;
        wall = (int64_t)((uint64_t)wall + (uint64_t)unzig(d));
      }
    }
    double v = f32 ? (double)rd_float((uint32_t)le(f32 + 4 * i, 4)) : rd_double(le(f64 + 8 * i, 8));
    if (cb->scalar) cb->scalar(ctx, t->tag, step, v, wall);
  }
  if (deltas && dp != de) return -1;
  if (wdeltas && wp != we) return -1;
  return 0;
}

static int deliver(file_state *s, const uint8_t *p, size_t len, const rd_callbacks *cb, void *ctx,
                   rd_stats *st) {
  rd_msg m = {p, p + len, 0};
  rd_field f;
  if (rd_next(&m, &f) <= 0 || f.wire != 2 || m.p != m.end) return -1;
  rd_msg sub = {f.data, f.data + f.len, 0};
  rd_field g;
  switch (f.number) {
    case 1: {
      char writer[128] = "", host[300] = "";
      int64_t pid = 0, start = 0;
      uint32_t seq = 0;
      while (rd_next(&sub, &g) > 0) {
        if (g.number == 2) snprintf(writer, sizeof writer, "%.*s", (int)g.len, (const char *)g.data);
        if (g.number == 3) snprintf(host, sizeof host, "%.*s", (int)g.len, (const char *)g.data);
        if (g.number == 4) pid = (int64_t)g.varint;
        if (g.number == 5) start = (int64_t)g.varint;
        if (g.number == 6) seq = (uint32_t)g.varint;
      }
      if (cb->header) cb->header(ctx, writer, host, pid, start, seq);
      return sub.error ? -1 : 0;
    }
    case 2: {
      tablet_decl t = {0};
      while (rd_next(&sub, &g) > 0) {
        if (g.number == 1) t.id = (uint32_t)g.varint;
        if (g.number == 2) snprintf(t.tag, sizeof t.tag, "%.*s", (int)g.len, (const char *)g.data);
        if (g.number == 3) t.kind = (int)g.varint;
      }
      if (sub.error || t.id == 0 || find(s, t.id)) return -1;
      if (s->n == s->cap) {
        s->cap = s->cap ? s->cap * 2 : 16;
        s->tablets = realloc(s->tablets, s->cap * sizeof *s->tablets);
      }
      s->tablets[s->n++] = t;
      st->tablets++;
      if ((long)t.id > st->max_tablet_id) st->max_tablet_id = t.id;
      return 0;
    }
    case 3: return decode_scalars(s, f.data, f.len, cb, ctx);
    case 4: {
      uint32_t id = 0;
      int64_t step = 0, wall = 0;
      const uint8_t *entry = NULL;
      size_t entry_len = 0;
      while (rd_next(&sub, &g) > 0) {
        if (g.number == 1) id = (uint32_t)g.varint;
        if (g.number == 2) step = (int64_t)g.varint;
        if (g.number == 3) wall = (int64_t)g.varint;
        if (g.number == 4) { entry = g.data; entry_len = g.len; }
      }
      tablet_decl *t = find(s, id);
      if (sub.error || !t || !entry) return -1;
      if (cb->record) cb->record(ctx, t->tag, t->kind, step, wall, entry, entry_len);
      return 0;
    }
  }
  return 0;
}

int rd_read_file(const char *path, const rd_callbacks *cb, void *ctx, rd_stats *st) {
  FILE *in = fopen(path, "rb");
  if (!in) return -1;
  fseek(in, 0, SEEK_END);
  long size = ftell(in);
  fseek(in, 0, SEEK_SET);
  uint8_t *buf = malloc(size > 0 ? (size_t)size : 1);
  if (!buf || fread(buf, 1, (size_t)size, in) != (size_t)size) {
    free(buf);
    fclose(in);
    return -1;
  }
  fclose(in);
  file_state s = {0};
  size_t pos = 0, n = (size_t)size;
  st->files++;
  while (pos < n) {
    if (n - pos < 12) { st->incomplete_tail = 1; break; }
    uint64_t len = le(buf + pos, 8);
    uint32_t lcrc = (uint32_t)le(buf + pos + 8, 4);
    if (vdl_crc32c_mask(vdl_crc32c(buf + pos, 8)) != lcrc || len > (256u << 20)) {
      st->corrupt++;
      pos++;
      continue;
    }
    if (n - pos < 16 + len) { st->incomplete_tail = 1; break; }
    uint32_t pcrc = (uint32_t)le(buf + pos + 12 + len, 4);
    if (vdl_crc32c_mask(vdl_crc32c(buf + pos + 12, (size_t)len)) != pcrc ||
        deliver(&s, buf + pos + 12, (size_t)len, cb, ctx, st) != 0) {
      st->corrupt++;
    } else {
      st->frames++;
    }
    pos += 16 + len;
  }
  free(s.tablets);
  free(buf);
  return 0;
}

static int cmp(const void *a, const void *b) {
  return strcmp(*(char *const *)a, *(char *const *)b);
}

int rd_read_dir(const char *dir, const rd_callbacks *cb, void *ctx, rd_stats *st) {
  DIR *d = opendir(dir);
  if (!d) return -1;
  char **names = NULL;
  size_t n = 0, cap = 0;
  struct dirent *e;
  while ((e = readdir(d))) {
    size_t l = strlen(e->d_name);
    if (l < 4 || strcmp(e->d_name + l - 4, ".vdl") != 0) continue;
    if (n == cap) { cap = cap ? cap * 2 : 16; names = realloc(names, cap * sizeof *names); }
    names[n++] = strdup(e->d_name);
  }
  closedir(d);
  qsort(names, n, sizeof *names, cmp);
  int rc = (int)n;
  for (size_t i = 0; i < n; i++) {
    char path[4096];
    snprintf(path, sizeof path, "%s/%s", dir, names[i]);
    if (rd_read_file(path, cb, ctx, st) != 0) rc = -1;
    free(names[i]);
  }
  free(names);
  return rc;
}
