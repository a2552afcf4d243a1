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
    # The kinds written as plugin data, with VisualDL 2.x's calls and plain lists.
    w.add_audio(tag="audio", audio_array=[0.0, 0.5, -0.5, 1.0, -2.0, 1e-5], step=8,
                sample_rate=16000)
    w.add_audio("audio_nested", [[0.25], [-0.25]], 9, 8000)
    pr_labels = [1, 0, 1, 0, 1, True, False]
    pr_preds = [0.9, 0.8, 0.5, 0.2, 0.0, 1.0, 0.3]
    w.add_pr_curve(tag="pr", labels=pr_labels, predictions=pr_preds, step=10)
    w.add_pr_curve("pr3", pr_labels, pr_preds, 11, num_thresholds=3)
    w.add_roc_curve(tag="roc", labels=pr_labels, predictions=pr_preds, step=10, num_thresholds=5)
    w.add_hparams({"lr": 0.01, "layers": 3, "optimizer": "adam", "bn": True, "é": ""},
                  ["loss", "acc"])
    if use_numpy:
        w.add_audio("np_audio", np.array([0.0, 0.5, -0.5, 1.0, -2.0, 1e-5]), 8, 16000)
        w.add_audio("np_audio16", np.array([0, 16384, -32767], dtype=np.int16), 8, 16000)
        w.add_pr_curve("np_pr", np.array(pr_labels, dtype=bool), np.array(pr_preds), 10)
        w.add_roc_curve("np_roc", np.array([1, 0, 1, 0, 1, 1, 0]),
                        np.array(pr_preds, dtype=np.float32).astype(np.float64), 10,
                        num_thresholds=5)
        w.add_hparams({"lr": np.float64(0.01), "layers": np.int64(3), "optimizer": "adam",
                       "bn": np.bool_(True), "é": ""}, ["loss", "acc"])
    else:
        print("numpy not installed (or VISUALDL_NO_NUMPY): numpy cases of the new kinds skipped")

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
    for call, message in (
            (lambda: w.add_audio("a", [], 0, 8000), "no samples"),
            (lambda: w.add_audio("a", [float("nan")], 0, 8000), "NaN"),
            (lambda: w.add_audio("a", [0.1], 0, 0), "sample rate"),
            (lambda: w.add_pr_curve("p", [1, 0], [0.5], 0), "2 labels but 1 predictions"),
            (lambda: w.add_pr_curve("p", [1], [0.5], 0, num_thresholds=1), "num_thresholds"),
            (lambda: w.add_roc_curve("p", [1], [0.5], 0, num_thresholds=-1), "num_thresholds"),
            (lambda: w.add_roc_curve("p", [1], [float("inf")], 0), "infinite"),
            (lambda: w.add_pr_curve("p", [], [], 0), "no predictions"),
            (lambda: w.add_pr_curve("p", [1], [0.5], 0, weights=[1]), "weights"),
            (lambda: w.add_hparams({}, []), "empty"),
            (lambda: w.add_hparams({"lr": float("nan")}, []), "finite"),
            (lambda: w.add_hparams({"lr": [1]}, []), "values must be"),
            (lambda: w.add_hparams({"lr": 1}, [""]), "empty")):
        try:
            call()
        except ValueError as e:
            assert message in str(e), (message, str(e))
        else:
            raise AssertionError("accepted: " + message)
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



# The plugin-data kinds: decode the payloads (a minimal protobuf reader) and check the values.
def pb_fields(buf):
    """[(number, value)]: ints for varints, bytes for length-delimited and fixed64 fields."""
    out, i = [], 0
    while i < len(buf):
        key, i = varint(buf, i)
        number, wire = key >> 3, key & 7
        if wire == 0:
            v, i = varint(buf, i)
        elif wire == 1:
            v, i = buf[i:i + 8], i + 8
        elif wire == 2:
            n, i = varint(buf, i)
            v, i = buf[i:i + n], i + n
        else:
            raise AssertionError("wire type %d" % wire)
        out.append((number, v))
    return out


def varint(buf, i):
    shift = v = 0
    while True:
        b = buf[i]
        i += 1
        v |= (b & 0x7F) << shift
        shift += 7
        if b < 0x80:
            return v, i


def packed_doubles(b):
    import struct
    return list(struct.unpack("<%dd" % (len(b) // 8), b))


def plugin(tag, index=0):
    parts = records[tag][index].split("\t")
    return parts[1], bytes.fromhex(parts[2]), bytes.fromhex(parts[3])


def pcm16(x):
    v = max(-1.0, min(1.0, x)) * 32767.0
    return int(math.floor(v + 0.5)) if v >= 0 else -int(math.floor(-v + 0.5))


audio_tags = ["audio"] + (["np_audio"] if use_numpy else [])
for tag in audio_tags:
    name, data, header = plugin(tag)
    assert name == "audio"
    f = dict(pb_fields(data))
    wav = f[1]
    assert f[2] == b"audio/wav" and f[3] == 16000 and f[4] == 1 and f[5] == 6, f
    assert pb_fields(header) == [(n, v) for n, v in pb_fields(data) if n != 1]
    assert wav[:4] == b"RIFF" and wav[8:16] == b"WAVEfmt " and len(wav) == 44 + 12
    import struct
    samples = struct.unpack("<6h", wav[44:])
    # float32 of each sample, then clamped, times 32767, half away from zero
    import array as array_module
    want = [pcm16(v) for v in array_module.array("f", [0.0, 0.5, -0.5, 1.0, -2.0, 1e-5])]
    assert list(samples) == want == [0, 16384, -16384, 32767, -32767, 0], samples
if use_numpy:
    assert plugin("np_audio") == plugin("audio"), "numpy and lists differ"
    wav16 = dict(pb_fields(plugin("np_audio16")[1]))[1]
    assert struct.unpack("<3h", wav16[44:]) == (0, 16384, -32767)
assert dict(pb_fields(plugin("audio_nested")[1]))[5] == 2

positives = sum(1 for v in pr_labels if v)
for tag, n in (("pr", 10), ("pr3", 3), ("roc", 5)) + ((("np_pr", 10), ("np_roc", 5))
                                                      if use_numpy else ()):
    name, data, header = plugin(tag)
    assert name == ("roc-curve" if "roc" in tag else "pr-curve") and header == b""
    f = {}
    for number, v in pb_fields(data):
        f[number] = packed_doubles(v)
    t = f[1]
    assert t == [i / (n - 1) for i in range(n)], t
    for i in range(n):
        tp = sum(1 for l, p in zip(pr_labels, pr_preds) if l and p >= t[i])
        fp = sum(1 for l, p in zip(pr_labels, pr_preds) if not l and p >= t[i])
        assert (f[2][i], f[3][i]) == (tp, fp), (tag, i)
        assert f[2][i] + f[5][i] == positives and f[3][i] + f[4][i] == len(pr_labels) - positives
        if "roc" in tag:
            assert f[6][i] == tp / positives and f[7][i] == fp / (len(pr_labels) - positives)
        else:
            assert f[6][i] == (tp / (tp + fp) if tp + fp else 1.0)
            assert f[7][i] == tp / positives
        if i:
            assert f[7 if "pr" in tag else 6][i] <= f[7 if "pr" in tag else 6][i - 1]
if use_numpy:
    assert plugin("np_pr") == plugin("pr") and plugin("np_roc") == plugin("roc")

for index in range(2 if use_numpy else 1):
    name, data, header = plugin("hparams", index)
    assert name == "hparams"
    hp = [dict(pb_fields(v)) for n, v in pb_fields(data) if n == 1]
    assert [h[1] for h in hp] == [b"bn", b"layers", b"lr", b"optimizer", "é".encode()], hp
    assert hp[0][4] == 1 and struct.unpack("<d", hp[1][2])[0] == 3.0
    assert struct.unpack("<d", hp[2][2])[0] == 0.01 and hp[3][3] == b"adam" and hp[4][3] == b""
    assert [v for n, v in pb_fields(data) if n == 2] == [b"loss", b"acc"]
    assert records["hparams"][index].split(" ")[3] == "0"  # step 0
if use_numpy:
    assert plugin("hparams", 0) == plugin("hparams", 1)

# add_graph: a saved model file or its bytes; a live model object gets a TypeError saying how to
# save it (VisualDL 2.x's add_graph(model, input_spec) needs Paddle). Payload bytes are compared
# with the Java SDK's in CrossLanguageTest; here: the calls, their errors, and the records.
graph_out = out + "-graph"
shutil.rmtree(graph_out, ignore_errors=True)
os.makedirs(graph_out)
model_file = os.path.join(graph_out, "net.onnx")
with open(model_file, "wb") as f:
    f.write(b"\x08\x07")
with visualdl.LogWriter(logdir=os.path.join(graph_out, "run")) as w:
    w.add_graph(model_file)
    w.add_graph("bytes", b"\x08\x07")
    w.add_graph(model=model_file)
    class Layer:
        pass
    for call, error, words in (
            (lambda: w.add_graph(Layer(), [1, 3, 224, 224]), TypeError, "paddle.jit.save"),
            (lambda: w.add_graph(Layer(), input_spec=[1]), TypeError, "paddle.jit.save"),
            (lambda: w.add_graph("t", Layer()), TypeError, "torch.onnx.export"),
            (lambda: w.add_graph("t", model_file, input_spec=[1]), TypeError, "input_spec"),
            (lambda: w.add_graph(os.path.join(graph_out, "m.bin")), ValueError, "*.onnx"),
            (lambda: w.add_graph("t", b"\x01", format="caffe"), ValueError, "format"),
            (lambda: w.add_graph("t", b""), ValueError, "empty"),
            (lambda: w.add_graph(os.path.join(graph_out, "missing.onnx")), OSError, "missing")):
        try:
            call()
        except error as e:
            assert words in str(e), (words, str(e))
        else:
            raise AssertionError("accepted: expected %s about %s" % (error.__name__, words))
graph_dump = subprocess.run([os.environ["VDL_DUMP"], os.path.join(graph_out, "run")],
                            capture_output=True, text=True, check=True).stdout
assert " corrupt 0 " in graph_dump.splitlines()[-1], graph_dump

# The PNG encoder writes what zlib and the PNG layout demand.
png = encode_png(bytes([1, 2, 3, 4, 5, 6]), 2, 1, 3)
assert png[:8] == b"\x89PNG\r\n\x1a\n" and png[12:16] == b"IHDR"
import zlib
idat_len = int.from_bytes(png[33:37], "big")
assert png[37:41] == b"IDAT"
assert zlib.decompress(png[41:41 + idat_len]) == b"\x00" + bytes([1, 2, 3, 4, 5, 6])
print("ok")
