"""Pages over HTTP: public reading, counters and rankings, downloads, editing, export."""
from __future__ import annotations

import io

import openpyxl
import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from jianpin.audit.models import AuditEvent
from jianpin.conftest import PASSWORD
from jianpin.library import queries
from jianpin.library.models import Document, SearchLog, Target
from jianpin.library.search import SearchParams, search
from jianpin.library.tests.factories import SAMPLES, SEEDS, ingest_seeds

pytestmark = pytest.mark.django_db


@pytest.fixture
def docs():  # type: ignore[no-untyped-def]
    return ingest_seeds()


def test_library_is_public_to_read(client, docs) -> None:  # type: ignore[no-untyped-def]
    doc = docs["004"]
    for url in ["/library/", "/library/?q=第一产业增加值&doc_type=通知", f"/library/doc/{doc.pk}/",
                "/library/regions/", "/library/regions/522300000000/", "/library/targets/",
                "/library/rankings/"]:
        assert client.get(url).status_code == 200, url
    page = client.get("/library/?q=第一产业增加值").content.decode()
    assert "共 1 条结果" in page and "<mark>第一产业增加值</mark>" in page
    assert list(SearchLog.objects.values_list("query", "results")) == [("第一产业增加值", 1)] * 2


def test_detail_counts_views_and_shows_targets_and_related(client, docs) -> None:  # type: ignore[no-untyped-def]
    doc = docs["004"]
    client.get(f"/library/doc/{doc.pk}/")
    page = client.get(f"/library/doc/{doc.pk}/").content.decode()
    doc.refresh_from_db()
    assert doc.view_count == 2
    assert "州党发〔2021〕9号" in page and "<td class=\"num\">16000</td>" in page
    related = queries.related_documents(doc)
    assert len(related) == 4 and doc not in related
    assert [d.pk for d, n in queries.ranking("view", "week")] == [doc.pk]
    assert [(d.pk, n) for d, n in queries.ranking("view", "all")] == [(doc.pk, 2)]


def test_downloads_original_and_text(client, docs) -> None:  # type: ignore[no-untyped-def]
    doc = docs["003"]
    original = client.get(f"/library/doc/{doc.pk}/original/")
    assert original.content == SEEDS[3].read_bytes()
    assert "003_f44302caebce7fb6.txt" in original["Content-Disposition"]
    text = client.get(f"/library/doc/{doc.pk}/text/").content.decode()
    assert text.startswith("新时期精准扶贫精准脱贫三年攻坚实施方案\n日期：2016-12-28\n\n为深入贯彻落实")
    assert "字号" not in text
    doc.refresh_from_db()
    assert doc.download_count == 2
    assert [(d.pk, n) for d, n in queries.ranking("download", "month")] == [(doc.pk, 2)]


def test_hot_words_from_searches_and_documents(client, docs) -> None:  # type: ignore[no-untyped-def]
    for q in ["乡村振兴", "乡村振兴", "易地扶贫搬迁"]:
        client.get("/library/", {"q": q})
    assert queries.hot_search_words() == [("乡村振兴", 2), ("易地扶贫搬迁", 1)]
    assert queries.hot_document_words(limit=3) == [("脱贫", 5), ("帮扶", 4), ("扶贫", 4)]


def test_targets_table_and_excel_export(client, docs) -> None:  # type: ignore[no-untyped-def]
    page = client.get("/library/targets/", {"indicator": "可支配收入"}).content.decode()
    # The goal and its growth rate, the two identification lines (4000 and 8000 yuan), and the two
    # exit goals of the three-year plan, each a share with its amount written after it (60%9820元,
    # 45%7365元).
    assert "共 8 条" in page
    response = client.get("/library/targets.xlsx", {"indicator": "可支配收入"})
    sheet = openpyxl.load_workbook(io.BytesIO(response.content)).active
    rows = list(sheet.iter_rows(values_only=True))
    assert rows[0][:6] == ("年份/时期", "对象", "指标", "数值", "单位", "限定")
    goal = next(r for r in rows[1:] if r[0] == "2025" and r[3] == 16000)
    assert goal[:6] == ("2025", None, "农村常住居民可支配收入", 16000, "元", "左右")
    assert ("2025", "农村常住居民可支配收入", "年均增长", 8, "%", "左右") in [r[:6] for r in rows]
    assert goal[10] == "522300000000"
    # 不低于 before the share bounds the amount written after it too.
    assert ("2018", None, "均可支配收入不低于当年全省农村居民人均可支配收入", 7365, "元", "不低于") in [
        r[:6] for r in rows]
    assert len(rows) == 9
    assert AuditEvent.objects.filter(action="library.targets.export").count() == 1


def test_editor_edits_metadata_and_search_follows(client, editor, docs) -> None:  # type: ignore[no-untyped-def]
    doc = docs["003"]
    client.login(username="editor", password=PASSWORD)
    response = client.post(f"/library/doc/{doc.pk}/edit/", {
        "title": doc.title, "issuer": "中共五华县委 五华县人民政府", "doc_number": "华发〔2016〕20号",
        "issued_on": "2016-12-20", "published_on": "2016-12-28", "doc_type": "方案",
        "category": "policy", "status": "有效", "publisher": "", "region_code": "441424000000",
        "subject_codes": doc.subjects.split(),
    })
    assert response.status_code == 302
    doc.refresh_from_db()
    assert (doc.issuer, doc.doc_number, doc.date.isoformat()) == (
        "中共五华县委 五华县人民政府", "华发〔2016〕20号", "2016-12-20")
    event = AuditEvent.objects.get(action="library.document.update")
    assert event.diff == {"issuer": ["", "中共五华县委 五华县人民政府"],
                          "doc_number": ["", "华发〔2016〕20号"],
                          "issued_on": [None, "2016-12-20"]}
    hits = search(SearchParams(q="issuer:五华县人民政府")).hits
    assert [h.document.pk for h in hits] == [doc.pk]


def test_other_roles_cannot_edit_and_nothing_changes(client, cadre, docs) -> None:  # type: ignore[no-untyped-def]
    doc = docs["003"]
    assert client.get(f"/library/doc/{doc.pk}/edit/").status_code == 302  # to login
    client.login(username="cadre", password=PASSWORD)
    assert client.post(f"/library/doc/{doc.pk}/edit/", {"title": "改"}).status_code == 403
    assert client.post(f"/library/doc/{doc.pk}/delete/").status_code == 403
    assert client.post("/library/upload/", {}).status_code == 403
    doc.refresh_from_db()
    assert doc.title == "新时期精准扶贫精准脱贫三年攻坚实施方案"
    assert Document.objects.count() == 5
    assert not AuditEvent.objects.exclude(action="library.document.ingest").exists()


def test_editor_uploads_and_deletes(client, editor, settings,  # type: ignore[no-untyped-def]
                                    django_capture_on_commit_callbacks) -> None:
    settings.JOBS_INLINE = True
    client.login(username="editor", password=PASSWORD)
    files = [SimpleUploadedFile(p.name, p.read_bytes())
             for p in [SAMPLES / "s08_notice.docx", SAMPLES / "s09_notice.pdf", SEEDS[0]]]
    files.append(SimpleUploadedFile("again.txt", SEEDS[0].read_bytes()))
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post("/library/upload/", {"files": files})
    assert response.status_code == 302
    page = client.get(response["Location"]).content.decode()
    assert page.count("已导入") == 3 and page.count("重复") >= 1
    assert Document.objects.count() == 3
    doc = Document.objects.get(source_name="s09_notice.pdf")
    assert Target.objects.filter(document=doc).count() == 2
    assert client.post(f"/library/doc/{doc.pk}/delete/").status_code == 302
    assert not Document.objects.filter(pk=doc.pk).exists()
    assert not Target.objects.filter(document_id=doc.pk).exists()
    assert search(SearchParams(q="洛扶组")).total == 0
    assert AuditEvent.objects.filter(action="library.document.delete").count() == 1


def test_region_browse_and_timeline(client, docs) -> None:  # type: ignore[no-untyped-def]
    provinces = {c.region.name: c.count for c in queries.region_children(None) if c.count}
    assert provinces == {"河南省": 1, "广东省": 1, "贵州省": 3}
    guizhou = {c.region.name: c.count for c in queries.region_children("520000000000") if c.count}
    assert guizhou == {"黔西南布依族苗族自治州": 1}
    years = [(y, [d.source_name[:3] for d in ds]) for y, ds in queries.timeline("520000000000")]
    assert years == [(2016, ["002"]), (2018, ["000"]), (2021, ["004"])]
    assert client.get("/library/regions/999999999999/").status_code == 404
