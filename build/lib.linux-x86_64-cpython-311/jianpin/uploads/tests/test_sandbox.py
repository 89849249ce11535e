"""Document parsing in a child process: memory ceiling, time limit, and clear errors."""
from __future__ import annotations

from pathlib import Path

import pytest

from jianpin.library.text.readers import ReadError, read_upload
from jianpin.uploads.limits import DocumentLimits
from jianpin.uploads.sandbox import SandboxError, run_limited
from jianpin.uploads.tests import corpus

LIMITS = DocumentLimits(max_file_bytes=5 * 1048576, max_unzipped_bytes=2 * 1048576,
                        max_pages=3, seconds=60, memory_bytes=1024 * 1048576)


def test_a_parser_asking_for_too_much_memory_is_stopped(tmp_path: Path) -> None:
    with pytest.raises(SandboxError) as exc:
        run_limited("jianpin.uploads.tests.corpus:hog", tmp_path, {}, seconds=60,
                    memory_bytes=512 * 1048576)
    assert (exc.value.code, exc.value.message) == (
        "too_large", "解析所需内存超过上限（512 MB），文件过大或疑似压缩炸弹，已拒绝")


def test_a_parser_that_never_ends_is_stopped(tmp_path: Path) -> None:
    with pytest.raises(SandboxError) as exc:
        run_limited("jianpin.uploads.tests.corpus:spin", tmp_path, {}, seconds=2,
                    memory_bytes=512 * 1048576)
    assert (exc.value.code, exc.value.message) == (
        "too_slow", "解析超过 2 秒仍未完成，已停止（文件过大或结构异常）")


@pytest.mark.parametrize(("name", "data", "message"), [
    ("xml.docx", corpus.docx_xml_bomb(3), "文件解压后过大，疑似压缩炸弹，已拒绝"),
    ("ratio.docx", corpus.docx_bytes("x", prolog='<?xml version="1.0"?>' + " " * 1_500_000),
     "文件压缩比异常，疑似压缩炸弹，已拒绝"),
    ("entity.docx", corpus.docx_bytes("x", prolog=corpus.ENTITY_PROLOG),
     "文件含有 XML 实体声明（DOCTYPE/ENTITY），疑似恶意文件，已拒绝"),
    ("cut.docx", corpus.docx_bytes("正文")[:300], "文件已损坏或不完整，无法作为 Word 文档打开"),
    ("pdf.docx", corpus.pdf_bytes(1), "文件内容是PDF 文档，不是 Word 文档（.docx）"),
    ("sheet.docx", corpus.workbook(corpus.sheet("")), "文件内容不是 Word 文档（.docx）"),
    ("long.pdf", corpus.pdf_bytes(5), "PDF 页数过多（5 页，上限 3 页），请拆分后上传"),
    ("docx.pdf", corpus.docx_bytes("x"), "文件内容不是 PDF 文档"),
    ("big.txt", b"x" * (5 * 1048576 + 1), "文件过大（5 MB），上限为 5 MB"),
])
def test_hostile_document_gives_a_clear_error(name: str, data: bytes, message: str) -> None:
    with pytest.raises(ReadError) as exc:
        read_upload(data, name, LIMITS)
    assert str(exc.value) == message


def test_pdf_compression_bomb_ends_cleanly() -> None:
    with pytest.raises(ReadError) as exc:
        read_upload(corpus.pdf_compression_bomb(300), "bomb.pdf",
                    DocumentLimits(seconds=60, memory_bytes=768 * 1048576))
    # pypdf stops inflating at its own output limit, or the ceiling stops the child
    assert str(exc.value) in {"PDF 没有文字层（扫描件需先做文字识别）",
                              "解析所需内存超过上限（768 MB），文件过大或疑似压缩炸弹，已拒绝"}


def test_good_documents_read_in_the_child() -> None:
    doc = read_upload(corpus.docx_bytes("关于做好监测工作的通知\n各乡镇："), "a.docx", LIMITS)
    pdf = read_upload(corpus.pdf_bytes(2), "b.pdf", LIMITS)
    assert (doc.text, doc.kind) == ("关于做好监测工作的通知\n各乡镇：", "docx")
    assert (pdf.text, pdf.kind) == ("Poverty alleviation notice\nPoverty alleviation notice", "pdf")
