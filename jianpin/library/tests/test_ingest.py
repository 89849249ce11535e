"""Ingestion: every seed through the command line with exact metadata, duplicates, uploads."""
from __future__ import annotations

import io
import json
from pathlib import Path

import pytest
from django.core.management import call_command

from jianpin.audit.models import AuditEvent
from jianpin.kernel.errors import PermissionDenied
from jianpin.library.actions import do_ingest
from jianpin.library.models import Document, DocumentIndex, Target
from jianpin.library.tests.factories import SAMPLES, SEEDS, ingest_file

pytestmark = pytest.mark.django_db


def run(*args: str) -> tuple[str, str]:
    out, err = io.StringIO(), io.StringIO()
    call_command("library", *args, stdout=out, stderr=err)
    return out.getvalue(), err.getvalue()


def test_every_seed_ingests_with_the_json_contract() -> None:
    out, err = run("ingest", *[str(p) for p in SEEDS], "--json")
    rows = [json.loads(line) for line in out.splitlines()]
    assert err.strip() == "导入 5 篇，重复 0 篇，失败 0 篇"
    assert [list(r) for r in rows] == [[
        "source", "title", "issuer", "doc_number", "issued_on", "published_on", "region_code",
        "region_name", "doc_type", "category", "targets"]] * 5
    summary = [(r["source"], r["issuer"], r["doc_number"], r["issued_on"], r["published_on"],
                r["region_code"], r["doc_type"], r["category"], len(r["targets"])) for r in rows]
    assert summary == [
        ("000_6d79b842d50ac709.txt", "贵州省扶贫开发领导小组", None, "2018-12-24", "2019-02-16",
         "520000000000", "通知", "policy", 4),
        ("001_635fce03901d813c.txt", None, None, None, "2020-02-20", "410327000000", "方案",
         "policy", 7),
        ("002_64ff40d2f14cdd3e.txt", None, None, None, "2016-06-19", "520000000000", "新闻",
         "news", 75),
        ("003_f44302caebce7fb6.txt", None, None, None, "2016-12-28", "441424000000", "方案",
         "policy", 57),
        ("004_aa2f17844682ebcc.txt", "中共黔西南州委 黔西南州人民政府", "州党发〔2021〕9号",
         "2021-03-25", None, "522300000000", "通知", "policy", 5),
    ]
    assert rows[4]["targets"][2] == {
        "year": "2025", "subject": None, "indicator": "农村常住居民可支配收入", "value": 16000,
        "unit": "元", "qualifier": "左右",
        "sentence": ("到2025年,第一产业增加值318亿元左右,年均增速6%左右,"
                     "农村常住居民可支配收入16000元左右,年均增长8%左右"), "kind": "goal",
        "region_code": "522300000000"}
    assert Document.objects.count() == DocumentIndex.objects.count() == 5
    assert Target.objects.count() == 148
    doc = Document.objects.get(source_name="004_aa2f17844682ebcc.txt")
    assert (doc.date.isoformat(), doc.year, doc.region_id, doc.status) == (
        "2021-03-25", 2021, "522300000000", "有效")
    assert doc.original.read() == SEEDS[4].read_bytes()
    assert AuditEvent.objects.filter(action="library.document.ingest").count() == 5


def test_same_text_is_a_duplicate() -> None:
    first = ingest_file(SEEDS[1])
    padded = SEEDS[1].read_bytes().replace("一、总体要求".encode(), "一、总体要求  ".encode())
    again = do_ingest(first.document.created_by or _system(), "copy.txt", padded)
    assert (first.created, again.created, again.document.pk) == (True, False, first.document.pk)
    out, err = run("ingest", str(SEEDS[1]))
    assert out.strip() == "导入 0 篇，重复 1 篇，失败 0 篇"
    assert Document.objects.count() == 1


def _system():  # type: ignore[no-untyped-def]
    from jianpin.library.actions import SystemActor

    return SystemActor()


def test_directory_ingest_reads_every_format() -> None:
    out, _ = run("ingest", str(SAMPLES))
    assert out.strip() == "导入 9 篇，重复 0 篇，失败 0 篇"
    numbers = dict(Document.objects.values_list("source_name", "doc_number"))
    assert numbers["s08_notice.docx"] == "宜政〔2021〕7号"
    assert numbers["s09_notice.pdf"] == "洛扶组〔2019〕2号"
    assert numbers["s01_notice.html"] == "州府办发〔2022〕15号"
    assert Document.objects.get(source_name="s04_measures.txt").status == "废止"


def test_unreadable_file_fails_cleanly(tmp_path) -> None:  # type: ignore[no-untyped-def]
    bad = tmp_path / "bad.docx"
    bad.write_bytes(b"PK\x03\x04 not really")
    from django.core.management.base import CommandError

    with pytest.raises(CommandError):
        run("ingest", str(bad))
    assert Document.objects.count() == 0


def test_only_library_editors_ingest(cadre, editor) -> None:  # type: ignore[no-untyped-def]
    with pytest.raises(PermissionDenied):
        do_ingest(cadre, "a.txt", SEEDS[0].read_bytes())
    assert Document.objects.count() == 0
    assert do_ingest(editor, "a.txt", SEEDS[0].read_bytes()).created
    event = AuditEvent.objects.get(action="library.document.ingest")
    assert (event.actor, event.region_code) == (editor, "520000000000")


SHARED_SEEDS = Path(__file__).resolve().parents[3].parent / "shared" / "seeds"


@pytest.mark.skipif(not SHARED_SEEDS.is_dir(),
                    reason="the shared seed folder is not beside the repository")
def test_the_shared_seed_folder_ingests_cleanly() -> None:
    out, err = run("ingest", str(SHARED_SEEDS), "--json")
    files = sorted(p.name for p in SHARED_SEEDS.iterdir() if p.suffix in (".txt", ".html", ".docx", ".pdf"))
    assert [json.loads(line)["source"] for line in out.splitlines()] == files
    assert err.strip() == f"导入 {len(files)} 篇，重复 0 篇，失败 0 篇"
