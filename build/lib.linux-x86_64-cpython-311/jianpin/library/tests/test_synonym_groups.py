"""Editors keep the search synonym groups in the app; the next search uses them, no rebuild."""
from __future__ import annotations

from collections.abc import Callable
from contextlib import AbstractContextManager

import pytest
from django.test import Client

from jianpin.accounts.models import User
from jianpin.audit.models import AuditEvent
from jianpin.conftest import PASSWORD
from jianpin.kernel.errors import DomainError, PermissionDenied
from jianpin.library import querylang, synonym_actions, synonym_store
from jianpin.library.models import SynonymGroup, SynonymVersion
from jianpin.library.tests.factories import ingest_seeds
from jianpin.library.tests.test_search import found
from jianpin.library.text import segment

pytestmark = pytest.mark.django_db
SHIPPED = segment.shipped_synonym_lines()


def client_of(user: User, language: str = "zh-hans") -> Client:
    client = Client()
    assert client.login(username=user.username, password=PASSWORD)
    client.cookies["django_language"] = language
    return client


def stored() -> list[str]:
    return list(SynonymGroup.objects.order_by("pk").values_list("words", flat=True))


def version() -> int:
    return SynonymVersion.objects.get(pk=1).number


def test_the_migration_stores_the_shipped_groups() -> None:
    assert stored() == SHIPPED
    assert len(SHIPPED) == 13
    assert SHIPPED[0] == "易地扶贫搬迁 易地搬迁 扶贫搬迁"
    assert version() == 1


def test_a_group_added_by_an_editor_widens_the_next_search(editor: User) -> None:
    ingest_seeds()
    assert found("兜底保障") == ["001", "004"]
    assert found("社会保障兜底") == ["000", "001", "003", "004"]
    client = client_of(editor)
    response = client.post("/library/synonyms/", {"words": "兜底保障， 社会保障兜底"})
    assert response.status_code == 302
    assert stored() == [*SHIPPED, "兜底保障 社会保障兜底"]
    assert version() == 2
    assert found("兜底保障") == ["000", "001", "003", "004"]
    assert found("社会保障兜底") == ["000", "001", "003", "004"]
    [event] = AuditEvent.objects.filter(action__startswith="library.synonyms")
    group = SynonymGroup.objects.get(words="兜底保障 社会保障兜底")
    assert (event.action, event.actor_id, event.object_type, event.object_id, event.diff) == (
        "library.synonyms.create", editor.pk, "library.synonymgroup", str(group.pk),
        {"words": "兜底保障 社会保障兜底"})


def test_edit_and_delete_apply_to_the_next_search_and_are_audited(editor: User) -> None:
    ingest_seeds()
    assert found("兜底保障") == ["001", "004"]
    group = SynonymGroup.objects.get(words=SHIPPED[0])
    client = client_of(editor)
    client.post(f"/library/synonyms/{group.pk}/edit/", {"words": "兜底保障 社会保障兜底"})
    assert found("兜底保障") == ["000", "001", "003", "004"]
    assert "易地搬迁" not in segment.synonyms()  # the group it replaced is gone
    client.post(f"/library/synonyms/{group.pk}/delete/")
    assert found("兜底保障") == ["001", "004"]
    assert stored() == SHIPPED[1:]
    assert version() == 3
    events = AuditEvent.objects.filter(action__startswith="library.synonyms").order_by("pk")
    assert [(e.action, e.object_id, e.diff) for e in events] == [
        ("library.synonyms.update", str(group.pk),
         {"words": ["易地扶贫搬迁 易地搬迁 扶贫搬迁", "兜底保障 社会保障兜底"]}),
        ("library.synonyms.delete", str(group.pk), {"words": "兜底保障 社会保障兜底"}),
    ]


def test_a_change_committed_by_another_process_is_read_on_the_next_search() -> None:
    assert segment.synonyms()["易地搬迁"] == ("易地扶贫搬迁", "易地搬迁", "扶贫搬迁")
    # What another worker's change looks like here: rows and version, no local call.
    SynonymGroup.objects.filter(words=SHIPPED[0]).update(words="易地搬迁 移民搬迁")
    assert segment.synonyms()["易地搬迁"] == ("易地扶贫搬迁", "易地搬迁", "扶贫搬迁")
    SynonymVersion.objects.filter(pk=1).update(number=7)
    assert segment.synonyms()["易地搬迁"] == ("易地搬迁", "移民搬迁")
    assert "易地扶贫搬迁" not in segment.synonyms()


def test_a_search_reads_the_version_once(
        django_assert_num_queries: Callable[[int], AbstractContextManager[object]]) -> None:
    querylang.parse("易地搬迁 东西部协作 产业扶贫")  # the groups themselves are now cached
    with django_assert_num_queries(1):
        node = querylang.parse("易地搬迁 东西部协作 产业扶贫 issuer:贵州省发改委")
    assert querylang.label(node) == "易地搬迁 东西部协作 产业扶贫 贵州省发改委"  # type: ignore[arg-type]
    SynonymGroup.objects.filter(words=SHIPPED[0]).update(words="易地搬迁 移民搬迁")
    SynonymVersion.objects.filter(pk=1).update(number=7)
    with django_assert_num_queries(2):  # the version, then the changed groups
        node = querylang.parse("易地搬迁")
    assert [t.text for t in querylang.positive_terms(node)] == ["易地搬迁", "移民搬迁"]


@pytest.mark.parametrize("user_fixture", ["auditor", "officer", "cadre"])
def test_readers_are_refused_and_nothing_changes(request: pytest.FixtureRequest,
                                                  user_fixture: str) -> None:
    user = request.getfixturevalue(user_fixture)
    group = SynonymGroup.objects.get(words=SHIPPED[0])
    client = client_of(user)
    assert client.get("/library/synonyms/").status_code == 403
    assert client.post("/library/synonyms/", {"words": "甲乙 丙丁"}).status_code == 403
    assert client.post(f"/library/synonyms/{group.pk}/edit/",
                       {"words": "甲乙 丙丁"}).status_code == 403
    assert client.post(f"/library/synonyms/{group.pk}/delete/").status_code == 403
    with pytest.raises(PermissionDenied):
        synonym_actions.do_add_synonym_group(user, "甲乙 丙丁")
    assert (stored(), version()) == (SHIPPED, 1)
    assert not AuditEvent.objects.filter(action__startswith="library.synonyms").exists()


def test_anonymous_visitors_are_sent_to_log_in() -> None:
    response = Client().post("/library/synonyms/", {"words": "甲乙 丙丁"})
    assert (response.status_code, response.url.split("?")[0]) == (302, "/accounts/login/")
    assert (stored(), version()) == (SHIPPED, 1)


@pytest.mark.parametrize(("text", "message"), [
    ("易地搬迁", "同义词组至少需要两个不同的词"),
    ("易地搬迁 易地搬遷", "同义词组至少需要两个不同的词"),  # one word once folded
    ("易地扶贫搬迁 易地搬迁 扶贫搬迁", "已有相同的同义词组"),
    ("扶贫 ！！", "不能检索的词：！！"),
])
def test_bad_groups_are_refused_with_a_reason(editor: User, text: str, message: str) -> None:
    with pytest.raises(DomainError) as caught:
        synonym_actions.do_add_synonym_group(editor, text)
    assert str(caught.value) == message
    assert (stored(), version()) == (SHIPPED, 1)


def test_the_first_change_on_an_emptied_table_keeps_the_shipped_groups(editor: User) -> None:
    SynonymGroup.objects.all().delete()
    SynonymVersion.objects.all().delete()
    assert synonym_store.current_version() is None
    assert segment.synonyms()["发改委"][0] == "国家发展改革委"  # the shipped file applies
    assert [g.words for g in synonym_store.groups()] == SHIPPED
    synonym_actions.do_add_synonym_group(editor, "兜底保障 社会保障兜底")
    assert stored() == [*SHIPPED, "兜底保障 社会保障兜底"]
    assert version() == 1


def test_the_page_in_chinese_and_english(editor: User) -> None:
    page = client_of(editor).get("/library/synonyms/").content.decode()
    assert "<h1>检索同义词</h1>" in page
    assert "13 组同义词" in page
    assert ">东西部扶贫协作 东西部协作</textarea>" in page
    assert "修改后下一次检索即生效，无需重建索引。" in page
    english = client_of(editor, "en").get("/library/synonyms/").content.decode()
    assert "<h1>Search synonyms</h1>" in english
    assert "13 synonym groups" in english
    assert "Changes apply to the next search; the index is not rebuilt." in english
    assert ">Add</button>" in english
