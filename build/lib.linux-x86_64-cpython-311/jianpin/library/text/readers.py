"""Read .txt, .html, .docx and .pdf (text layer) files into plain text.

Every reader returns text with one paragraph per line plus, where the format has one, a title
hint (HTML <title>/<h1>, the docx core title). Hostile files fail with ReadError, never hang:
sizes are bounded before parsing, and `read_upload` parses Word, PDF and large HTML files in a
child process under a memory ceiling and a time limit (`jianpin.uploads.sandbox`).
"""
from __future__ import annotations

import re
import tempfile
from collections.abc import Callable
from dataclasses import dataclass
from html.parser import HTMLParser
from pathlib import Path
from typing import Any

from jianpin.kernel.errors import DomainError
from jianpin.uploads import documents, sandbox
from jianpin.uploads.limits import DocumentLimits

MAX_BYTES = 50 * 1024 * 1024
MAX_UNZIPPED = 100 * 1024 * 1024
MAX_PDF_PAGES = 1000
SMALL_HTML = 1024 * 1024
EXTENSIONS = (".txt", ".html", ".htm", ".docx", ".pdf")


class ReadError(ValueError):
    """The file cannot be read as a document (format, size or damage)."""


@dataclass
class RawText:
    text: str
    title_hint: str = ""
    kind: str = "txt"


def decode(data: bytes) -> str:
    """Bytes as text: UTF-8 (with or without BOM), else GB18030 (covers GBK/GB2312)."""
    for encoding in ("utf-8-sig", "gb18030"):
        try:
            return data.decode(encoding)
        except UnicodeDecodeError:
            continue
    return data.decode("utf-8", errors="replace")


_BLOCK = {"p", "div", "br", "li", "tr", "h1", "h2", "h3", "h4", "h5", "h6", "table", "section",
          "article", "ul", "ol", "dd", "dt", "blockquote", "pre", "td", "th", "title", "hr"}
_SKIP = {"script", "style", "noscript", "nav", "header", "footer", "aside", "form", "select",
         "button", "iframe", "svg", "template"}


class _HtmlText(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.parts: list[str] = []
        self.skip = 0
        self.title = ""
        self.h1 = ""
        self._in: str | None = None

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag in _SKIP:
            self.skip += 1
        if tag in _BLOCK:
            self.parts.append("\n")
        if tag in ("title", "h1"):
            self._in = tag

    def handle_endtag(self, tag: str) -> None:
        if tag in _SKIP and self.skip:
            self.skip -= 1
        if tag in _BLOCK:
            self.parts.append("\n")
        if tag == self._in:
            self._in = None

    def handle_data(self, data: str) -> None:
        if self._in == "title" and not self.title:
            self.title = data.strip()
            return
        if self.skip:
            return
        if self._in == "h1" and not self.h1:
            self.h1 = data.strip()
        self.parts.append(data)


def read_html(data: bytes) -> RawText:
    head = data[:2048].decode("ascii", errors="ignore")
    charset = re.search(r"charset=[\"']?([\w-]+)", head, re.I)
    text = None
    if charset and charset.group(1).lower() in ("gbk", "gb2312", "gb18030"):
        text = data.decode("gb18030", errors="replace")
    parser = _HtmlText()
    parser.feed(text if text is not None else decode(data))
    parser.close()
    lines = [re.sub(r"\s+", " ", ln).strip() for ln in "".join(parser.parts).split("\n")]
    title = parser.h1 or re.split(r"\s*[-_|–—]\s*", parser.title)[0]
    return RawText("\n".join(ln for ln in lines if ln), title, "html")


def read_docx(data: bytes, max_unzipped: int = MAX_UNZIPPED) -> RawText:
    """In this process: for trusted files and tests. Uploads go through `read_upload`."""
    with tempfile.TemporaryDirectory(prefix="doc-") as folder:
        path = Path(folder) / "in.docx"
        path.write_bytes(data)
        return _from(lambda: documents.read_docx(path, max_unzipped))


def read_pdf(data: bytes, max_pages: int = MAX_PDF_PAGES) -> RawText:
    with tempfile.TemporaryDirectory(prefix="doc-") as folder:
        path = Path(folder) / "in.pdf"
        path.write_bytes(data)
        return _from(lambda: documents.read_pdf(path, max_pages))


def _from(read: Callable[[], dict[str, Any]]) -> RawText:
    try:
        return RawText(**read())
    except ValueError as exc:
        raise ReadError(str(exc)) from None
    except Exception as exc:  # noqa: BLE001 - a damaged file may break a parser in any way
        raise ReadError(f"文件已损坏或格式异常（{type(exc).__name__}）") from None


def html_path(path: Path) -> dict[str, Any]:
    """The sandbox entry for large HTML files."""
    raw = read_html(path.read_bytes())
    return {"text": raw.text, "title_hint": raw.title_hint, "kind": raw.kind}


def _suffix(filename: str) -> str:
    suffix = Path(filename).suffix.lower()
    if suffix not in EXTENSIONS:
        raise ReadError(f"不支持的文件类型：{suffix or '无扩展名'}（支持 {' '.join(EXTENSIONS)}）")
    return suffix


def read_bytes(data: bytes, filename: str) -> RawText:
    """Read a document's bytes in this process, choosing the reader by the extension."""
    if len(data) > MAX_BYTES:
        raise ReadError("文件过大")
    suffix = _suffix(filename)
    if suffix in (".html", ".htm"):
        return read_html(data)
    if suffix == ".docx":
        return read_docx(data)
    if suffix == ".pdf":
        return read_pdf(data)
    return RawText(decode(data), "", "txt")


def read_upload(data: bytes, filename: str, limits: DocumentLimits) -> RawText:
    """Read an uploaded document: Word, PDF and large HTML in a child process under the
    memory ceiling and time limit of `limits`."""
    if len(data) > limits.max_file_bytes:
        raise ReadError(f"文件过大（{len(data) // 1048576} MB），上限为 "
                        f"{limits.max_file_bytes // 1048576} MB")
    suffix = _suffix(filename)
    if suffix == ".txt" or (suffix != ".docx" and suffix != ".pdf" and len(data) < SMALL_HTML):
        return read_bytes(data, filename)
    target, options = {
        ".docx": ("jianpin.uploads.documents:read_docx", {"max_unzipped": limits.max_unzipped_bytes}),
        ".pdf": ("jianpin.uploads.documents:read_pdf", {"max_pages": limits.max_pages}),
    }.get(suffix, ("jianpin.library.text.readers:html_path", {}))
    with tempfile.TemporaryDirectory(prefix="doc-") as folder:
        path = Path(folder) / f"in{suffix}"
        path.write_bytes(data)
        try:
            out = sandbox.run_limited(target, path, options, seconds=limits.seconds,
                                      memory_bytes=limits.memory_bytes)
        except DomainError as exc:
            raise ReadError(exc.message) from None
    return RawText(str(out["text"]), str(out["title_hint"]), str(out["kind"]))
def read_path(path: Path) -> RawText:
    if path.stat().st_size > MAX_BYTES:
        raise ReadError("文件过大")
    return read_bytes(path.read_bytes(), path.name)
