"""VisualDL logging for Python over libvisualdl (ctypes; no compiled extension, no dependency).

Takes VisualDL 2.x's calls, so switching is a changed import::

    from visualdl import LogWriter

    with LogWriter(logdir="logs/train") as writer:
        for step in range(1000):
            writer.add_scalar(tag="train/loss", value=loss, step=step)
        writer.add_scalar_batch("train/lr", steps, values)   # many points in one call

numpy is used when it can be imported (``VISUALDL_NO_NUMPY=1`` turns it off); plain lists work
everywhere. The library is found in ``$VISUALDL_LIB``, next to this package, or in ``../lib``
(the distribution's ``native/lib``).
"""

from ._lib import library_path
from .writer import LogWriter

__version__ = "0.1.0"
__all__ = ["LogWriter", "library_path", "__version__"]
