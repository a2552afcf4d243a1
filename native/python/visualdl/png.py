"""A PNG encoder in pure Python (zlib + struct): 8-bit gray, gray+alpha, RGB and RGBA."""

import struct
import zlib

_COLOR_TYPE = {1: 0, 2: 4, 3: 2, 4: 6}


def _chunk(kind, data):
    return (struct.pack(">I", len(data)) + kind + data
            + struct.pack(">I", zlib.crc32(kind + data) & 0xFFFFFFFF))


def encode_png(pixels, width, height, channels, level=6):
    """Encodes row-major 8-bit pixels (bytes of height * width * channels) as PNG bytes."""
    if channels not in _COLOR_TYPE:
        raise ValueError("an image needs 1, 2, 3 or 4 channels, not %d" % channels)
    stride = width * channels
    if len(pixels) != stride * height:
        raise ValueError("%d bytes of pixels for a %dx%dx%d image" % (len(pixels), height, width,
                                                                       channels))
    # Filter type 0 (None) on every row.
    raw = b"".join(b"\x00" + pixels[y * stride:(y + 1) * stride] for y in range(height))
    ihdr = struct.pack(">IIBBBBB", width, height, 8, _COLOR_TYPE[channels], 0, 0, 0)
    return (b"\x89PNG\r\n\x1a\n" + _chunk(b"IHDR", ihdr)
            + _chunk(b"IDAT", zlib.compress(raw, level)) + _chunk(b"IEND", b""))
