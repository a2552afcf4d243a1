"""Loads libvisualdl and declares its C functions."""

import ctypes
import ctypes.util
import os

_HERE = os.path.dirname(os.path.abspath(__file__))


class _Options(ctypes.Structure):
    _fields_ = [
        ("flush_interval_ms", ctypes.c_uint32),
        ("rotate_bytes", ctypes.c_uint64),
        ("fsync", ctypes.c_int),
        ("max_buffered_bytes", ctypes.c_uint64),
    ]


class _HparamUnion(ctypes.Union):
    _fields_ = [("number", ctypes.c_double), ("string", ctypes.c_char_p), ("flag", ctypes.c_int)]


class HparamValue(ctypes.Structure):
    """vdl_hparam_value: type 1 number, 2 string, 3 bool."""
    _anonymous_ = ("u",)
    _fields_ = [("type", ctypes.c_int), ("u", _HparamUnion)]


HPARAM_NUMBER, HPARAM_STRING, HPARAM_BOOL = 1, 2, 3
MAX_THRESHOLDS = 10000


def _candidates():
    env = os.environ.get("VISUALDL_LIB")
    if env:
        yield env
        return
    names = ("libvisualdl.so", "libvisualdl.dylib", "visualdl.dll")
    for folder in (
        _HERE,
        os.path.join(_HERE, "lib"),
        os.path.join(_HERE, "..", "lib"),  # a lib/ beside the package
        os.path.join(_HERE, "..", "..", "lib"),  # native/python/visualdl -> native/lib
    ):
        for name in names:
            path = os.path.normpath(os.path.join(folder, name))
            if os.path.exists(path):
                yield path
    found = ctypes.util.find_library("visualdl")
    if found:
        yield found


def _load():
    tried = []
    for path in _candidates():
        try:
            return ctypes.CDLL(path), path
        except OSError as e:
            tried.append("%s (%s)" % (path, e))
    raise ImportError(
        "cannot load libvisualdl: tried %s; set VISUALDL_LIB to the path of libvisualdl.so"
        % (", ".join(tried) or "nothing found next to the visualdl package or in ../lib")
    )


lib, library_path = _load()

_W = ctypes.c_void_p
_S = ctypes.c_char_p
_I64 = ctypes.c_int64
_SZ = ctypes.c_size_t
_P64 = ctypes.c_void_p  # raw pointers: the fastest to pass from numpy and array
_PD = ctypes.c_void_p


def _fn(name, restype, *argtypes):
    f = getattr(lib, name)
    f.restype = restype
    f.argtypes = list(argtypes)
    return f


vdl_writer_open_with = _fn("vdl_writer_open_with", _W, _S, ctypes.POINTER(_Options))
vdl_add_scalar = _fn("vdl_add_scalar", ctypes.c_int, _W, _S, _I64, ctypes.c_double)
vdl_add_scalar_at = _fn("vdl_add_scalar_at", ctypes.c_int, _W, _S, _I64, ctypes.c_double, _I64)
vdl_add_scalar_batch_at = _fn(
    "vdl_add_scalar_batch_at", ctypes.c_int, _W, _S, _P64, _PD, _P64, _SZ)
vdl_add_histogram_bins = _fn(
    "vdl_add_histogram_bins", ctypes.c_int, _W, _S, _I64, _PD, _SZ, ctypes.c_uint32, _I64)
vdl_add_image_png_at = _fn(
    "vdl_add_image_png_at", ctypes.c_int, _W, _S, _I64, ctypes.c_char_p, _SZ, _I64)
vdl_add_embedding_meta = _fn(
    "vdl_add_embedding_meta", ctypes.c_int, _W, _S, _I64, ctypes.c_void_p, _SZ, _SZ,
    ctypes.POINTER(ctypes.c_char_p), ctypes.POINTER(ctypes.c_char_p), _SZ,
    ctypes.POINTER(ctypes.c_char_p), _I64)
vdl_add_text_at = _fn("vdl_add_text_at", ctypes.c_int, _W, _S, _I64, _S, _I64)
vdl_add_audio_at = _fn(
    "vdl_add_audio_at", ctypes.c_int, _W, _S, _I64, ctypes.c_void_p, _SZ, ctypes.c_uint32, _I64)
vdl_add_pr_curve_at = _fn(
    "vdl_add_pr_curve_at", ctypes.c_int, _W, _S, _I64, ctypes.c_void_p, _PD, _SZ,
    ctypes.c_uint32, _I64)
vdl_add_roc_curve_at = _fn(
    "vdl_add_roc_curve_at", ctypes.c_int, _W, _S, _I64, ctypes.c_void_p, _PD, _SZ,
    ctypes.c_uint32, _I64)
vdl_add_hparams_at = _fn(
    "vdl_add_hparams_at", ctypes.c_int, _W, _SZ, ctypes.POINTER(ctypes.c_char_p),
    ctypes.POINTER(HparamValue), _SZ, ctypes.POINTER(ctypes.c_char_p), _I64)
vdl_add_graph_format_at = _fn(
    "vdl_add_graph_format_at", ctypes.c_int, _W, _S, ctypes.c_char_p, _SZ, _S, _I64)
vdl_flush = _fn("vdl_flush", ctypes.c_int, _W)
vdl_writer_close = _fn("vdl_writer_close", ctypes.c_int, _W)
vdl_writer_current_file = _fn("vdl_writer_current_file", _S, _W)
vdl_last_error = _fn("vdl_last_error", _S)
Options = _Options
