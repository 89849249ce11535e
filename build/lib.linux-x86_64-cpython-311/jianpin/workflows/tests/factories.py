"""Place workflow objects in a given village for the URL scoping matrix."""
from __future__ import annotations

import datetime as dt
import itertools

from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone

from jianpin.accounts.models import Role, User
from jianpin.workflows.models import (
    Attachment,
    Case,
    Event,
    ExitAssessment,
    Grievance,
    Notice,
    Objection,
)
from jianpin.workflows.tests.helpers import make_household

_N = itertools.count(1)


def _author(code: str) -> User:
    return User.objects.create(username=f"wf_factory_{next(_N)}", role=Role.VILLAGE_CADRE,
                               region_id=code)


def make_case(code: str) -> Case:
    hh = make_household(code)
    return Case.objects.create(kind="identification", household=hh, region_id=code,
                               status="in_notice", source="self_app", opened_by=_author(code),
                               due_on=timezone.localdate() + dt.timedelta(days=15),
                               proposal={"monitoring_kind": "边缘易致贫户", "risk_types": ["因病"]})


def _case(code: str) -> dict[str, object]:
    return {"case_id": make_case(code).pk}


def _objection(code: str) -> dict[str, object]:
    case = make_case(code)
    obj = Objection.objects.create(case=case, raised_on=timezone.localdate(), content="异议",
                                   recorded_by=case.opened_by)
    return {"objection_id": obj.pk}


def _attachment(code: str) -> dict[str, object]:
    case = make_case(code)
    ev = Event.objects.create(case=case, action="visit", label="入户核实",
                              actor=case.opened_by)
    att = Attachment.objects.create(event=ev, kind="authorisation", name="授权书.pdf",
                                    file=SimpleUploadedFile("a.pdf", b"%PDF-1.4"), sha256="0")
    return {"attachment_id": att.pk}


def _notice(code: str) -> dict[str, object]:
    case = make_case(code)
    today = timezone.localdate()
    notice = Notice.objects.create(region_id=code, kind="identification",
                                   period=f"{1900 + next(_N) % 100}-01", starts_on=today,
                                   ends_on=today + dt.timedelta(days=5),
                                   created_by=case.opened_by)
    Case.objects.filter(pk=case.pk).update(notice=notice)
    return {"notice_id": notice.pk}


def _grievance(code: str) -> dict[str, object]:
    g = Grievance.objects.create(region_id=code, channel="hotline", subject="反映事项",
                                 content="内容", status="received", opened_by=_author(code),
                                 due_on=timezone.localdate())
    return {"grievance_id": g.pk}


def _assessment(code: str) -> dict[str, object]:
    a = ExitAssessment.objects.create(region_id=code, year=1990 + next(_N) % 100, status="draft",
                                      threshold=2, opened_by=_author(code))
    return {"assessment_id": a.pk}


AREA_FACTORIES = {
    "case": _case, "objection": _objection, "attachment": _attachment, "notice": _notice,
    "grievance": _grievance, "assessment": _assessment,
}
