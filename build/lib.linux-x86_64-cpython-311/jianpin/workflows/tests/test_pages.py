"""The workflow pages through HTTP: open a case, take steps, see it in the right inboxes."""
from __future__ import annotations

import pytest
from django.test import Client

from jianpin.conftest import VILLAGE
from jianpin.workflows.models import Case, Grievance
from jianpin.workflows.tests.helpers import authorisation, days_ago, make_household


def client_for(user) -> Client:  # type: ignore[no-untyped-def]
    c = Client()
    c.force_login(user)
    return c


def test_open_and_step_through_pages(cadre, reviewer):  # type: ignore[no-untyped-def]
    hh = make_household(VILLAGE, head="赵春生")
    c = client_for(cadre)
    page = c.get(f"/workflows/cases/new/?household={hh.number}").content.decode()
    assert hh.number in page and "受理" in page
    r = c.post("/workflows/cases/new/", {
        "household": hh.number, "kind": "identification", "source": "self_hotline",
        "summary": "突发大病", "monitoring_kind": "突发严重困难户", "risk_types": ["因病"]})
    case = Case.objects.get(household=hh)
    assert r.status_code == 302 and r["Location"] == f"/workflows/cases/{case.pk}/"
    body = c.get(r["Location"]).content.decode()
    assert "农户签字的授权书" in body and 'data-action="visit"' in body
    r = c.post(f"/workflows/cases/{case.pk}/step/visit/", {
        "version": 1, "note": "入户核实属实", "required_file": authorisation()})
    case.refresh_from_db()
    assert (r.status_code, case.status, case.version) == (302, "visited", 2)
    body = c.get(f"/workflows/cases/{case.pk}/").content.decode()
    assert "授权书.pdf" in body and "入户核实属实" in body
    att = case.events.get(action="visit").attachments.get()
    download = c.get(f"/workflows/attachments/{att.pk}/")
    assert download.status_code == 200 and b"".join(download.streaming_content).startswith(b"%PDF")
    assert "您的" not in client_for(reviewer).get(f"/workflows/cases/{case.pk}/").content.decode()


def test_refused_step_shows_message_and_changes_nothing(cadre):  # type: ignore[no-untyped-def]
    hh = make_household(VILLAGE)
    c = client_for(cadre)
    c.post("/workflows/cases/new/", {"household": hh.number, "kind": "identification",
                                     "source": "cadre_screening",
                                     "monitoring_kind": "边缘易致贫户", "risk_types": ["因灾"]})
    case = Case.objects.get(household=hh)
    r = c.post(f"/workflows/cases/{case.pk}/step/visit/", {"version": 1, "note": "无授权书"},
               follow=True)
    assert "须上传授权书" in r.content.decode()
    assert Case.objects.get(pk=case.pk).status == "opened"


def test_reviewer_cannot_take_village_step(cadre, reviewer):  # type: ignore[no-untyped-def]
    hh = make_household(VILLAGE)
    client_for(cadre).post("/workflows/cases/new/", {
        "household": hh.number, "kind": "identification", "source": "self_app",
        "monitoring_kind": "边缘易致贫户", "risk_types": ["因病"]})
    case = Case.objects.get(household=hh)
    r = client_for(reviewer).post(f"/workflows/cases/{case.pk}/step/visit/",
                                  {"version": 1, "note": "x", "required_file": authorisation()})
    assert r.status_code == 403 and Case.objects.get(pk=case.pk).status == "opened"


def test_inbox_lists_cases_waiting_for_reviewer(cadre, reviewer):  # type: ignore[no-untyped-def]
    hh = make_household(VILLAGE, head="钱秋月")
    client_for(cadre).post("/workflows/cases/new/", {
        "household": hh.number, "kind": "identification", "source": "self_app",
        "monitoring_kind": "边缘易致贫户", "risk_types": ["因病"]})
    Case.objects.filter(household=hh).update(status="township_review", submitted_by=cadre,
                                             due_on=days_ago(2))
    body = client_for(reviewer).get("/workflows/").content.decode()
    assert "钱秋月" in body and "超期" in body
    assert "钱秋月" not in client_for(cadre).get("/workflows/").content.decode()


@pytest.mark.parametrize("path", ["/workflows/", "/workflows/overdue/", "/workflows/cases/",
                                  "/workflows/notices/", "/workflows/grievances/",
                                  "/workflows/grievances/new/", "/workflows/approvals/",
                                  "/workflows/assessments/"])
def test_pages_render(path, cadre):  # type: ignore[no-untyped-def]
    assert client_for(cadre).get(path).status_code == 200


def test_grievance_pages(cadre, reviewer):  # type: ignore[no-untyped-def]
    c = client_for(reviewer)
    r = c.post("/workflows/grievances/new/", {"region": VILLAGE, "channel": "hotline",
                                              "subject": "帮扶干部未走访", "content": "半年未见"})
    g = Grievance.objects.get()
    assert r.status_code == 302 and g.status == "received"
    page = c.get(f"/workflows/grievances/{g.pk}/").content.decode()
    assert "交办" in page and cadre.label in page
    c.post(f"/workflows/grievances/{g.pk}/step/assign/", {"version": 1, "assignee": cadre.pk})
    g.refresh_from_db()
    assert (g.status, g.assignee_id) == ("assigned", cadre.pk)


def test_early_elimination_report_filter(cadre):  # type: ignore[no-untyped-def]
    from jianpin.workflows import queries

    early = make_household(VILLAGE, head="蒋早消", monitoring_kind="边缘易致贫户")
    late = make_household(VILLAGE, head="韩正常", monitoring_kind="边缘易致贫户")
    for hh, flags in ((early, ["early_elimination"]), (late, [])):
        Case.objects.create(kind="elimination", household=hh, region_id=VILLAGE,
                            status="assessed", source="routine", opened_by=cadre,
                            due_on=days_ago(-10), flags=flags, proposal={"mode": "帮扶消除"})
    assert [c.household_id for c in queries.early_eliminations(cadre)] == [early.pk]
    body = client_for(cadre).get("/workflows/cases/?flag=early&state=all").content.decode()
    assert "蒋早消" in body and "韩正常" not in body and "提前消除" in body


def test_correct_proposal_and_objection_pages(cadre):  # type: ignore[no-untyped-def]
    hh = make_household(VILLAGE)
    c = client_for(cadre)
    c.post("/workflows/cases/new/", {"household": hh.number, "kind": "identification",
                                     "source": "self_app", "monitoring_kind": "边缘易致贫户",
                                     "risk_types": ["因病"]})
    case = Case.objects.get(household=hh)
    c.post(f"/workflows/cases/{case.pk}/proposal/", {
        "version": 1, "monitoring_kind": "突发严重困难户", "risk_types": ["因灾", "因住房安全"]})
    case.refresh_from_db()
    assert (case.proposal, case.version) == (
        {"monitoring_kind": "突发严重困难户", "risk_types": ["因灾", "因住房安全"]}, 2)
    Case.objects.filter(pk=case.pk).update(status="in_notice")
    c.post(f"/workflows/cases/{case.pk}/objections/", {"raised_by": "村民乙",
                                                        "content": "该户家中有货车"})
    objection = case.objections.get()
    page = c.get(f"/workflows/cases/{case.pk}/").content.decode()
    assert "村民乙" in page and "该户家中有货车" in page and "登记处理结果" in page
    c.post(f"/workflows/objections/{objection.pk}/resolve/", {"resolution": "货车系借用"})
    objection.refresh_from_db()
    assert (objection.resolution, objection.resolved_by_id) == ("货车系借用", cadre.pk)


def test_case_on_notice_shows_when_it_may_be_submitted(cadre):  # type: ignore[no-untyped-def]
    hh = make_household(VILLAGE)
    c = client_for(cadre)
    c.post("/workflows/cases/new/", {"household": hh.number, "kind": "identification",
                                     "source": "self_app", "monitoring_kind": "边缘易致贫户",
                                     "risk_types": ["因病"]})
    case = Case.objects.get(household=hh)
    Case.objects.filter(pk=case.pk).update(status="in_notice", notice_from=days_ago(2))
    page = c.get(f"/workflows/cases/{case.pk}/").content.decode()
    assert f"公示期满（{days_ago(-3).isoformat()}）且异议处理完毕后方可提交乡镇审核" in page
