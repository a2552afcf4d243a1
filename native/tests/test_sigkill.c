/* A writer process killed with SIGKILL right after vdl_flush: every flushed point is readable,
 * and the file holds no damage (at most a cut-off last frame). */
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

int main(void) {
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
    free(dir);
  }
  CHECK_DONE();
}
