"""The Python module end to end: every call, read back with vdl_dump (ctest sets VDL_DUMP,
VISUALDL_LIB and PYTHONPATH; VISUALDL_NO_NUMPY=1 runs it without numpy)."""
import math
import os
import shutil
import subprocess
import sys
import threading

import visualdl
from visualdl import writer as writer_module
from visualdl.png import encode_png

out = sys.argv[1]
shutil.rmtree(out, ignore_errors=True)
use_numpy = writer_module.np is not None
print("numpy:", use_numpy, "library:", visualdl.library_path)

with visualdl.LogWriter(logdir=out, flush_secs=0.05) as w:
    for step in range(100):
        w.add_scalar(tag="loss", value=step * 0.5, step=step)
    w.add_scalar("timed", 1.5, 0, walltime=123456)
    w.add_scalar("coerced", 2.5, 7.0)  # a whole float step is accepted, as VisualDL does
    w.add_scalar("special", float("nan"), 0)
    w.add_scalar("special", float("inf"), 1)
    w.add_scalar("special", -float("inf"), 2)
    w.add_scalar_batch("batch", list(range(1000)), [i * 0.25 for i in range(1000)])
    w.add_scalar_batch("batch_wall", [5, 6], [1.0, 2.0], walltime=[1000, 2000])
    if use_numpy:
        import numpy as np
        w.add_scalar_batch("np_batch", np.arange(10, dtype=np.int32), np.linspace(0, 1, 10))
        w.add_image("np_image", np.zeros((4, 5, 3), dtype=np.uint8), 0)
        w.add_image("np_image_f", np.ones((3, 4, 2), dtype=np.float32) * 0.5, 1, dataformats="CHW")
        w.add_histogram("np_hist", np.random.RandomState(0).randn(1000), 0, buckets=20)
        w.add_embeddings("np_emb", np.eye(3), ["a", "b", "c"])
    w.add_histogram(tag="hist", values=[1, 2, 3, 4, 5], step=3)
    w.add_histogram(tag="hist_exp", values=[[1e-9, 1], [1e6, -3]], step=4, buckets=0)
    w.add_image(tag="img", img=[[[255, 0, 0], [0, 255, 0]], [[0, 0, 255], [255, 255, 255]]], step=5)
    w.add_image(tag="gray", img=[[0.0, 0.5], [1.0, 0.25]], step=6, dataformats="HW")
    w.add_embeddings(tag="emb", mat=[[1, 2], [3, 4], [5, 6]], metadata=["x", "y", "z"])
    # VisualDL 2.x: metadata as columns, one cell per row.
    w.add_embeddings(tag="emb_meta", mat=[[1, 2], [3, 4]], metadata=[["x", "y"], [1, 2]],
                     metadata_header=["name", "n"])
    w.add_embeddings("emb_old_names", hot_vectors=[[1.0]], labels=["only"], step=3)
    w.add_text(tag="notes", text_string="héllo ✓", step=7)

    # Threads share one writer.
    def worker(k):
        for i in range(2000):
            w.add_scalar("thread/%d" % k, i, i)
    threads = [threading.Thread(target=worker, args=(k,)) for k in range(4)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()

    # Errors raise with the library's message.
    for bad in ("", "a\nb", "x" * 300):
        try:
            w.add_scalar(bad, 1.0, 0)
        except ValueError as e:
            assert str(e), "empty message"
        else:
            raise AssertionError("tag %r accepted" % bad)
    try:
        w.add_scalar_batch("b", [1, 2], [1.0])
    except ValueError:
        pass
    else:
        raise AssertionError("mismatched batch accepted")
    try:
        w.add_image_png("p", b"not a png", 0)
    except ValueError as e:
        assert "PNG" in str(e), str(e)
    else:
        raise AssertionError("bad png accepted")
    w.flush()
    assert w.file_name.endswith(".vdl")
w.close()  # twice is fine

# write_to_disk=False accepts every call and writes nothing.
with visualdl.LogWriter(logdir=out + "-dummy", write_to_disk=False) as d:
    d.add_scalar("a", 1.0, 0)
    d.add_histogram("h", [1, 2], 0)
    d.add_text("t", "x", 0)
    d.flush()
assert not os.path.exists(out + "-dummy")
try:
    w.add_scalar("loss", 1.0, 1000)
except ValueError:
    pass
else:
    raise AssertionError("a closed writer accepted a point")

dump = subprocess.run([os.environ["VDL_DUMP"], out], check=True, capture_output=True,
                      text=True).stdout.splitlines()
scalars = {}
records = {}
for line in dump:
    parts = line.split(" ")
    if parts[0] == "scalar":
        scalars.setdefault(parts[1], []).append((int(parts[2]), float(parts[3]), int(parts[4])))
    elif parts[0] == "record":
        records.setdefault(parts[2], []).append(line)
assert dump[-1].startswith("frames ") and " corrupt 0 " in dump[-1], dump[-1]
assert [s for s, _, _ in scalars["loss"]] == list(range(100))
assert [v for _, v, _ in scalars["loss"]] == [s * 0.5 for s in range(100)]
assert scalars["timed"] == [(0, 1.5, 123456)]
assert [(s, v) for s, v, _ in scalars["coerced"]] == [(7, 2.5)]
sp = [v for _, v, _ in scalars["special"]]
assert math.isnan(sp[0]) and sp[1] == math.inf and sp[2] == -math.inf
assert [v for _, v, _ in scalars["batch"]] == [i * 0.25 for i in range(1000)]
assert scalars["batch_wall"] == [(5, 1.0, 1000), (6, 2.0, 2000)]
for k in range(4):
    assert [s for s, _, _ in scalars["thread/%d" % k]] == list(range(2000))
for tag in ("hist", "hist_exp", "img", "gray", "emb", "emb_meta", "emb_old_names", "notes"):
    assert tag in records, (tag, sorted(records))
assert records["notes"][0].endswith("\théllo ✓"), records["notes"]
if use_numpy:
    assert len(scalars["np_batch"]) == 10
    for tag in ("np_image", "np_image_f", "np_hist", "np_emb"):
        assert tag in records, tag

# The PNG encoder writes what zlib and the PNG layout demand.
png = encode_png(bytes([1, 2, 3, 4, 5, 6]), 2, 1, 3)
assert png[:8] == b"\x89PNG\r\n\x1a\n" and png[12:16] == b"IHDR"
import zlib
idat_len = int.from_bytes(png[33:37], "big")
assert png[37:41] == b"IDAT"
assert zlib.decompress(png[41:41 + idat_len]) == b"\x00" + bytes([1, 2, 3, 4, 5, 6])
print("ok")
