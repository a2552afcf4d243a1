"""Writes the graph fixture with the Python module: the same graphs as tests/xlang_graph.c, so
CrossLanguageTest can compare both with the Java SDK's bytes. argv[2] is a scratch folder."""
import os
import sys

from visualdl import LogWriter

run, scratch = sys.argv[1], sys.argv[2]
model = bytes((i * 7) % 256 for i in range(1000))
keras = '{"class_name": "Sequential", "config": {"name": "mod\u00e8le"}}'
os.makedirs(scratch, exist_ok=True)
onnx_file = os.path.join(scratch, "net.onnx")
with open(onnx_file, "wb") as f:
    f.write(model)
keras_file = os.path.join(scratch, "keras.json")
with open(keras_file, "wb") as f:
    f.write(keras.encode("utf-8"))
with LogWriter(logdir=run) as w:
    w.add_graph(onnx_file)                                    # tag: the file name
    w.add_graph("program", model[:300], format="paddle")
    w.add_graph("graph_def", model[1:18], format="tf-graphdef")
    w.add_graph("keras", keras_file)                          # format from the name
    for bad in (lambda: w.add_graph(object()), lambda: w.add_graph("x", model, format="caffe"),
                lambda: w.add_graph("x", b"")):
        try:
            bad()
        except (TypeError, ValueError):
            pass
        else:
            raise SystemExit("a bad add_graph call was accepted")
