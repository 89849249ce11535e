"""The bounds of a sheet in the form spreadsheet programs write, checked in C-level passes.

`sheetscan.SheetScan` calls back into Python for every XML element (three million for a
county's export). Nearly every real sheet has one form: `<row r="N" …>` elements in order,
each holding `<c r="{letters}N" …>` cells whose value is a `<v>` or an inline string, attributes
double-quoted in the schema's order, no comments, no formulas. For a
sheet in that form, one regular expression (matched whole, possessively, with the row number
as a back-reference that every cell must repeat) proves the structure and the encoding (UTF-8
of XML characters only), and counting and a few
searches give what `SheetScan` would find: the rows ascend, every cell sits in its own row,
the count of cells, the last row and the widest column holding a value. The parts outside
`<sheetData>` (the declared dimension among them) go through `SheetScan` itself.

This check only ever accepts, and only what `SheetScan` accepts with the same extents: a sheet
in any other form, or one over a limit, damaged or hostile, gets `None` here and is scanned
again by `SheetScan`, which then gives the refusal and its reason exactly as it always did.
"""
from __future__ import annotations

import functools
import io
import re
from dataclasses import dataclass
from operator import lt
from typing import Any

from jianpin.uploads.common import BYTE_COLUMNS, FileCheck, column_name
from jianpin.uploads.limits import SheetLimits
from jianpin.uploads.sheetscan import SheetScan, count_si

READ = 1 << 20
MARGIN = 1 << 16           # SheetScan measures a row at 1 MB reads; stay well inside its limit
OPEN, CLOSE = b"<sheetData>", b"</sheetData>"

# What an attribute value or a text may hold here, as bytes, so that the one match also proves
# the body well-formed UTF-8 holding only XML characters (no separate decoding pass): attribute
# values printable ASCII without markup or references; texts XML's ASCII characters but `<`
# and `]` (a `]` is let through where no `]>` follows it, so `]]>` never is), and the UTF-8
# encodings of U+0080..U+10FFFF less the surrogates and U+FFFE, U+FFFF (RFC 3629's table).
_VALUE = rb'="[\x20\x21\x23-\x25\x27-\x3b\x3d\x3f-\x7e]*+"'
_UTF8 = (rb"[\xc2-\xdf][\x80-\xbf]|\xe0[\xa0-\xbf][\x80-\xbf]|[\xe1-\xec\xee][\x80-\xbf]{2}"
         rb"|\xed[\x80-\x9f][\x80-\xbf]|\xef(?:[\x80-\xbe][\x80-\xbf]|\xbf[\x80-\xbd])"
         rb"|\xf0[\x90-\xbf][\x80-\xbf]{2}|[\xf1-\xf3][\x80-\xbf]{3}|\xf4[\x80-\x8f][\x80-\xbf]{2}")
_TEXT = rb"(?:[\x09\x0a\x0d\x20-\x3b\x3d-\x5c\x5e-\x7f]++|" + _UTF8 + rb"|\](?!\]>))*+"


def _attrs(names: tuple[bytes, ...]) -> bytes:
    """Optional attributes in this order, each at most once (a duplicate is not this form)."""
    return b"".join(rb"(?: " + name + _VALUE + rb")?+" for name in names)


_ROW_ATTRS = _attrs((b"spans", b"s", b"customFormat", b"ht", b"hidden", b"customHeight",
                     b"outlineLevel", b"collapsed", b"thickTop", b"thickBot", b"ph",
                     b"x14ac:dyDescent"))
_CELL_ATTRS = _attrs((b"s", b"t", b"cm", b"vm", b"ph"))
_CELL_VALUE = (rb"(?:<v>" + _TEXT + rb"</v>|<is><t(?: xml:space=\"preserve\")?+>" + _TEXT
               + rb"</t></is>)")
_ROW = (rb'<row r="([1-9][0-9]{0,6}+)"' + _ROW_ATTRS + rb'(?:/>|>(?:<c r="[A-Z]{1,3}+\1"'
        + _CELL_ATTRS + rb"(?:/>|>" + _CELL_VALUE + rb"?+</c>))*+</row>)")
_BODY = re.compile(rb"(?:" + _ROW + rb")*+")
_NUMBERS = re.compile(rb'<row r="([0-9]++)"')
_ENTITY = re.compile(rb"&(?!(?:amp|lt|gt|quot|apos|#[0-9]{1,7}+|#x[0-9a-fA-F]{1,6}+);)")
_CHARACTER = re.compile(rb"&#(x?)([0-9a-fA-F]++);")
# Outside sheetData: no cell, value, formula or row element (they would count in SheetScan's
# last row), no comment, CDATA or processing instruction that could hide the split.
_INSIDE = re.compile(rb"<(?:[^\s/>!?:]*+:)?(?:c|v|is|f|row|t|sheetData)[\s/>]|<!--|<!\[|<\?")
_STRINGS = re.compile(rb"(?:<si><t(?: xml:space=\"preserve\")?+>" + _TEXT + rb"</t></si>)*+")
_OUTSIDE_STRINGS = re.compile(rb"<(?:[^\s/>!?:]*+:)?si[\s/>]|<!--|<!\[|<\?")
_DECLARATION = re.compile(rb"\A(?:\xef\xbb\xbf)?<\?xml[^<>?]*+\?>")
_ENCODING = re.compile(rb"""encoding\s*=\s*["']\s*utf-?8\s*["']""", re.IGNORECASE)


@dataclass
class Extent:
    last_row: int = 0       # the last <row> seen
    max_row: int = 0        # the last row holding a value
    max_col: int = 0        # the widest column holding a value
    cells: int = 0          # every <c>, as SheetScan counts them


def scan(stream: Any, sheet: str, limits: SheetLimits, check: FileCheck) -> Extent | None:
    """The sheet's extent when it is in the usual form and within the limits, else None."""
    try:
        return _scan(stream, sheet, limits, check)
    except Exception:  # noqa: BLE001 - any damage or refusal: SheetScan decides and says why
        return None


def _scan(stream: Any, sheet: str, limits: SheetLimits, check: FileCheck) -> Extent | None:
    out = Extent()

    def head_end(buf: bytes) -> int:
        at = buf.find(OPEN)
        return at if at < 0 else at + len(OPEN)
    parts = _split(stream, head_end, b"<row ", CLOSE, lambda seg: _rows(seg, out, limits))
    if parts is None or not _plain(parts[0], OPEN, _INSIDE) or _INSIDE.search(parts[1]):
        return None
    # what lies around the rows (the declared dimension, a DOCTYPE, well-formedness): as ever
    SheetScan(sheet, limits, check).run(io.BytesIO(parts[0] + parts[1]))
    return out


def count_strings(stream: Any) -> int | None:
    """The shared strings (`si`) of a part in the usual form, `<si><t>text</t></si>` each,
    as `xlsx` counts them with expat; None for any other form, or damage."""
    count = 0

    def body(seg: bytes) -> bool:
        nonlocal count
        if _STRINGS.fullmatch(seg) is None or not _plain_text(seg):
            return False
        count += seg.count(b"<si>")
        return True
    try:
        parts = _split(stream, lambda buf: buf.find(b"<si>"), b"<si>", b"</sst>", body)
        if parts is None or not _plain(parts[0], b"", _OUTSIDE_STRINGS) or \
                _OUTSIDE_STRINGS.search(parts[1]):
            return None
        if count_si(io.BytesIO(parts[0] + parts[1])) != 0:
            return None
    except Exception:  # noqa: BLE001 - any damage: the expat count decides and says why
        return None
    return count


def _split(stream: Any, head_end: Any, item: bytes, close: bytes, body: Any) -> tuple[
        bytes, bytes] | None:
    """Stream a part: the head (up to `head_end(buffer)`), then the body in whole items (cut
    before the last `item` of each read) checked by `body`, then the tail from the last
    `close`. No item, head or tail may outgrow what `SheetScan` allows a row. The body's bytes
    are proved UTF-8 by the expressions that match it; the head and tail by expat."""
    most = SheetScan.ROW_BYTES - MARGIN
    buf, head = b"", b""
    while chunk := stream.read(READ):
        buf += chunk
        if not head:
            at = head_end(buf)
            if at < 0:
                if len(buf) > most:
                    return None
                continue
            head, buf = buf[:at], buf[at:]
        cut = buf.rfind(item)
        if cut > 0:
            if not body(buf[:cut]):
                return None
            buf = buf[cut:]
        if len(buf) > most:
            return None
    end = buf.rfind(close)
    if not head or end < 0 or not body(buf[:end]):
        return None
    return head, buf[end:]


def _plain(head: bytes, opening: bytes, inside: re.Pattern[bytes]) -> bool:
    """The head holds no element of the body (before its `opening`), and an XML declaration
    that names an encoding names UTF-8."""
    declaration = _DECLARATION.match(head)
    rest = head[declaration.end():] if declaration else head
    if declaration and b"encoding" in declaration[0] and not _ENCODING.search(declaration[0]):
        return False
    return inside.search(rest, 0, len(rest) - len(opening)) is None


def _plain_text(seg: bytes) -> bool:
    """What the body expression lets through but XML forbids: entity references other than
    the five predefined (an undeclared entity), and character references to what is not an
    XML character (some writers spell every Chinese character as one)."""
    if b"&" not in seg:
        return True
    if _ENTITY.search(seg):
        return False
    return b"&#" not in seg or all(_xml_character(int(digits, 16 if hexa else 10))
                                   for hexa, digits in set(_CHARACTER.findall(seg)))


def _xml_character(code: int) -> bool:
    return code in (0x9, 0xA, 0xD) or 0x20 <= code <= 0xD7FF or 0xE000 <= code <= 0xFFFD or \
        0x10000 <= code <= 0x10FFFF


def _rows(seg: bytes, out: Extent, limits: SheetLimits) -> bool:
    """Check whole rows; update the extent. False: not this form, or over a limit."""
    if not seg:
        return True
    if _BODY.fullmatch(seg) is None or not _plain_text(seg):
        return False
    numbers = list(map(int, _NUMBERS.findall(seg)))
    if numbers[0] <= out.last_row or not all(map(lt, numbers, numbers[1:])):
        return False
    out.last_row = numbers[-1]
    out.cells += seg.count(b"<c ")
    if out.last_row > limits.max_rows or out.cells > limits.max_cells:
        return False
    valued = max(seg.rfind(b"><v>"), seg.rfind(b"><is>"))
    if valued >= 0:
        at = seg.rfind(b'<row r="', 0, valued) + 8
        out.max_row = int(seg[at:seg.index(b'"', at)])
    at, widest = 0, out.max_col
    while found := _wider(widest).search(seg, at):
        widest = BYTE_COLUMNS[found[1]]      # KeyError: past XFD, not a column
        if widest > limits.max_columns:
            return False
        at = found.end()
    out.max_col = widest
    return out.max_row * max(widest, 1) <= limits.max_cells


@functools.lru_cache(maxsize=512)
def _wider(col: int) -> re.Pattern[bytes]:
    """A valued cell whose column is right of `col`: longer letters, or the same length and
    greater at the first letter that differs."""
    name = column_name(col).encode()
    alternatives = [b"[A-Z]{%d,3}" % (len(name) + 1)] if len(name) < 3 else []
    for i, letter in enumerate(name):
        if letter != ord("Z"):
            rest = len(name) - i - 1
            alternatives.append(name[:i] + b"[" + bytes([letter + 1]) + b"-Z]"
                                + (b"[A-Z]{%d}" % rest if rest else b""))
    if not alternatives:
        return re.compile(rb"(?!)")
    return re.compile(rb'<c r="(' + b"|".join(alternatives) + rb')[0-9]++"[^>]*+><(?:v|is)>')
