/* Prints the content of a run folder (or one file), one line per point or record:
 *   scalar <tag> <step> <value %.17g> <wall_ms>
 *   record <kind> <tag> <step> <wall_ms> <entry bytes>   (text: the text follows after a tab;
 *                                                         plugin data: tab, plugin name, tab,
 *                                                         data in hex, tab, header in hex)
 * and a last line "frames F corrupt C files N". Used by the Python tests. */
#include <stdio.h>
#include <string.h>
#include <sys/stat.h>

#include "reader.h"

static void on_scalar(void *ctx, const char *tag, int64_t step, double v, int64_t wall) {
  (void)ctx;
  printf("scalar %s %lld %.17g %lld\n", tag, (long long)step, v, (long long)wall);
}

static void on_record(void *ctx, const char *tag, int kind, int64_t step, int64_t wall,
                      const uint8_t *entry, size_t len) {
  (void)ctx;
  printf("record %d %s %lld %lld %zu", kind, tag, (long long)step, (long long)wall, len);
  rd_msg m = {entry, entry + len, 0};
  rd_field f, g;
  if (rd_next(&m, &f) == 1 && f.number == 5) {
    rd_msg sub = {f.data, f.data + f.len, 0};
    while (rd_next(&sub, &g) > 0)
      if (g.number == 1) printf("\t%.*s", (int)g.len, (const char *)g.data);
  } else if (f.number == 6) {
    const uint8_t *parts[3] = {NULL, NULL, NULL};
    size_t lens[3] = {0, 0, 0};
    rd_msg sub = {f.data, f.data + f.len, 0};
    while (rd_next(&sub, &g) > 0)
      if (g.number == 1 || g.number == 3 || g.number == 4) {
        int i = g.number == 1 ? 0 : g.number == 3 ? 1 : 2;
        parts[i] = g.data;
        lens[i] = g.len;
      }
    printf("\t%.*s", (int)lens[0], parts[0] ? (const char *)parts[0] : "");
    for (int i = 1; i < 3; i++) {
      printf("\t");
      for (size_t k = 0; k < lens[i]; k++) printf("%02x", parts[i][k]);
    }
  }
  printf("\n");
}

int main(int argc, char **argv) {
  if (argc != 2) {
    fprintf(stderr, "usage: vdl_dump RUN_DIR|FILE\n");
    return 2;
  }
  rd_callbacks cb = {NULL, on_scalar, on_record};
  rd_stats st = {0};
  struct stat s;
  if (stat(argv[1], &s) != 0) { perror(argv[1]); return 1; }
  int rc = S_ISDIR(s.st_mode) ? rd_read_dir(argv[1], &cb, NULL, &st)
                              : rd_read_file(argv[1], &cb, NULL, &st);
  printf("frames %ld corrupt %ld files %ld\n", st.frames, st.corrupt, st.files);
  return rc < 0 ? 1 : 0;
}
