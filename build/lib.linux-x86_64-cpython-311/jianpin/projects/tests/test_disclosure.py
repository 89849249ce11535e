"""Printable notices, objections during the notice period, no personal data in public."""
from __future__ import annotations

import datetime as dt
import io
from typing import Any

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import timezone
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from pypdf import PdfReader

from jianpin.audit.models import AuditEvent
from jianpin.conftest import VILLAGE
from jianpin.kernel.errors import DomainError, PermissionDenied
from jianpin.projects.actions import do_transition
from jianpin.projects.models import Objection, Project, Status
from jianpin.projects.objection_actions import do_record_objection, do_resolve_objection
from jianpin.projects.tests.factories import make_project
from jianpin.registry.models import Household
from jianpin.workflows.tests.helpers import make_household

pytestmark = pytest.mark.django_db
D = dt.date


def pdf_text(data: bytes) -> tuple[str, set[str]]:
    reader = PdfReader(io.BytesIO(data))
    page: Any = reader.pages[0]
    fonts = {page["/Resources"]["/Font"][k].get_object()["/BaseFont"]
             for k in page["/Resources"]["/Font"]}
    return "".join(p.extract_text() for p in reader.pages), fonts


def test_printable_notices() -> None:
    noticed = make_project(VILLAGE, status=Status.NOTICED, notice_from=D(2025, 3, 1),
                           name="协和村<茶叶>加工厂")
    done = make_project(VILLAGE, status=Status.COMPLETED, name="协和村村道")
    draft = make_project(VILLAGE, status=Status.DRAFT)
    response = Client().get(reverse("projects:notice_pdf", args=[noticed.pk]))
    assert response["Content-Type"] == "application/pdf"
    text, fonts = pdf_text(response.content)
    compact = text.replace("\n", "").replace(" ", "")
    assert "协和村<茶叶>加工厂项目实施前公示" in compact
    assert "2025-03-01至2025-03-11" in compact and "中央衔接资金500,000.00元" in compact
    assert "/STSong-Light" not in fonts                    # the font is embedded
    text, _ = pdf_text(Client().get(reverse("projects:notice_pdf", args=[done.pk])).content)
    assert "协和村村道项目完工公告" in text.replace("\n", "")
    assert Client().get(reverse("projects:notice_pdf", args=[draft.pk])).status_code == 404


RARE = "璟瑄翊晞婳缇芃蔚翀琤"


@settings(max_examples=10, deadline=None,
          suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow])
@given(head=st.text(RARE, min_size=3, max_size=3),
       phone=st.from_regex(r"1[3-9][0-9]{9}", fullmatch=True),
       objector=st.text(RARE, min_size=2, max_size=4),
       status=st.sampled_from([Status.NOTICED, Status.COMPLETED, Status.EVALUATED]))
def test_public_pages_hold_no_personal_data(head, phone, objector, status) -> None:  # type: ignore[no-untyped-def]
    hh = make_household(VILLAGE, head=head)
    Household.objects.filter(pk=hh.pk).update(phone=phone)
    project = make_project(VILLAGE, status=status, responsible_person=head + "乙",
                           notice_from=D(2025, 3, 1))
    project.beneficiaries.add(hh)
    Objection.objects.create(project=project, raised_on=D(2025, 3, 2), raised_by=objector,
                             content=f"{objector}反映占地问题", recorded_by=project.created_by)
    html = Client().get(reverse("projects:public")).content.decode()
    text, _ = pdf_text(Client().get(reverse("projects:notice_pdf", args=[project.pk])).content)
    text = text.replace("\n", "")
    for output in (html, text):
        assert project.name in output
        assert [v for v in (head, phone, objector) if v in output] == []
    assert f"{head[0]}*{head[2]}" in html    # the beneficiary list: masked names only


def noticed(days_ago: int) -> Project:
    return make_project(VILLAGE, status=Status.NOTICED,
                        notice_from=timezone.localdate() - dt.timedelta(days=days_ago))


def test_objection_only_within_the_notice_period(cadre, outsiders) -> None:  # type: ignore[no-untyped-def]
    project, today = noticed(3), timezone.localdate()
    objection = do_record_objection(cadre, project, raised_on=today - dt.timedelta(days=1),
                                    content="占地补偿未落实", raised_by="钟某某")
    event = AuditEvent.objects.get(action="projects.objection.record")
    assert event.diff == {"objection": objection.pk,
                          "raised_on": (today - dt.timedelta(days=1)).isoformat()}
    before = (Objection.objects.count(), AuditEvent.objects.count())
    for day in (today - dt.timedelta(days=4), today + dt.timedelta(days=1)):
        with pytest.raises(DomainError) as exc:
            do_record_objection(cadre, project, raised_on=day, content="x")
        assert exc.value.code == "not_in_notice"
    with pytest.raises(PermissionDenied):
        do_record_objection(outsiders["cadre"], project, raised_on=today, content="x")
    late = make_project(VILLAGE, status=Status.IMPLEMENTING, notice_from=today)
    with pytest.raises(DomainError):
        do_record_objection(cadre, late, raised_on=today, content="x")
    assert (Objection.objects.count(), AuditEvent.objects.count()) == before


def test_open_objection_stops_the_start(cadre, officer) -> None:  # type: ignore[no-untyped-def]
    project = noticed(11)
    objection = do_record_objection(cadre, project, content="选址有争议",
                                    raised_on=timezone.localdate() - dt.timedelta(days=5))
    with pytest.raises(DomainError) as exc:
        do_transition(cadre, project, "start", version=project.version)
    assert exc.value.code == "open_objection"
    with pytest.raises(PermissionDenied):
        do_resolve_objection(cadre, objection, resolution="已核实")
    do_resolve_objection(officer, objection, resolution="经核实，选址符合规划，已向群众解释")
    project.refresh_from_db()
    assert do_transition(cadre, project, "start", version=project.version).status == \
        Status.IMPLEMENTING


def test_objection_pages(cadre, officer) -> None:  # type: ignore[no-untyped-def]
    project = noticed(2)
    c = Client()
    c.force_login(cadre)
    c.post(reverse("projects:objection_new", args=[project.pk]),
           {"raised_on": timezone.localdate().isoformat(), "content": "施工噪音", "raised_by": ""})
    objection = Objection.objects.get()
    c.force_login(officer)
    body = c.get(reverse("projects:detail", args=[project.pk])).content.decode()
    assert "施工噪音" in body and "处理" in body
    c.post(reverse("projects:objection_resolve", args=[objection.pk]), {"resolution": "已协调"})
    objection.refresh_from_db()
    assert (objection.is_open, objection.resolution) == (False, "已协调")
