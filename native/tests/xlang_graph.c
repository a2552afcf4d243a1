/* Writes the graph fixture of the cross-language test into argv[1]: the same graphs as
 * src/test/python/xlang_graph.py; CrossLanguageTest.graphsAreTheBytesTheJavaSdkWrites (Java)
 * compares each payload with LogWriter.addGraph's. */
#include <stdio.h>
#include <string.h>

#include "visualdl.h"

#define OK(expr) do { if ((expr) != 0) { fprintf(stderr, "%s: %s\n", #expr, vdl_last_error()); return 1; } } while (0)

int main(int argc, char **argv) {
  if (argc != 2) { fprintf(stderr, "usage: xlang_graph RUN_DIR\n"); return 2; }
  vdl_writer *w = vdl_writer_open(argv[1]);
  if (!w) { fprintf(stderr, "%s\n", vdl_last_error()); return 1; }
  /* Bytes that are not a model: every byte value, zeros included (a model is opaque here). */
  uint8_t model[1000];
  for (int i = 0; i < 1000; i++) model[i] = (uint8_t)(i * 7);
  OK(vdl_add_graph(w, "net.onnx", model, sizeof model));
  OK(vdl_add_graph_format(w, "program", model, 300, "paddle"));
  OK(vdl_add_graph_format(w, "graph_def", model + 1, 17, "tf-graphdef"));
  const char *keras = "{\"class_name\": \"Sequential\", \"config\": {\"name\": \"mod\xc3\xa8" "le\"}}";
  OK(vdl_add_graph_format(w, "keras", keras, strlen(keras), "keras-json"));
  /* Refused: an empty model and an unknown format. */
  if (vdl_add_graph(w, "empty", model, 0) == 0) { fprintf(stderr, "empty model accepted\n"); return 1; }
  if (vdl_add_graph_format(w, "x", model, 1, "caffe") == 0) { fprintf(stderr, "caffe accepted\n"); return 1; }
  OK(vdl_writer_close(w));
  return 0;
}
