"""`jianpin library refold`: documents stored before 陜 → 陕 was folded are folded and indexed again.

The old state is written directly: the body as the earlier folding left it (陜西 kept) and index
rows segmented from it without the new rule.
"""
from __future__ import annotations

import json
from io import StringIO

import pytest
from django.core.management import call_command

from jianpin.accounts.models import Role
from jianpin.audit.models import AuditEvent
from jianpin.conftest import make_user
from jianpin.kernel.errors import PermissionDenied
from jianpin.library.actions import SystemActor, do_refold
from jianpin.library.models import Document, DocumentIndex, DocumentText
from jianpin.library.search import SearchParams, search
from jianpin.library.tests.factories import make_document
from jianpin.library.text import segment

pytestmark = pytest.mark.django_db

OLD_BODY = "陜西省人民政府办公厅关于做好易地扶贫搬迁后续帮扶工作的通知。各市人民政府：现将有关事项通知如下。"


def _old_state(doc: Document) -> None:
    DocumentText.objects.filter(document=doc).update(text=OLD_BODY)
    DocumentIndex.objects.filter(document=doc).update(
        body=" ".join(segment.index_tokens(OLD_BODY)))


def _found(query: str) -> list[int]:
    return [hit.document.pk for hit in search(SearchParams(q=query)).hits]


def _run(*args: str) -> str:
    out = StringIO()
    call_command("library", "refold", *args, stdout=out)
    return out.getvalue().strip()


def test_refold_makes_old_documents_findable_once() -> None:
    old = make_document(None, title="关于做好后续帮扶工作的通知", body="做好搬迁后续帮扶。")
    other = make_document(None, title="关于做好防止返贫监测帮扶工作的通知")
    _old_state(old)
    other_index = DocumentIndex.objects.values().get(document=other)
    assert _found("陕西") == []
    assert _found("陜西") == []  # the query is folded to 陕西, the old index holds 陜西

    assert _run() == "重新折叠并索引 1 篇"

    assert _found("陕西") == [old.pk]
    assert _found("陜西") == [old.pk]
    assert DocumentText.objects.get(document=old).text == OLD_BODY.replace("陜", "陕")
    assert DocumentIndex.objects.values().get(document=other) == other_index
    event = AuditEvent.objects.get(action="library.document.refold")
    assert event.diff == {"documents": 1}
    assert event.actor is None

    assert json.loads(_run("--json")) == {"candidates": 0, "refolded": 0}
    assert _run() == "没有需要重新折叠的文献"
    assert AuditEvent.objects.filter(action="library.document.refold").count() == 1
    assert _found("陕西") == [old.pk]


def test_refold_in_batches_and_traditional_titles_are_left_alone() -> None:
    docs = [make_document(None, title=f"关于做好第{n}批后续帮扶工作的通知", body=f"第{n}批搬迁。")
            for n in range(3)]
    for doc in docs:
        DocumentText.objects.filter(document=doc).update(text=f"{OLD_BODY}{doc.pk}")
        DocumentIndex.objects.filter(document=doc).update(
            body=" ".join(segment.index_tokens(f"{OLD_BODY}{doc.pk}")))
    # An edited title in traditional script: the index folds it already, nothing to rewrite.
    Document.objects.filter(pk=docs[0].pk).update(title="關於做好後續幫扶工作的通知")
    DocumentIndex.objects.filter(document=docs[0]).update(
        title=segment.segmented("關於做好後續幫扶工作的通知"))

    result = do_refold(SystemActor(), batch_size=2)

    assert (result.checked, result.changed) == (3, 3)
    assert sorted(_found("陕西")) == sorted(d.pk for d in docs)
    assert Document.objects.get(pk=docs[0].pk).title == "關於做好後續幫扶工作的通知"
    again = do_refold(SystemActor(), batch_size=2)
    assert (again.checked, again.changed) == (1, 0)
    assert AuditEvent.objects.get(action="library.document.refold").diff == {"documents": 3}


def test_refold_is_for_library_editors_only() -> None:
    doc = make_document(None)
    _old_state(doc)
    with pytest.raises(PermissionDenied):
        do_refold(make_user("auditor", Role.AUDITOR, None))
    assert DocumentText.objects.get(document=doc).text == OLD_BODY
    assert _found("陕西") == []
    assert not AuditEvent.objects.filter(action="library.document.refold").exists()
