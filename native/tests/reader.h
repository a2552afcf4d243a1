/* A small reader of VisualDL record files for the tests: checks framing and CRCs, decodes
 * frames and unpacks scalar blocks. Not part of the library. */
#ifndef VDL_TEST_READER_H
#define VDL_TEST_READER_H
#include <stddef.h>
#include <stdint.h>

/* A protobuf field cursor. */
typedef struct rd_msg {
  const uint8_t *p, *end;
  int error;
} rd_msg;

typedef struct rd_field {
  uint32_t number;
  int wire;
  uint64_t varint;        /* VARINT, I64, I32 values */
  const uint8_t *data;    /* LEN */
  size_t len;
} rd_field;

/* Next field; 0 at the end, -1 on malformed input. */
int rd_next(rd_msg *m, rd_field *f);
int rd_varint(const uint8_t **p, const uint8_t *end, uint64_t *v);
double rd_double(uint64_t bits);
float rd_float(uint32_t bits);

typedef struct rd_callbacks {
  void (*header)(void *ctx, const char *writer, const char *host, int64_t pid, int64_t start_ms,
                 uint32_t sequence);
  void (*scalar)(void *ctx, const char *tag, int64_t step, double value, int64_t wall_ms);
  /* entry: the Entry message bytes. */
  void (*record)(void *ctx, const char *tag, int kind, int64_t step, int64_t wall_ms,
                 const uint8_t *entry, size_t len);
} rd_callbacks;

typedef struct rd_stats {
  long frames, corrupt, tablets, files;
  int incomplete_tail;
  long max_tablet_id;
} rd_stats;

/* Reads one file; 0 when readable (even with corrupt frames counted in stats), -1 otherwise. */
int rd_read_file(const char *path, const rd_callbacks *cb, void *ctx, rd_stats *st);
/* Reads every *.vdl file of a folder in name order. Returns the number of files, -1 on error. */
int rd_read_dir(const char *dir, const rd_callbacks *cb, void *ctx, rd_stats *st);
#endif
