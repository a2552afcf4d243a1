"""LogWriter: VisualDL 2.x's logging calls over libvisualdl."""

import ctypes
import errno
import numbers
import os
import time
from array import array

from . import _lib
from .png import encode_png

if os.environ.get("VISUALDL_NO_NUMPY"):
    np = None
else:
    try:
        import numpy as np
    except ImportError:  # plain lists work as well
        np = None


def _raise(rc, what):
    message = (_lib.vdl_last_error() or b"").decode("utf-8", "replace") or what
    if rc == -errno.EINVAL:
        raise ValueError(message)
    raise OSError(-rc, message)


def _flatten(values):
    """Nested lists/tuples of numbers into a flat list."""
    out = []
    stack = [iter(values)]
    while stack:
        for v in stack[-1]:
            if isinstance(v, (list, tuple)):
                stack.append(iter(v))
                break
            out.append(v)
        else:
            stack.pop()
    return out


def _doubles(values):
    """(pointer, count, keep-alive) of the values as contiguous float64."""
    if np is not None:
        a = np.ascontiguousarray(values, dtype=np.float64).ravel()
        return a.ctypes.data, a.size, a
    if isinstance(values, array) and values.typecode == "d":
        a = values
    else:
        a = array("d", _flatten(values) if isinstance(values, (list, tuple)) else values)
    if not a:
        return None, 0, a
    address, n = a.buffer_info()
    return address, n, a


def _int64s(values):
    if np is not None:
        a = np.ascontiguousarray(values, dtype=np.int64).ravel()
        return a.ctypes.data, a.size, a
    if isinstance(values, array) and values.typecode == "q":
        a = values
    else:
        a = array("q", values)
    if not a:
        return None, 0, a
    address, n = a.buffer_info()
    return address, n, a


def _as_step(step):
    i = int(step)
    if i != step:
        raise ValueError("step must be a whole number, not %r" % (step,))
    return i


def _now_ms():
    return int(time.time() * 1000)


_GRAPH_FORMATS = ("onnx", "paddle", "tf-graphdef", "keras-json")


def _graph_format_of(path):
    """The graph format a model file's name says (as the Java SDK's LogWriter.addGraph)."""
    name = os.path.basename(path)
    lower = name.lower()
    if lower.endswith(".onnx"):
        return "onnx"
    if lower.endswith(".pdmodel") or name == "__model__":
        return "paddle"
    if lower.endswith(".pb"):
        return "tf-graphdef"
    if lower.endswith(".json"):
        return "keras-json"
    raise ValueError("add_graph: cannot tell the model format of %r: name it *.onnx (ONNX), "
                     "*.pdmodel or __model__ (PaddlePaddle), *.pb (TensorFlow GraphDef) or *.json"
                     " (Keras model.to_json()), or pass format=" % name)


class LogWriter(object):
    """Logs a run into the folder ``logdir`` (created if needed). Thread-safe.

    ``flush_secs`` (or ``flush_interval_ms``) sets how often buffered data is written (default
    1 s); ``rotate_bytes``, ``fsync`` and ``max_buffered_bytes`` are passed to the library.
    Other VisualDL 2.x arguments (``comment``, ``max_queue``, ``filename_suffix``,
    ``display_name``, ``file_name``) are accepted and ignored.
    """

    def __init__(self, logdir=None, comment="", max_queue=10, flush_secs=None,
                 filename_suffix="", write_to_disk=True, display_name="", file_name="",
                 flush_interval_ms=None, rotate_bytes=0, fsync=False, max_buffered_bytes=0,
                 **kwargs):
        if not logdir:
            current_time = time.strftime("%b%d_%H-%M-%S")
            logdir = os.path.join("runs", current_time + ("." + comment if comment else ""))
        self._logdir = os.fspath(logdir)
        self._w = None
        self._tags = {}
        # write_to_disk=False: a writer that accepts every call and writes nothing (as VisualDL).
        self._dummy = not write_to_disk
        if self._dummy:
            return
        options = _lib.Options()
        if flush_interval_ms is None and flush_secs is not None:
            flush_interval_ms = max(int(flush_secs * 1000), 1)
        options.flush_interval_ms = max(int(flush_interval_ms or 0), 0)
        options.rotate_bytes = int(rotate_bytes or 0)
        options.fsync = 1 if fsync else 0
        options.max_buffered_bytes = int(max_buffered_bytes or 0)
        handle = _lib.vdl_writer_open_with(self._logdir.encode("utf-8"), ctypes.byref(options))
        if not handle:
            message = (_lib.vdl_last_error() or b"").decode("utf-8", "replace")
            raise OSError(message or "cannot open a log writer in %s" % self._logdir)
        self._w = handle

    # -- helpers ---------------------------------------------------------------------------

    @property
    def logdir(self):
        return self._logdir

    @property
    def file_name(self):
        """The record file being written now."""
        w = self._handle()
        return "" if w is None else _lib.vdl_writer_current_file(w).decode("utf-8")

    def _handle(self):
        """The C writer; None for a writer that does not write to disk."""
        w = self._w
        if w is None and not self._dummy:
            raise ValueError("I/O operation on a closed LogWriter")
        return w

    def _tag(self, tag):
        b = self._tags.get(tag)
        if b is None:
            if not isinstance(tag, str):
                raise TypeError("tag must be a str, not %s" % type(tag).__name__)
            b = tag.encode("utf-8")
            if len(self._tags) < 100000:
                self._tags[tag] = b
        return b

    # -- VisualDL 2.x calls ------------------------------------------------------------------

    def add_scalar(self, tag, value, step, walltime=None):
        """One point of a scalar series; walltime in milliseconds since the epoch (default now)."""
        w = self._w
        if w is None:
            self._handle()
            return
        tb = self._tags.get(tag) or self._tag(tag)
        try:
            if walltime is None:
                rc = _lib.vdl_add_scalar(w, tb, step, value)
            else:
                rc = _lib.vdl_add_scalar_at(w, tb, step, value, int(walltime))
        except ctypes.ArgumentError:
            # A float step, a tensor or a Decimal: convert (the fast path above takes int/float).
            step, value = _as_step(step), float(value)
            if walltime is None:
                rc = _lib.vdl_add_scalar(w, tb, step, value)
            else:
                rc = _lib.vdl_add_scalar_at(w, tb, step, value, int(walltime))
        if rc:
            _raise(rc, "add_scalar failed")

    def add_scalar_batch(self, tag, steps, values, walltime=None):
        """Many points of one series in one call: ``steps`` and ``values`` of the same length
        (lists, arrays or numpy arrays); ``walltime`` is None (now), one value or one per point."""
        w = self._handle()
        if w is None:
            return
        sp, n, keep_s = _int64s(steps)
        vp, m, keep_v = _doubles(values)
        if n != m:
            raise ValueError("add_scalar_batch: %d steps but %d values" % (n, m))
        wp = None
        keep_w = None
        if walltime is not None:
            if isinstance(walltime, (int, float)):
                walltime = [int(walltime)] * n
            wp, k, keep_w = _int64s(walltime)
            if k != n:
                raise ValueError("add_scalar_batch: %d wall times for %d points" % (k, n))
        rc = _lib.vdl_add_scalar_batch_at(w, self._tag(tag), sp, vp, wp, n)
        del keep_s, keep_v, keep_w
        if rc:
            _raise(rc, "add_scalar_batch failed")

    def add_histogram(self, tag, values, step, walltime=None, buckets=10):
        """A histogram of ``values`` with ``buckets`` equal-width buckets (as VisualDL 2.x);
        ``buckets=0`` gives exponential buckets that resolve values of every magnitude."""
        w = self._handle()
        if w is None:
            return
        vp, n, keep = _doubles(values)
        rc = _lib.vdl_add_histogram_bins(w, self._tag(tag), int(step), vp, n, int(buckets),
                                         -1 if walltime is None else int(walltime))
        del keep
        if rc:
            _raise(rc, "add_histogram failed")

    def add_image(self, tag, img, step, walltime=None, dataformats="HWC"):
        """An image: a numpy array or nested lists, uint8 (0..255) or float (0..1), laid out as
        ``dataformats`` ("HWC", "CHW" or "HW"); stored as PNG."""
        pixels, height, width, channels = _image_bytes(img, dataformats)
        png = encode_png(pixels, width, height, channels)
        self.add_image_png(tag, png, step, walltime)

    def add_image_png(self, tag, png, step, walltime=None):
        """An image already encoded as PNG bytes."""
        w = self._handle()
        if w is None:
            return
        png = bytes(png)
        rc = _lib.vdl_add_image_png_at(w, self._tag(tag), int(step), png, len(png),
                                       -1 if walltime is None else int(walltime))
        if rc:
            _raise(rc, "add_image failed")

    def add_embeddings(self, tag, mat=None, metadata=None, metadata_header=None, walltime=None,
                       labels=None, hot_vectors=None, labels_meta=None, step=0):
        """An embedding: ``mat`` holds one row of numbers per point. ``metadata`` is one label per
        row, or (as VisualDL 2.x) a list of columns, each with one cell per row, named by
        ``metadata_header`` (default ``label_0``, ``label_1``, ...). ``labels``, ``hot_vectors``
        and ``labels_meta`` are VisualDL's old names of ``metadata``, ``mat`` and
        ``metadata_header``. The step is 0 unless given."""
        w = self._handle()
        if w is None:
            return
        if mat is None:
            mat = hot_vectors
        if metadata is None:
            metadata = labels
        if metadata_header is None:
            metadata_header = labels_meta
        if mat is None:
            raise ValueError("add_embeddings needs mat, one row of numbers per point")
        if np is not None:
            a = np.ascontiguousarray(mat, dtype=np.float32)
            if a.ndim != 2:
                raise ValueError("mat must be 2-dimensional, not %d-dimensional" % a.ndim)
            rows, dims = a.shape
            mp = a.ctypes.data
        else:
            mat = [list(r) for r in mat]
            rows = len(mat)
            dims = len(mat[0]) if rows else 0
            flat = []
            for r in mat:
                if len(r) != dims:
                    raise ValueError("every row of mat needs %d values" % dims)
                flat.extend(r)
            a = array("f", flat)
            mp = a.buffer_info()[0] if a else None
        label_arr = header_arr = cells_arr = None
        columns = 0
        if metadata is not None:
            if np is not None and isinstance(metadata, np.ndarray):
                metadata = metadata.tolist()
            metadata = list(metadata)
            if metadata and isinstance(metadata[0], (list, tuple)):
                cols = [list(c) for c in metadata]
                for c in cols:
                    if len(c) != rows:
                        raise ValueError("every metadata column needs one cell per row (%d), "
                                         "not %d" % (rows, len(c)))
                columns = len(cols)
                header = list(metadata_header or ["label_%d" % i for i in range(columns)])
                if len(header) != columns:
                    raise ValueError("%d header names for %d metadata columns"
                                     % (len(header), columns))
                cells = [str(cols[c][r]).encode("utf-8") for r in range(rows)
                         for c in range(columns)]
                cells_arr = (ctypes.c_char_p * len(cells))(*cells)
                header_arr = (ctypes.c_char_p * columns)(*[str(h).encode("utf-8") for h in header])
                label_arr = (ctypes.c_char_p * rows)(*[str(v).encode("utf-8") for v in cols[0]])
            else:
                if len(metadata) != rows:
                    raise ValueError("%d labels for %d rows" % (len(metadata), rows))
                label_arr = (ctypes.c_char_p * rows)(*[str(v).encode("utf-8") for v in metadata])
        rc = _lib.vdl_add_embedding_meta(w, self._tag(tag), int(step), mp, rows, dims, label_arr,
                                         header_arr, columns, cells_arr,
                                         -1 if walltime is None else int(walltime))
        del a
        if rc:
            _raise(rc, "add_embeddings failed")

    def add_meta(self, tag="meta_data_tag", display_name="", step=0, walltime=None):
        """Accepted for VisualDL 2.x compatibility; run display names are not stored (a run is
        named by its folder)."""
        self._handle()

    def add_text(self, tag, text_string, step=None, walltime=None):
        """Text (Markdown) at a step."""
        w = self._handle()
        if w is None:
            return
        rc = _lib.vdl_add_text_at(w, self._tag(tag), int(step or 0),
                                  str(text_string).encode("utf-8"),
                                  -1 if walltime is None else int(walltime))
        if rc:
            _raise(rc, "add_text failed")

    def add_audio(self, tag, audio_array, step, sample_rate=8000, walltime=None):
        """Mono audio: ``audio_array`` holds float samples in [-1, 1] (a list, an array or a
        numpy array of any shape, flattened; int16 numpy arrays are taken as 16-bit PCM); stored
        as a 16-bit PCM WAV file, each sample clamped, times 32767, rounded half away from 0."""
        w = self._handle()
        if w is None:
            return
        if np is not None:
            a = np.asarray(audio_array)
            if a.dtype == np.int16:
                a = a.astype(np.float64) / 32767.0
            a = np.ascontiguousarray(a, dtype=np.float32).ravel()
            address, n = a.ctypes.data, a.size
        else:
            if isinstance(audio_array, array) and audio_array.typecode == "f":
                a = audio_array
            else:
                a = array("f", _flatten(audio_array) if isinstance(audio_array, (list, tuple))
                          else audio_array)
            address, n = a.buffer_info() if a else (None, 0)
        rate = int(sample_rate)
        if not 1 <= rate <= 2147483647:
            raise ValueError("audio sample rate must be 1 to 2147483647 Hz, was %d" % rate)
        rc = _lib.vdl_add_audio_at(w, self._tag(tag), _as_step(step), address, n, rate,
                                   -1 if walltime is None else int(walltime))
        del a
        if rc:
            _raise(rc, "add_audio failed")

    def add_pr_curve(self, tag, labels, predictions, step=None, num_thresholds=10, weights=None,
                     walltime=None):
        """A precision-recall curve: ``labels`` (true/non-zero: positive) and ``predictions``
        (finite numbers, normally probabilities in [0, 1]) of the same length; ``num_thresholds``
        thresholds evenly spaced in [0, 1]."""
        self._curve(_lib.vdl_add_pr_curve_at, "add_pr_curve", tag, labels, predictions, step,
                    num_thresholds, weights, walltime)

    def add_roc_curve(self, tag, labels, predictions, step=None, num_thresholds=10, weights=None,
                      walltime=None):
        """A ROC curve (true and false positive rates), with the arguments of add_pr_curve."""
        self._curve(_lib.vdl_add_roc_curve_at, "add_roc_curve", tag, labels, predictions, step,
                    num_thresholds, weights, walltime)

    def _curve(self, fn, what, tag, labels, predictions, step, num_thresholds, weights,
               walltime):
        w = self._handle()
        if w is None:
            return
        if weights is not None:
            raise ValueError("%s: weights are not supported; pass labels and predictions only"
                             % what)
        nt = int(num_thresholds)
        if not 2 <= nt <= _lib.MAX_THRESHOLDS:
            raise ValueError("%s: num_thresholds must be 2 to %d, was %d"
                             % (what, _lib.MAX_THRESHOLDS, nt))
        if np is not None:
            lab = np.ascontiguousarray(np.asarray(labels).ravel() != 0, dtype=np.uint8)
            lp, nl = lab.ctypes.data, lab.size
        else:
            flat = _flatten(labels) if isinstance(labels, (list, tuple)) else list(labels)
            lab = bytes(1 if v else 0 for v in flat)
            lp, nl = lab, len(lab)
        pp, n, keep = _doubles(predictions)
        if nl != n:
            raise ValueError("%s: %d labels but %d predictions; give one label per prediction"
                             % (what, nl, n))
        rc = fn(w, self._tag(tag), _as_step(step or 0), lp, pp, n, nt,
                -1 if walltime is None else int(walltime))
        del keep, lab
        if rc:
            _raise(rc, what + " failed")

    def add_hparams(self, hparams_dict, metrics_list=None, walltime=None):
        """The run's hyper-parameters (name to number, str or bool) and the scalar tags whose
        latest values measure it, as one record of tag "hparams" at step 0."""
        w = self._handle()
        if w is None:
            return
        if not hparams_dict:
            raise ValueError("add_hparams: hparams_dict is empty: give at least one")
        names = []
        values = []
        for name, v in hparams_dict.items():
            if not isinstance(name, str):
                raise ValueError("add_hparams: hparam names must be str, not %s"
                                 % type(name).__name__)
            name_b = name.encode("utf-8")
            hv = _lib.HparamValue()
            if isinstance(v, bool) or (np is not None and isinstance(v, np.bool_)):
                hv.type = _lib.HPARAM_BOOL
                hv.flag = 1 if v else 0
            elif isinstance(v, numbers.Real):
                hv.type = _lib.HPARAM_NUMBER
                hv.number = float(v)
            elif isinstance(v, str):
                hv.type = _lib.HPARAM_STRING
                hv.string = v.encode("utf-8")
            else:
                raise ValueError("add_hparams: hparam %r is a %s; values must be numbers, str or "
                                 "bool" % (name, type(v).__name__))
            names.append(name_b)
            values.append(hv)
        tags = [self._tag(t) for t in (metrics_list or [])]
        n = len(names)
        name_arr = (ctypes.c_char_p * n)(*names)
        value_arr = (_lib.HparamValue * n)(*values)
        tag_arr = (ctypes.c_char_p * len(tags))(*tags) if tags else None
        rc = _lib.vdl_add_hparams_at(w, n, name_arr, value_arr, len(tags), tag_arr,
                                     -1 if walltime is None else int(walltime))
        if rc:
            _raise(rc, "add_hparams failed")

    def add_graph(self, tag_or_model=None, model=None, format=None, walltime=None, **kwargs):
        """A model's graph, shown by the Graph tab: one blob of kind "graph" at step 0.

        ``add_graph("resnet.onnx")`` logs a saved model file under its file name;
        ``add_graph("resnet", "resnet.onnx")`` under a tag of your own; ``add_graph("resnet",
        onnx_bytes)`` the bytes of an ONNX model (``format`` names another: "paddle",
        "tf-graphdef", "keras-json"); ``add_graph(onnx_bytes)`` under the tag "graph". A file's
        format comes from its name: ``*.onnx``, ``*.pdmodel`` and ``__model__`` (PaddlePaddle),
        ``*.pb`` (TensorFlow GraphDef), ``*.json`` (Keras ``model.to_json()``).

        VisualDL 2.x's ``add_graph(model, input_spec)`` traces a live Paddle model and so needs
        Paddle; this module has no dependency, so save the model first (``paddle.jit.save(model,
        "out/model", input_spec)`` writes ``out/model.pdmodel``; ``torch.onnx.export(model, x,
        "model.onnx")``) and pass the file."""
        if tag_or_model is None and isinstance(model, (str, os.PathLike)):
            tag_or_model, model = model, None
        if tag_or_model is None and isinstance(model, (bytes, bytearray, memoryview)):
            tag_or_model = "graph"
        if isinstance(tag_or_model, (bytes, bytearray, memoryview)) and model is None:
            tag, model = "graph", tag_or_model
        elif isinstance(tag_or_model, (str, os.PathLike)) and model is None:
            path = os.fspath(tag_or_model)
            tag, model = os.path.basename(path), path
        elif isinstance(tag_or_model, str):
            tag = tag_or_model
        else:
            if tag_or_model is None:
                tag_or_model = model
            raise TypeError(
                "add_graph takes a saved model file or its bytes, not a %s: VisualDL 2.x's "
                "add_graph(model, input_spec) needs Paddle to trace the model; save it first "
                "(paddle.jit.save(model, 'out/model', input_spec) writes out/model.pdmodel, "
                "torch.onnx.export(model, x, 'model.onnx') an ONNX file) and pass the file's path"
                % type(tag_or_model).__name__)
        if kwargs:
            raise TypeError("add_graph got unexpected arguments %s; pass a saved model file"
                            " (input_spec and verbose only apply to a live Paddle model)"
                            % ", ".join(sorted(kwargs)))
        if isinstance(model, (str, os.PathLike)):
            path = os.fspath(model)
            if format is None:
                format = _graph_format_of(path)
            try:
                with open(path, "rb") as f:
                    data = f.read()
            except OSError as e:
                raise OSError(e.errno, "cannot read the model file %s: %s"
                              % (path, e.strerror)) from e
        elif isinstance(model, (bytes, bytearray, memoryview)):
            data = bytes(model)
        else:
            raise TypeError(
                "add_graph: the model must be a saved model file's path or its bytes, not a %s"
                " (VisualDL 2.x's add_graph(model, input_spec) needs Paddle; save the model with"
                " paddle.jit.save or torch.onnx.export and pass the file)" % type(model).__name__)
        if format is None:
            format = "onnx"
        if format not in _GRAPH_FORMATS:
            raise ValueError("add_graph: format must be one of %s, was %r"
                             % (", ".join(_GRAPH_FORMATS), format))
        if not data:
            raise ValueError("add_graph: the model of graph %r is empty; pass a saved model"
                             % tag)
        w = self._handle()
        if w is None:
            return
        rc = _lib.vdl_add_graph_format_at(w, self._tag(tag), data, len(data),
                                          format.encode("ascii"),
                                          -1 if walltime is None else int(walltime))
        if rc:
            _raise(rc, "add_graph failed")

    def flush(self):
        """Returns when everything added before is in the file."""
        w = self._handle()
        if w is None:
            return
        rc = _lib.vdl_flush(w)
        if rc:
            _raise(rc, "flush failed")

    def close(self):
        """Writes everything and closes the file. Closing twice does nothing."""
        w, self._w = self._w, None
        if w is not None:
            rc = _lib.vdl_writer_close(w)
            if rc:
                _raise(rc, "close failed")

    def __enter__(self):
        return self

    def __exit__(self, *exc):
        self.close()

    def __del__(self):
        try:
            if getattr(self, "_w", None) is not None:
                self.close()
        except Exception:
            pass


def _to_uint8(v):
    return 0 if v <= 0 else 255 if v >= 255 else int(round(v))


def _image_bytes(img, dataformats):
    """(pixels bytes, height, width, channels) in HWC order."""
    fmt = (dataformats or "HWC").upper()
    if fmt not in ("HWC", "CHW", "HW", "WH"):
        raise ValueError("dataformats must be HWC, CHW or HW, not %r (log a batch image by image)"
                         % dataformats)
    if np is not None:
        a = np.asarray(img)
        if fmt == "CHW":
            a = a.transpose(1, 2, 0)
        elif fmt == "HW":
            a = a[:, :, None]
        elif fmt == "WH":
            a = a.T[:, :, None]
        if a.ndim != 3:
            raise ValueError("an image in %s needs %d dimensions, not %d"
                             % (fmt, len(fmt), np.asarray(img).ndim))
        if a.dtype.kind == "f":
            if a.size and float(np.nanmax(a)) <= 1.0:
                a = a * 255.0
            a = np.clip(np.nan_to_num(a), 0, 255).round()
        elif a.dtype.kind == "b":
            a = a * 255
        a = np.ascontiguousarray(np.clip(a, 0, 255).astype(np.uint8))
        h, wd, c = a.shape
        return a.tobytes(), h, wd, c
    # Nested lists.
    rows = [list(r) for r in img]
    if fmt in ("HW", "WH"):
        if fmt == "WH":
            rows = [list(r) for r in zip(*rows)]
        rows = [[[v] for v in r] for r in rows]
    elif fmt == "CHW":
        rows = [[[rows[c][y][x] for c in range(len(rows))] for x in range(len(rows[0][0]))]
                for y in range(len(rows[0]))]
    h = len(rows)
    wd = len(rows[0]) if h else 0
    c = len(rows[0][0]) if wd else 1
    flat = [v for r in rows for px in r for v in px]
    if len(flat) != h * wd * c:
        raise ValueError("the image rows differ in size")
    if any(isinstance(v, float) for v in flat):
        top = max(flat) if flat else 0
        scale = 255.0 if top <= 1.0 else 1.0
        flat = [v * scale for v in flat]
    return bytes(_to_uint8(v) for v in flat), h, wd, c
