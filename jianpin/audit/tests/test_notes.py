"""Notes the system writes (识别案件 7 公告) are shown in the reader's language: on the household's
change log and in the audit log, also those stored before the notes were listed; a note a
person typed is shown as typed."""
from __future__ import annotations

import re

import pytest
from django.test import Client
from django.utils import translation

from jianpin.audit.labels import NOTES, note, note_label
from jianpin.audit.models import AuditEvent
from jianpin.conftest import VILLAGE
from jianpin.registry import actions
from jianpin.registry.tests.helpers import make_household


def test_a_note_is_stored_in_chinese_and_shown_in_the_language() -> None:
    stored = note("identification.announce", case=7)
    assert stored == "识别案件 7 公告"
    with translation.override("en"):
        assert note_label(stored) == "Identification case 7 announced"
        assert note_label("风险消除案件 12 公告") == "Risk elimination case 12 announced"
        assert note_label("脱贫退出案件 3 公告") == "Poverty exit case 3 announced"
        assert note_label("计划任务") == "Scheduled task"
        assert note_label("导入批次 12") == "Import batch 12"
        assert note_label("家庭成员迁户") == "Member moved to another household"
        assert note_label("新增家庭成员") == "Member added"
        assert note_label("识别案件 7 公告，已核实") == "识别案件 7 公告，已核实"  # typed
        assert note_label("识别案件 x 公告") == "识别案件 x 公告"
        assert note_label("") == ""
    with translation.override("zh-hans"):
        assert note_label(stored) == stored
    for kind in NOTES:  # every note has its English
        with translation.override("en"):
            shown = note_label(note(kind, case=1, batch=1))
        assert shown.isascii(), kind


@pytest.mark.django_db
@pytest.mark.parametrize(("language", "shown"), [
    ("zh-hans", "（风险消除案件 7 公告）"), ("en", " (Risk elimination case 7 announced)")])
def test_the_household_change_log_and_the_audit_log(cadre, officer, auditor, language,  # type: ignore[no-untyped-def]
                                                    shown) -> None:
    hh = make_household(VILLAGE, monitoring_kind="边缘易致贫户")
    actions.do_apply_decision(officer, hh, version=1,
                              note=note("elimination.announce", case=7),
                              monitoring_kind="", risk_types=[])
    assert AuditEvent.objects.get().note == "风险消除案件 7 公告"
    client = Client()
    client.force_login(cadre)
    client.cookies["django_language"] = language
    body = client.get(f"/registry/households/{hh.pk}/").content.decode()
    changes = body[body.index('id="changes"'):]
    changes = changes[:changes.index("</table>")]
    assert re.findall(r"（[^（）<]*案件[^（）<]*）| \([^()<]*case[^()<]*\)", changes) == [shown]
    client.force_login(auditor)
    client.cookies["django_language"] = language
    log = client.get("/audit/").content.decode()
    assert log.count(shown.strip()[1:-1]) == 1
