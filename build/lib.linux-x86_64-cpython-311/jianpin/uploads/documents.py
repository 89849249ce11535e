"""Read .docx and .pdf text within bounds. Run through `sandbox.run_limited`, which adds a
memory ceiling and a time limit; the checks here make the common hostile files fail fast with
a clear reason: truncated or renamed files, zip bombs, entity declarations, too many pages."""
from __future__ import annotations

import re
import zipfile
from pathlib import Path
from typing import Any

_DTD = re.compile(rb"<!\s*(DOCTYPE|ENTITY)", re.IGNORECASE)
_ROOT = re.compile(rb"<[A-Za-z_]")
MAX_MEMBERS = 2000
MAX_RATIO = 300
OLE2 = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"


class DocumentError(ValueError):
    """The file cannot be read as a document (format, size or damage)."""


def check_docx(path: Path, max_unzipped: int) -> None:
    """Refuse a .docx that is damaged, not Word, a zip bomb, or declares XML entities."""
    with path.open("rb") as fh:
        head = fh.read(8)
    if not head.startswith(b"PK\x03\x04"):
        what = "PDF 文档" if head.startswith(b"%PDF") else \
            "旧版 Office 文档（.doc），请另存为 .docx" if head.startswith(OLE2) else "无法识别的内容"
        raise DocumentError(f"文件内容是{what}，不是 Word 文档（.docx）")
    try:
        with zipfile.ZipFile(path) as zf:
            infos = zf.infolist()
            if len(infos) > MAX_MEMBERS or sum(i.file_size for i in infos) > max_unzipped:
                raise DocumentError("文件解压后过大，疑似压缩炸弹，已拒绝")
            if "word/document.xml" not in {i.filename for i in infos}:
                raise DocumentError("文件内容不是 Word 文档（.docx）")
            left = max_unzipped
            for info in infos:
                if info.file_size > 1048576 and info.file_size > MAX_RATIO * max(info.compress_size, 1):
                    raise DocumentError("文件压缩比异常，疑似压缩炸弹，已拒绝")
                left = _inflate(zf, info, left, info.filename.endswith((".xml", ".rels")))
    except (zipfile.BadZipFile, EOFError, OSError, NotImplementedError, RuntimeError):
        raise DocumentError("文件已损坏或不完整，无法作为 Word 文档打开") from None


def _inflate(zf: zipfile.ZipFile, info: zipfile.ZipInfo, left: int, xml: bool) -> int:
    """Inflate one member against the budget (declared sizes can lie); refuse a DTD in the
    prolog of an XML part (before its root element)."""
    in_prolog = xml
    with zf.open(info) as fh:
        while chunk := fh.read(1 << 20):
            left -= len(chunk)
            if left < 0:
                raise DocumentError("文件解压后过大，疑似压缩炸弹，已拒绝")
            if in_prolog:
                root = _ROOT.search(chunk)
                if _DTD.search(chunk, 0, root.start() if root else len(chunk)):
                    raise DocumentError("文件含有 XML 实体声明（DOCTYPE/ENTITY），疑似恶意文件，已拒绝")
                in_prolog = root is None
    return left


def read_docx(path: Path, max_unzipped: int = 100 * 1048576) -> dict[str, Any]:
    check_docx(path, max_unzipped)
    import docx

    document = docx.Document(str(path))
    lines = [p.text for p in document.paragraphs]
    for table in document.tables:
        for row in table.rows:
            lines.append(" ".join(cell.text.strip() for cell in row.cells))
    return {"text": "\n".join(lines), "title_hint": document.core_properties.title or "",
            "kind": "docx"}


def read_pdf(path: Path, max_pages: int = 1000) -> dict[str, Any]:
    from pypdf import PdfReader
    from pypdf.errors import PdfReadError

    with path.open("rb") as fh:
        if not fh.read(1024).lstrip().startswith(b"%PDF"):
            raise DocumentError("文件内容不是 PDF 文档")
    try:
        reader = PdfReader(str(path))
        pages = len(reader.pages)
        if pages > max_pages:
            raise DocumentError(f"PDF 页数过多（{pages} 页，上限 {max_pages} 页），请拆分后上传")
        text = "\n".join(page.extract_text() or "" for page in reader.pages)
        title = (reader.metadata.title if reader.metadata else None) or ""
    except PdfReadError as exc:
        raise DocumentError(f"无法读取 PDF 文件：{exc}") from None
    if not text.strip():
        raise DocumentError("PDF 没有文字层（扫描件需先做文字识别）")
    return {"text": text, "title_hint": str(title), "kind": "pdf"}
