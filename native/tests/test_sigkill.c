/* Writers and processes: a writer killed with SIGKILL right after vdl_flush has every flushed point
 * readable and no damaged frame; a program that exits without closing its writer still writes
 * everything; a forked child cannot hang on its parent's writer. */
#include <errno.h>
#include <signal.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>

#include "check.h"
#include "reader.h"
#include "visualdl.h"

typedef struct got {
  int64_t max_step;
  long points;
  int64_t bad;
} got;

static void on_scalar(void *ctx, const char *tag, int64_t step, double v, int64_t wall) {
  got *g = ctx;
  (void)wall;
  if (strcmp(tag, "loss") != 0) return;
  if (v != (double)step * 0.25) g->bad++;
  if (step != g->points) g->bad++; /* steps arrive in order, none missing */
  g->points++;
  if (step > g->max_step) g->max_step = step;
}

typedef struct counter {
  long points;
} counter;

static void count(void *ctx, const char *tag, int64_t step, double v, int64_t wall) {
  (void)tag; (void)step; (void)v; (void)wall;
  ((counter *)ctx)->points++;
}

static void exit_without_close(void) {
  char *dir = temp_dir("exit");
  pid_t pid = fork();
  if (pid == 0) {
    vdl_writer *w = vdl_writer_open(dir);
    if (!w) _exit(3);
    for (int i = 0; i < 12345; i++) vdl_add_scalar(w, "loss", i, i);
    exit(0); /* no vdl_writer_close: the library flushes at exit */
  }
  int status;
  waitpid(pid, &status, 0);
  CHECK(WIFEXITED(status) && WEXITSTATUS(status) == 0);
  counter c = {0};
  rd_stats st = {0};
  rd_callbacks cb = {NULL, count, NULL};
  CHECK(rd_read_dir(dir, &cb, &c, &st) == 1);
  CHECK(c.points == 12345 && st.corrupt == 0);
  remove_tree(dir);
  free(dir);
}

static void forked_child(void) {
  char *dir = temp_dir("fork");
  vdl_writer *w = vdl_writer_open(dir);
  CHECK(w != NULL);
  CHECK_OK(vdl_add_scalar(w, "loss", 0, 1));
  pid_t pid = fork();
  if (pid == 0) {
    int ok = vdl_flush(w) == -ECHILD && strstr(vdl_last_error(), "fork") != NULL &&
             vdl_writer_close(w) == -ECHILD;
    _exit(ok ? 0 : 1);
  }
  int status;
  waitpid(pid, &status, 0);
  CHECK(WIFEXITED(status) && WEXITSTATUS(status) == 0);
  CHECK_OK(vdl_add_scalar(w, "loss", 1, 1));
  CHECK_OK(vdl_writer_close(w));
  counter c = {0};
  rd_stats st = {0};
  rd_callbacks cb = {NULL, count, NULL};
  CHECK(rd_read_dir(dir, &cb, &c, &st) == 1);
  CHECK(c.points == 2 && st.corrupt == 0);
  remove_tree(dir);
  free(dir);
}

int main(void) {
  exit_without_close();
  forked_child();
  for (int round = 0; round < 3; round++) {
    char *dir = temp_dir("sigkill");
    int pipefd[2];
    if (pipe(pipefd) != 0) return 2;
    pid_t pid = fork();
    if (pid == 0) {
      close(pipefd[0]);
      vdl_writer *w = vdl_writer_open(dir);
      if (!w) _exit(3);
      int64_t flushed = -1;
      for (int64_t i = 0;; i++) {
        vdl_add_scalar(w, "loss", i, (double)i * 0.25);
        if (i % 10007 == 10006) {
          if (vdl_flush(w) != 0) _exit(4);
          flushed = i;
          /* Tell the parent how far is flushed; it kills us at some point. */
          if (write(pipefd[1], &flushed, sizeof flushed) != sizeof flushed) _exit(5);
        }
      }
    }
    close(pipefd[1]);
    int64_t flushed = -1, v;
    int reports = 0;
    while (reports < 20 + round * 15 && read(pipefd[0], &v, sizeof v) == sizeof v) {
      flushed = v;
      reports++;
    }
    kill(pid, SIGKILL);
    /* Drain what was reported before the kill landed. */
    while (read(pipefd[0], &v, sizeof v) == sizeof v) flushed = v;
    close(pipefd[0]);
    int status;
    waitpid(pid, &status, 0);
    CHECK(WIFSIGNALED(status) && WTERMSIG(status) == SIGKILL);
    CHECK(flushed > 0);
    got g = {-1, 0, 0};
    rd_stats st = {0};
    rd_callbacks cb = {NULL, on_scalar, NULL};
    CHECK(rd_read_dir(dir, &cb, &g, &st) == 1);
    CHECK(st.corrupt == 0);
    CHECK(g.bad == 0);
    CHECK(g.max_step >= flushed);
    printf("round %d: flushed through step %lld, read %ld points\n", round, (long long)flushed,
           g.points);
    remove_tree(dir);
  free(dir);
  }
  CHECK_DONE();
}
