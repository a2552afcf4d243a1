"""Writes the cross-language fixture with the Python module; CrossLanguageTest (Java) reads it.
Mirrors tests/xlang_writer.c (except the image, which is encoded here from pixels)."""
import sys

from visualdl import LogWriter

run = sys.argv[1]
with LogWriter(logdir=run, rotate_bytes=1 << 20) as w:
    for i in range(1000):
        w.add_scalar("loss", i * 0.001, i)
    w.add_scalar_batch("acc", [0, 3, 4, 10, 11], [0.25, 0.5, 0.75, 1.0, -1.5])
    special = [float("nan"), float("inf"), -float("inf"), -0.0, 1.7976931348623157e308,
               4.9e-324, 1e-300]
    for i, v in enumerate(special):
        w.add_scalar("special", v, i)
    w.add_scalar("extreme_steps", 1, -(2 ** 63))
    w.add_scalar("extreme_steps", 2, 0)
    w.add_scalar("extreme_steps", 3, 2 ** 63 - 1)
    for i, wall in enumerate([1000, 1001, 999, 5000]):
        w.add_scalar("timed", i + 0.5, i, walltime=wall)
    w.add_histogram("weights", [-2, -1, 0, 1, 2, 1e-13], 7, buckets=0)
    w.add_histogram("weights10", [-2, -1, 0, 1, 2, 1e-13], 7)  # VisualDL's default: 10 buckets
    # 2 rows x 3 columns, RGB.
    w.add_image("img", [[[255, 0, 0], [0, 255, 0], [0, 0, 255]],
                        [[0, 0, 0], [128, 128, 128], [255, 255, 255]]], 8)
    w.add_embeddings("emb", [[1.5, -2], [3, 4], [5, 6]], ["cat", "dog", "éléphant"], step=9)
    # VisualDL 2.x metadata columns: one list per column, one cell per row.
    w.add_embeddings("emb_cols", [[1, 2], [3, 4]], [["a", "b"], ["x", "y"]], ["k", "v"], step=9)
    w.add_text("notes", "héllo **world** ✓", 10)
    # The plugin-data kinds, with VisualDL 2.x's calls: the same input as tests/xlang_writer.c.
    w.add_audio("voice", [0.0, 0.25, -0.5, 1.0, -1.0, 0.123456789, 3.0, -0.00001], 11, 16000)
    labels = [1, 0, 1, 1, 0, 0, 1, 0]
    predictions = [0.95, 0.1, 0.5, 0.3333333333333333, 0.7, 0.5, 1.0, -0.2]
    w.add_pr_curve("pr", labels, predictions, 12, num_thresholds=7)
    w.add_roc_curve("roc", labels, predictions, 13)
    w.add_hparams({"lr": 0.001, "layers": 12, "optimizer": "adam", "dropout": False,
                   "name": "résumé", "zero": 0}, ["loss", "acc"])
    w.flush()
    w.add_scalar_batch("loss", list(range(1000, 2000)), [i * 0.001 for i in range(1000, 2000)])
