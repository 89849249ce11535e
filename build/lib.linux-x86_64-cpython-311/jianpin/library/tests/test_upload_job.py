"""Library upload: read by a background job under limits; a bad file gets its own error and the
rest of the upload is kept."""
from __future__ import annotations

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from jianpin.audit.models import AuditEvent
from jianpin.conftest import PASSWORD
from jianpin.jobs.models import Job, JobStatus
from jianpin.library.jobs import incoming_dir
from jianpin.library.models import Document
from jianpin.uploads.tests import corpus

pytestmark = pytest.mark.django_db
GOOD = "关于做好2024年防止返贫动态监测帮扶工作的通知\n各乡镇人民政府：\n现将有关事项通知如下。"


@pytest.fixture(autouse=True)
def jobs_inline(settings, tmp_path):  # type: ignore[no-untyped-def]
    settings.JOBS_INLINE = True
    settings.DATA_DIR = tmp_path / "data"
    settings.UPLOAD_LIMITS = {**settings.UPLOAD_LIMITS, "doc_max_file_mb": 1,
                              "doc_max_unzipped_mb": 2, "doc_max_pages": 3}


def _upload(client, files, capture):  # type: ignore[no-untyped-def]
    with capture(execute=True):
        resp = client.post("/library/upload/", {"files": files})
    assert resp.status_code == 302
    return client.get(resp["Location"])


HOSTILE = {
    "xml-bomb.docx": (corpus.docx_xml_bomb(3), "xml-bomb.docx：文件解压后过大，疑似压缩炸弹，已拒绝"),
    "entity.docx": (corpus.docx_bytes("x", prolog=corpus.ENTITY_PROLOG),
                    "entity.docx：文件含有 XML 实体声明（DOCTYPE/ENTITY），疑似恶意文件，已拒绝"),
    "cut.docx": (corpus.docx_bytes(GOOD)[:300], "cut.docx：文件已损坏或不完整，无法作为 Word 文档打开"),
    "renamed.docx": (corpus.pdf_bytes(1), "renamed.docx：文件内容是PDF 文档，不是 Word 文档（.docx）"),
    "sheet.docx": (corpus.workbook(corpus.sheet("")), "sheet.docx：文件内容不是 Word 文档（.docx）"),
    "long.pdf": (corpus.pdf_bytes(5), "long.pdf：PDF 页数过多（5 页，上限 3 页），请拆分后上传"),
    "big.txt": (b"x" * (1048576 + 1), "big.txt：文件过大（上限 1 MB）"),
    "bomb.xlsx": (corpus.zip_bomb(), "bomb.xlsx：不支持的文件类型：.xlsx（支持 .txt .html .htm .docx .pdf）"),
}


def test_hostile_files_fail_one_by_one_and_the_rest_is_kept(client, editor,  # type: ignore[no-untyped-def]
                                                             django_capture_on_commit_callbacks):
    assert client.login(username="editor", password=PASSWORD)
    files = [SimpleUploadedFile(name, data) for name, (data, _) in HOSTILE.items()]
    files.insert(3, SimpleUploadedFile("good.docx", corpus.docx_bytes(GOOD)))
    page = _upload(client, files, django_capture_on_commit_callbacks)
    assert page.status_code == 200
    job = Job.objects.get(kind="library.ingest")
    assert job.status == JobStatus.DONE
    errors = {r["name"]: r["error"] for r in job.result["files"] if "error" in r}
    assert errors == {name: message for name, (_, message) in HOSTILE.items()}
    doc = Document.objects.get()
    assert (doc.title, doc.source_name) == ("关于做好2024年防止返贫动态监测帮扶工作的通知", "good.docx")
    text = page.content.decode()
    assert text.count("失败") == len(HOSTILE) and "已导入" in text and doc.title in text
    assert AuditEvent.objects.filter(action="library.document.ingest").count() == 1
    assert job.owner_id == editor.pk
    assert list(incoming_dir().iterdir()) == []     # the waiting bytes are removed


def test_another_users_job_is_not_shown(client, editor, django_capture_on_commit_callbacks):  # type: ignore[no-untyped-def]
    from jianpin.accounts.models import Role
    from jianpin.conftest import make_user

    assert client.login(username="editor", password=PASSWORD)
    _upload(client, [SimpleUploadedFile("good.docx", corpus.docx_bytes(GOOD))],
            django_capture_on_commit_callbacks)
    job = Job.objects.get(kind="library.ingest")
    make_user("editor2", Role.LIBRARY_EDITOR, None)
    client.logout()
    assert client.login(username="editor2", password=PASSWORD)
    assert client.get(f"/library/upload/?job={job.pk}").status_code == 404


def test_a_parser_crash_is_one_files_error(client, editor, monkeypatch,  # type: ignore[no-untyped-def]
                                           django_capture_on_commit_callbacks):
    from jianpin.library import actions

    real = actions.extract_metadata

    def broken(text, hint=""):  # type: ignore[no-untyped-def]
        if "崩溃" in text:
            raise RuntimeError("boom")
        return real(text, hint)
    monkeypatch.setattr(actions, "extract_metadata", broken)
    assert client.login(username="editor", password=PASSWORD)
    _upload(client, [SimpleUploadedFile("a.txt", "崩溃".encode()),
                     SimpleUploadedFile("b.docx", corpus.docx_bytes(GOOD))],
            django_capture_on_commit_callbacks)
    job = Job.objects.get(kind="library.ingest")
    assert [r.get("error") for r in job.result["files"]] == ["a.txt：文件无法处理（内部错误，已记录）", None]
    assert Document.objects.count() == 1
