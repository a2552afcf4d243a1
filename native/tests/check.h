#ifndef VDL_CHECK_H
#define VDL_CHECK_H
#include <stdio.h>
#include <stdlib.h>

static int check_failures;
#define CHECK(cond)                                                             \
  do {                                                                          \
    if (!(cond)) {                                                              \
      fprintf(stderr, "%s:%d: CHECK failed: %s\n", __FILE__, __LINE__, #cond);  \
      check_failures++;                                                         \
    }                                                                           \
  } while (0)
#define CHECK_OK(expr)                                                          \
  do {                                                                          \
    int rc_ = (expr);                                                           \
    if (rc_ != 0) {                                                             \
      fprintf(stderr, "%s:%d: %s returned %d: %s\n", __FILE__, __LINE__, #expr, \
              rc_, vdl_last_error());                                           \
      check_failures++;                                                         \
    }                                                                           \
  } while (0)
#define CHECK_DONE()                                                            \
  do {                                                                          \
    if (check_failures) {                                                       \
      fprintf(stderr, "%d check(s) failed\n", check_failures);                  \
      return 1;                                                                 \
    }                                                                           \
    printf("ok\n");                                                             \
    return 0;                                                                   \
  } while (0)

/* A fresh temporary folder (under TMPDIR or /tmp). */
#include <string.h>
#include <unistd.h>
static inline char *temp_dir(const char *name) {
  const char *base = getenv("TMPDIR");
  if (!base || !*base) base = "/tmp";
  char *path = malloc(strlen(base) + strlen(name) + 32);
  sprintf(path, "%s/vdl-%s-XXXXXX", base, name);
  if (!mkdtemp(path)) { perror("mkdtemp"); exit(2); }
  return path;
}

/* Removes a folder tree made by temp_dir. */
#include <ftw.h>
static int remove_entry(const char *path, const struct stat *st, int flag, struct FTW *ftw) {
  (void)st; (void)flag; (void)ftw;
  return remove(path);
}
static inline void remove_tree(const char *path) {
  nftw(path, remove_entry, 16, FTW_DEPTH | FTW_PHYS);
}
#endif
