"""A zip member inflated by a faster zlib when one is installed (ISA-L's, through `isal`).

Inflating is about a tenth of reading a county's export; ISA-L inflates the same deflate
stream into the same bytes in about half zlib's time (bench/RESULTS.md, 2026-12-02).
`open_member` gives what `ZipFile.open` gives, read for read: the member's header is checked
by `ZipFile.open` itself, the output is cut at the declared size and its CRC checked at the
end as zipfile checks it, and any damage raises. Without `isal`, or for a member that is not
deflated, it is `ZipFile.open`.
"""
from __future__ import annotations

import struct
import zipfile
from typing import IO, Any, cast

try:
    from isal import isal_zlib as _zlib
except ImportError:          # not installed: zipfile's own zlib
    _zlib = None  # type: ignore[assignment]

CHUNK = 1 << 20
_LOCAL = struct.Struct("<4s22xHH")     # signature; name and extra lengths at offsets 26, 28


def open_member(zf: zipfile.ZipFile, info: zipfile.ZipInfo) -> IO[bytes]:
    plain = zf.open(info)             # the header checks and errors of zipfile, as ever
    if _zlib is None or info.compress_type != zipfile.ZIP_DEFLATED or not zf.filename:
        return plain
    plain.close()
    return cast(IO[bytes], _Inflated(zf.filename, info))     # read, close, with: all it needs


class _Inflated:
    def __init__(self, path: str, info: zipfile.ZipInfo) -> None:
        self.fh = open(path, "rb")  # noqa: SIM115 - closed at the end or by close()
        self.fh.seek(info.header_offset)
        sig, name, extra = _LOCAL.unpack(self.fh.read(_LOCAL.size))
        if sig != b"PK\x03\x04":
            raise zipfile.BadZipFile("bad local header")
        self.fh.seek(info.header_offset + _LOCAL.size + name + extra)
        self.compressed, self.left = info.compress_size, info.file_size
        self.crc, self.expected = 0, info.CRC
        self.inflater: Any = _zlib.decompressobj(-15)
        self.done = False

    def read(self, n: int = -1) -> bytes:
        n = n if n and n > 0 else CHUNK
        out = b""
        while not out and not self.done:
            tail = self.inflater.unconsumed_tail
            if not tail and self.compressed > 0:
                tail = self.fh.read(min(CHUNK, self.compressed))
                self.compressed -= len(tail)
                if not tail:
                    raise EOFError("compressed member ended early")
            out = self.inflater.decompress(tail, n)[:self.left]
            self.left -= len(out)
            self.crc = _zlib.crc32(out, self.crc)
            self.done = self.inflater.eof or self.left <= 0 or (
                self.compressed <= 0 and not self.inflater.unconsumed_tail and not out)
        if self.done:
            self.close()
            if self.crc != self.expected:
                raise zipfile.BadZipFile("Bad CRC-32")
        return out

    def close(self) -> None:
        self.fh.close()

    def __enter__(self) -> _Inflated:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()
