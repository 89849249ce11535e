"""The faster inflate (`inflate.open_member`): the bytes `ZipFile.open` gives, and its errors."""
from __future__ import annotations

import io
import zipfile
from pathlib import Path

import pytest

from jianpin.uploads import inflate
from jianpin.uploads.tests.xlsxgen import mixed_workbook

pytestmark = pytest.mark.skipif(inflate._zlib is None, reason="isal not installed")


def _all(fh: io.BufferedIOBase | inflate._Inflated, n: int) -> bytes:
    out = b""
    while chunk := fh.read(n):
        assert len(chunk) <= n
        out += chunk
    return out


@pytest.mark.parametrize("n", [1, 4096, 1 << 20])
def test_every_member_inflates_to_zipfiles_bytes(tmp_path: Path, n: int) -> None:
    path = mixed_workbook(tmp_path / "m.xlsx")
    with zipfile.ZipFile(path) as zf:
        for info in zf.infolist():
            with zf.open(info) as theirs:
                expected = theirs.read()
            with inflate.open_member(zf, info) as mine:
                assert isinstance(mine, inflate._Inflated)
                assert _all(mine, n) == expected


def test_a_long_member_read_by_megabytes(tmp_path: Path) -> None:
    path = tmp_path / "big.zip"
    body = b"".join(b'<row r="%d"><c r="A%d"><v>%d</v></c></row>' % (i, i, i * 7)
                    for i in range(1, 200_000))
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as zf:
        zf.writestr("xl/worksheets/sheet1.xml", body)
    with zipfile.ZipFile(path) as zf, inflate.open_member(zf, zf.infolist()[0]) as fh:
        assert _all(fh, 1 << 20) == body


def _damaged(tmp_path: Path, at: int) -> Path:
    path = tmp_path / "d.zip"
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as zf:
        zf.writestr("a.xml", b"<x>" + b"0123456789" * 5000 + b"</x>")
    data = bytearray(path.read_bytes())
    data[at] ^= 0xFF
    path.write_bytes(bytes(data))
    return path


def test_damage_raises_as_zipfile_raises(tmp_path: Path) -> None:
    crc = _damaged(tmp_path, 14)                # the local header's CRC, which neither reads
    with zipfile.ZipFile(crc) as zf:
        info = zf.infolist()[0]
        info.CRC ^= 1                           # the directory's, which both check at the end
        for opener in (zf.open, lambda i: inflate.open_member(zf, i)):
            with pytest.raises(zipfile.BadZipFile), opener(info) as fh:
                _all(fh, 4096)
    body = _damaged(tmp_path, 60)               # a byte of the deflate stream
    with zipfile.ZipFile(body) as zf:
        info = zf.infolist()[0]
        for opener in (zf.open, lambda i: inflate.open_member(zf, i)):
            with pytest.raises(Exception), opener(info) as fh:  # noqa: B017 - zlib's own error
                _all(fh, 4096)


def test_a_stored_member_is_zipfiles_own(tmp_path: Path) -> None:
    path = tmp_path / "s.zip"
    with zipfile.ZipFile(path, "w", zipfile.ZIP_STORED) as zf:
        zf.writestr("a.xml", b"<x/>")
    with zipfile.ZipFile(path) as zf, inflate.open_member(zf, zf.infolist()[0]) as fh:
        assert not isinstance(fh, inflate._Inflated) and fh.read() == b"<x/>"
