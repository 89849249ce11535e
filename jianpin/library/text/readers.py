"""Read .txt, .html, .docx and .pdf (text layer) files into plain text.

Every reader returns text with one paragraph per line plus, where the format has one, a title
hint (HTML <title>/<h1>, the docx core title). Hostile files fail with ReadError, never hang:
sizes are bounded before parsing.
"""
from __future__ import annotations

import io
import re
import zipfile
from dataclasses import dataclass
from html.parser import HTMLParser
from pathlib import Path

MAX_BYTES = 50 * 1024 * 1024
MAX_UNZIPPED = 200 * 1024 * 1024
MAX_PDF_PAGES = 2000
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


def read_docx(data: bytes) -> RawText:
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            if sum(info.file_size for info in archive.infolist()) > MAX_UNZIPPED:
                raise ReadError("文件解压后过大")
        import docx

        document = docx.Document(io.BytesIO(data))
    except (zipfile.BadZipFile, KeyError, ValueError) as exc:
        if isinstance(exc, ReadError):
            raise
        raise ReadError(f"无法读取 Word 文件：{exc}") from None
    lines = [p.text for p in document.paragraphs]
    for table in document.tables:
        for row in table.rows:
            lines.append(" ".join(cell.text.strip() for cell in row.cells))
    title = document.core_properties.title or ""
    return RawText("\n".join(lines), title, "docx")


def read_pdf(data: bytes) -> RawText:
    from pypdf import PdfReader
    from pypdf.errors import PdfReadError

    try:
        reader = PdfReader(io.BytesIO(data))
        if len(reader.pages) > MAX_PDF_PAGES:
            raise ReadError("PDF 页数过多")
        pages = [page.extract_text() or "" for page in reader.pages]
        title = (reader.metadata.title if reader.metadata else None) or ""
    except (PdfReadError, ValueError, KeyError) as exc:
        if isinstance(exc, ReadError):
            raise
        raise ReadError(f"无法读取 PDF 文件：{exc}") from None
    text = "\n".join(pages)
    if not text.strip():
        raise ReadError("PDF 没有文字层（扫描件需先做文字识别）")
    return RawText(text, str(title), "pdf")


def read_bytes(data: bytes, filename: str) -> RawText:
    """Read a document's bytes, choosing the reader by the file name's extension."""
    if len(data) > MAX_BYTES:
        raise ReadError("文件过大")
    suffix = Path(filename).suffix.lower()
    if suffix in (".html", ".htm"):
        return read_html(data)
    if suffix == ".docx":
        return read_docx(data)
    if suffix == ".pdf":
        return read_pdf(data)
    if suffix == ".txt":
        return RawText(decode(data), "", "txt")
    raise ReadError(f"不支持的文件类型：{suffix or '无扩展名'}（支持 {' '.join(EXTENSIONS)}）")


def read_path(path: Path) -> RawText:
    if path.stat().st_size > MAX_BYTES:
        raise ReadError("文件过大")
    return read_bytes(path.read_bytes(), path.name)
