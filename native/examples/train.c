/* A training loop that logs with libvisualdl.
 *   cc train.c $(pkg-config --cflags --libs visualdl) -o train && ./train logs/c-example
 */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>

#include "visualdl.h"

int main(int argc, char **argv) {
  const char *run = argc > 1 ? argv[1] : "logs/c-example";
  vdl_options options = {0};
  options.flush_interval_ms = 500;
  vdl_writer *log = vdl_writer_open_with(run, &options);
  if (!log) {
    fprintf(stderr, "cannot log: %s\n", vdl_last_error());
    return 1;
  }
  double weights[256];
  srand(42);
  for (int i = 0; i < 256; i++) weights[i] = (rand() / (double)RAND_MAX - 0.5) * 0.1;
  for (int64_t step = 0; step < 2000; step++) {
    double loss = 2.0 * exp(-step / 400.0) + 0.05 * sin(step / 10.0);
    double accuracy = 1.0 - 0.9 * exp(-step / 300.0);
    int rc = vdl_add_scalar(log, "train/loss", step, loss);
    if (rc == 0) rc = vdl_add_scalar(log, "train/accuracy", step, accuracy);
    if (rc == 0 && step % 200 == 0) {
      for (int i = 0; i < 256; i++) weights[i] *= 1.01;
      rc = vdl_add_histogram(log, "model/weights", step, weights, 256);
    }
    if (rc != 0) {
      fprintf(stderr, "logging failed: %s\n", vdl_last_error());
      vdl_writer_close(log);
      return 1;
    }
  }
  /* Evaluation results as a batch, and a note. */
  int64_t steps[4] = {500, 1000, 1500, 2000};
  double eval[4] = {0.61, 0.74, 0.80, 0.83};
  if (vdl_add_scalar_batch(log, "eval/accuracy", steps, eval, 4) != 0 ||
      vdl_add_text(log, "notes", 2000, "trained **2000** steps from C") != 0) {
    fprintf(stderr, "logging failed: %s\n", vdl_last_error());
  }
  if (vdl_writer_close(log) != 0) {
    fprintf(stderr, "closing the log failed: %s\n", vdl_last_error());
    return 1;
  }
  printf("wrote %s\n", run);
  return 0;
}
