"""Keywords name a document's topics: no function words (关于, 印发, 通知), no document-number
代字 (黔府, 洛扶组), no article numbers; `jianpin library keywords` recomputes stored ones."""
from __future__ import annotations

import json
from io import StringIO

import pytest
from django.core.management import call_command

from jianpin.accounts.models import Role
from jianpin.audit.models import AuditEvent
from jianpin.conftest import make_user
from jianpin.kernel.errors import PermissionDenied
from jianpin.library.actions import do_rekeyword
from jianpin.library.models import Document
from jianpin.library.tests.factories import SAMPLES, ingest_file
from jianpin.library.text.keywords import keywords, stop_words


def test_keywords_of_a_notice_leave_out_function_words() -> None:
    title = "洛阳市扶贫开发领导小组关于印发2019年脱贫攻坚工作要点的通知"
    body = ("洛扶组〔2019〕2号 各县（市、区）扶贫开发领导小组： 现将《2019年脱贫攻坚工作要点》印发给你们，"
            "请认真落实。 2019年全市减贫3万人以上，120个贫困村退出。")
    # Before: 扶贫开发领导小组 脱贫攻坚 洛阳市 要点 关于 贫困村 减贫 洛扶组 认真落实 现将 全市 退出
    assert keywords(title, body) == "扶贫开发领导小组 脱贫攻坚 要点 洛阳市 贫困村 减贫 退出"


def test_article_numbers_and_damaged_document_numbers_are_not_keywords() -> None:
    words = keywords("梅州市扶贫开发资金管理办法",
                     "梅市府〔2015〕8号 第一条 为规范扶贫开发资金管理，结合本市实际，制定本办法。"
                     "第二条 市财政每年安排扶贫开发资金不低于5000万元，到2016年增长到6000万元以上。"
                     "第三条 本办法自发布之日起施行。黔府发2019 6号").split()
    assert words == ["扶贫开发", "梅州市", "资金", "管理", "规范", "财政", "低于", "安排", "每年", "实际",
                     "发布", "增长"]  # no 市府, 黔府, 第一条, 万元以上, 之日起, 施行


@pytest.mark.django_db
def test_stored_keywords_hold_no_stop_word() -> None:
    docs = [ingest_file(p).document for p in sorted(SAMPLES.iterdir())]
    stop = stop_words()
    assert [w for d in docs for w in d.keywords.split() if w in stop] == []
    assert {"关于", "印发", "通知", "如下", "现将"} <= stop
    assert Document.objects.get(source_name="s08_notice.docx").keywords == (
        "帮扶 宜阳县 防止返贫 监测 宜政 巩固拓展 监测对象 脱贫攻坚 落实率 成果")


@pytest.mark.django_db
def test_keywords_command_recomputes_stored_keywords_once(editor) -> None:  # type: ignore[no-untyped-def]
    doc = ingest_file(SAMPLES / "s09_notice.pdf").document
    new = doc.keywords
    old = "扶贫开发领导小组 脱贫攻坚 洛阳市 要点 关于 贫困村 减贫 洛扶组 认真落实 现将 全市 退出"
    Document.objects.filter(pk=doc.pk).update(keywords=old)
    reader = make_user("reader", Role.AUDITOR, None)
    with pytest.raises(PermissionDenied):
        do_rekeyword(reader)
    assert Document.objects.get(pk=doc.pk).keywords == old
    assert not AuditEvent.objects.filter(action="library.document.keywords").exists()

    out = StringIO()
    call_command("library", "keywords", "--json", stdout=out)
    assert json.loads(out.getvalue()) == {"changed": 1}
    assert Document.objects.get(pk=doc.pk).keywords == new == (
        "扶贫开发领导小组 脱贫攻坚 洛阳市 要点 贫困村 减贫 退出")
    event = AuditEvent.objects.get(action="library.document.keywords")
    assert event.diff == {"documents": 1}
    again = StringIO()
    call_command("library", "keywords", stdout=again)
    assert again.getvalue() == "重新计算关键词 0 篇\n"
    assert AuditEvent.objects.filter(action="library.document.keywords").count() == 1
