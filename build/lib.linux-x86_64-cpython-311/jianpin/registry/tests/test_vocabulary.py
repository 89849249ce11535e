"""County officers extend the national vocabulary: audited, used by the next import, shown in
the template; others cannot; a known spelling is refused and nothing changes."""
from __future__ import annotations

import pytest
import python_calamine
from django.urls import reverse

from jianpin.audit.models import AuditEvent
from jianpin.conftest import PASSWORD
from jianpin.kernel.errors import DomainError
from jianpin.registry.io import service, vocab
from jianpin.registry.io.models import VocabularyEntry
from jianpin.registry.models import Member
from jianpin.registry.tests import national_files as nf

pytestmark = pytest.mark.django_db


def _file_with_nephew(tmp_path):  # type: ignore[no-untyped-def]
    defect = [("relation not in any list", nf._m(1, "与户主关系", "之侄子", "bad_code"), False, True)]
    return nf.monitoring(tmp_path / "d.xlsx", 6, defects=defect)


def test_added_spelling_is_used_by_the_next_import_and_audited(tmp_path, officer):
    built = _file_with_nephew(tmp_path)
    out = service.run(built.path, user=officer, dry_run=True)
    assert [e["code"] for e in out.errors] == ["bad_code"]
    entry = vocab.do_add_vocabulary_entry(officer, "m.relation", "之侄子", "其他")
    event = AuditEvent.objects.get(action="registry.vocabulary.add")
    assert event.actor == officer and event.object_id == str(entry.pk)
    assert event.diff == {"column": "与户主关系", "value": "之侄子", "code": "其他"}
    out = service.run(built.path, user=officer, dry_run=False)
    assert out.errors == [] and out.committed
    assert Member.objects.filter(relation="其他").count() >= 1


def test_known_spelling_and_bad_code_are_refused(officer):
    with pytest.raises(DomainError) as exc:
        vocab.do_add_vocabulary_entry(officer, "m.relation", "之子", "其他")
    assert exc.value.code == "already_known" and "对应「子」" in exc.value.message
    with pytest.raises(DomainError) as exc:
        vocab.do_add_vocabulary_entry(officer, "m.relation", "之侄女", "侄女")
    assert exc.value.code == "bad_code"
    assert VocabularyEntry.objects.count() == 0
    assert not AuditEvent.objects.filter(action="registry.vocabulary.add").exists()


def test_page_adds_for_officer_and_is_denied_to_cadre(client, officer, cadre):
    url = reverse("registry:import_vocabulary")
    client.login(username="cadre", password=PASSWORD)
    assert client.post(url, {"field": "m.relation", "value": "之侄子", "code": "其他"}) \
        .status_code == 403
    assert VocabularyEntry.objects.count() == 0
    client.logout()
    client.login(username="officer", password=PASSWORD)
    resp = client.post(url, {"field": "hh.risk_1", "value": "因突发严重困难", "code": "其他"})
    assert resp.status_code == 302
    page = client.get(url).content.decode()
    assert "因突发严重困难" in page and "致贫/返贫风险" in page
    assert list(VocabularyEntry.objects.values_list("field_key", "value", "code")) == [
        ("hh.risk_1", "因突发严重困难", "其他")]


def test_template_code_sheet_lists_national_values(client, officer, tmp_path):
    vocab.do_add_vocabulary_entry(officer, "m.school_status", "小学一年级", "小学")
    client.login(username="officer", password=PASSWORD)
    resp = client.get(reverse("registry:import_template"))
    (tmp_path / "t.xlsx").write_bytes(resp.content)
    sheet = python_calamine.CalamineWorkbook.from_path(str(tmp_path / "t.xlsx")) \
        .get_sheet_by_name("代码表").to_python()
    start = sheet[0].index("国家系统取值对照：列")
    rows = {(r[start], r[start + 1], r[start + 2]) for r in sheet[1:]}
    assert ("与户主关系", "之子", "子") in rows
    assert ("文化程度", "学龄前儿童", "学龄前") in rows
    assert ("在校生状况", "小学一年级", "小学") in rows
