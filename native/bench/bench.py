"""Python ingest through the ctypes module, beside a tensorboardX-style per-point writer.

    VISUALDL_LIB=.../libvisualdl.so PYTHONPATH=native/python python3 bench.py [--points N]
Times include close(), i.e. until every point is in the file."""
import argparse
import os
import shutil
import struct
import tempfile
import time

import visualdl
from visualdl import writer as writer_module


def files_bytes(folder):
    return sum(os.path.getsize(os.path.join(folder, f)) for f in os.listdir(folder))


def report(name, secs, points, nbytes=None):
    per = "" if nbytes is None else "  %5.2f bytes/point" % (nbytes / points)
    print("%-52s %8.3f M points/s  %8.1f ns/point%s" % (name, points / secs / 1e6,
                                                          secs * 1e9 / points, per))


def bench_batch(base, n, batch, kind):
    run = os.path.join(base, "batch-" + kind)
    np = writer_module.np
    if kind == "numpy":
        steps_all = np.arange(n, dtype=np.int64)
        values_all = (1.0 / (1.0 + steps_all * 1e-4)).astype(np.float32).astype(np.float64)
        chunks = [(steps_all[i:i + batch], values_all[i:i + batch]) for i in range(0, n, batch)]
    else:
        chunks = []
        for i in range(0, n, batch):
            steps = list(range(i, min(i + batch, n)))
            chunks.append((steps, [1.0 / (1.0 + s * 1e-4) for s in steps]))
    t0 = time.perf_counter()
    with visualdl.LogWriter(logdir=run) as w:
        for steps, values in chunks:
            w.add_scalar_batch("train/loss", steps, values)
    secs = time.perf_counter() - t0
    report("Python add_scalar_batch (%s, %d per call)" % (kind, batch), secs, n, files_bytes(run))
    shutil.rmtree(run)


def bench_add_scalar(base, n):
    run = os.path.join(base, "add_scalar")
    t0 = time.perf_counter()
    with visualdl.LogWriter(logdir=run) as w:
        add = w.add_scalar
        for i in range(n):
            add("train/loss", 0.5, i)
    secs = time.perf_counter() - t0
    report("Python add_scalar per call", secs, n, files_bytes(run))
    shutil.rmtree(run)


def _crc_table():
    table = []
    for i in range(256):
        c = i
        for _ in range(8):
            c = (c >> 1) ^ 0x82F63B78 if c & 1 else c >> 1
        table.append(c)
    return table


_TABLE = _crc_table()


def _crc32c(data):
    crc = 0xFFFFFFFF
    for b in data:
        crc = _TABLE[(crc ^ b) & 0xFF] ^ (crc >> 8)
    return crc ^ 0xFFFFFFFF


def _masked(data):
    crc = _crc32c(data)
    return ((((crc >> 15) | (crc << 17)) & 0xFFFFFFFF) + 0xA282EAD8) & 0xFFFFFFFF


def _varint(v):
    out = bytearray()
    while v >= 0x80:
        out.append((v & 0x7F) | 0x80)
        v >>= 7
    out.append(v)
    return bytes(out)


def bench_baseline(base, n, fast_crc):
    """tensorboardX's writer: one Event per point, framed with a masked CRC. With fast_crc the CRC
    runs in C (zlib.crc32 standing in for the crc32c package), otherwise in Python (tensorboardX's
    fallback when crc32c is not installed)."""
    path = os.path.join(base, "events.out.tfevents.baseline")
    tag = b"train/loss"
    import zlib

    def masked_c(data):
        crc = zlib.crc32(data)
        return ((((crc >> 15) | (crc << 17)) & 0xFFFFFFFF) + 0xA282EAD8) & 0xFFFFFFFF

    masked = masked_c if fast_crc else _masked
    t0 = time.perf_counter()
    with open(path, "wb") as f:
        for i in range(n):
            value = b"\x0a" + _varint(len(tag)) + tag + b"\x15" + struct.pack("<f", 0.5)
            summary = b"\x0a" + _varint(len(value)) + value
            event = (b"\x09" + struct.pack("<d", time.time()) + b"\x10" + _varint(i)
                     + b"\x2a" + _varint(len(summary)) + summary)
            head = struct.pack("<Q", len(event))
            f.write(head + struct.pack("<I", masked(head)) + event
                    + struct.pack("<I", masked(event)))
    secs = time.perf_counter() - t0
    report("baseline: per-point Event writer (tensorboardX%s)" % (", CRC in C" if fast_crc else ""),
           secs, n, os.path.getsize(path))
    os.remove(path)


def main():
    p = argparse.ArgumentParser()
    p.add_argument("--points", type=int, default=10_000_000)
    args = p.parse_args()
    base = tempfile.mkdtemp(prefix="vdl-pybench-")
    print("visualdl Python module over %s, numpy %s" % (
        visualdl.library_path, "yes" if writer_module.np is not None else "no"))
    bench_baseline(base, min(args.points, 100_000), False)
    bench_baseline(base, min(args.points, 1_000_000), True)
    if writer_module.np is not None:
        bench_batch(base, args.points, 100_000, "numpy")
    bench_batch(base, args.points, 100_000, "lists")
    bench_add_scalar(base, min(args.points, 1_000_000))
    shutil.rmtree(base, ignore_errors=True)


if __name__ == "__main__":
    main()
