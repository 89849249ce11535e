"""Project pages over HTTP: scoped list and filters, detail buttons, form, steps, disclosure."""
from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest
from django.test import Client
from django.urls import reverse
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from jianpin.audit.models import AuditEvent
from jianpin.conftest import SIBLING_VILLAGE, VILLAGE
from jianpin.projects.machine import PUBLIC
from jianpin.projects.models import Project, ProjectEvent, Status
from jianpin.projects.tests.factories import make_project
from jianpin.registry.models import Household
from jianpin.workflows.tests.helpers import make_household

pytestmark = pytest.mark.django_db


def client_for(user) -> Client:  # type: ignore[no-untyped-def]
    c = Client()
    c.force_login(user)
    return c


def test_list_is_scoped_and_filtered(cadre, officer) -> None:  # type: ignore[no-untyped-def]
    mine = make_project(VILLAGE, name="协和村自来水管网改造", category="water",
                        status=Status.PLANNED, plan_year=2025)
    make_project(VILLAGE, name="协和村茶叶加工厂", category="industry", plan_year=2024)
    make_project(SIBLING_VILLAGE, name="河尾村便民桥", plan_year=2025)
    make_project("441481001001", name="兴宁市外县项目", plan_year=2025)
    url = reverse("projects:list")
    body = client_for(cadre).get(url).content.decode()
    assert ("协和村自来水管网改造" in body, "协和村茶叶加工厂" in body, "河尾村便民桥" in body,
            "兴宁市外县项目" in body) == (True, True, False, False)
    county = client_for(officer)
    body = county.get(url).content.decode()
    assert ("河尾村便民桥" in body, "兴宁市外县项目" in body) == (True, False)
    for query in ("?status=planned", "?category=water", "?year=2025&category=water"):
        rows = county.get(url + query).context["rows"]
        assert [p.pk for p in rows] == [mine.pk], query
    assert county.get(url + "?year=2025").context["count"] == 2
    assert county.get(url + "?status=bogus").context["count"] == 3


def test_out_of_area_detail_and_writes_are_404(cadre) -> None:  # type: ignore[no-untyped-def]
    other = make_project(SIBLING_VILLAGE)
    c = client_for(cadre)
    before = (AuditEvent.objects.count(), ProjectEvent.objects.count())
    assert c.get(reverse("projects:detail", args=[other.pk])).status_code == 404
    assert c.get(reverse("projects:edit", args=[other.pk])).status_code == 404
    assert c.post(reverse("projects:step", args=[other.pk]),
                  {"action": "submit", "version": 0}).status_code == 404
    assert (AuditEvent.objects.count(), ProjectEvent.objects.count()) == before
    assert Project.objects.get(pk=other.pk).status == Status.DRAFT


def test_detail_shows_only_allowed_buttons(cadre, reviewer, officer, auditor) -> None:  # type: ignore[no-untyped-def]
    project = make_project(VILLAGE, status=Status.APPLIED, submitted_by=cadre)
    url = reverse("projects:detail", args=[project.pk])

    def buttons(user) -> list[str]:  # type: ignore[no-untyped-def]
        return [e.action for e in client_for(user).get(url).context["edges"]]

    assert buttons(cadre) == []
    assert buttons(auditor) == []
    assert buttons(officer) == []
    assert buttons(reviewer) == ["review", "return_township"]
    body = client_for(reviewer).get(url).content.decode()
    assert 'value="review"' in body and 'value="approve"' not in body


def test_form_creates_then_steps_by_post(cadre, reviewer) -> None:  # type: ignore[no-untyped-def]
    c = client_for(cadre)
    assert c.get(reverse("projects:new")).status_code == 200
    response = c.post(reverse("projects:new"), {
        "region": VILLAGE, "name": "协和村产业路", "category": "infrastructure", "nature": "new",
        "responsible_unit": "水寨镇人民政府", "responsible_person": "陈志强",
        "tasks": "新建产业路800米", "linkage": "务工带动",
        "start_on": "2025-04-01", "end_on": "2025-09-30",
        "budget_central": "200000", "budget_county": "20000.50",
        "indicator_0": "验收合格率", "target_0": "100%"})
    project = Project.objects.get(name="协和村产业路")
    assert response.status_code == 302
    assert sorted(project.budget.values_list("source", "amount")) == [
        ("central", Decimal("200000.00")), ("county", Decimal("20000.50"))]
    assert project.start_on == dt.date(2025, 4, 1)
    step = reverse("projects:step", args=[project.pk])
    assert c.post(step, {"action": "submit", "version": 0}).status_code == 302
    refused = client_for(reviewer).post(step, {"action": "return_township", "version": 1,
                                               "note": ""})
    assert refused.status_code == 302
    assert Project.objects.get(pk=project.pk).status == Status.APPLIED
    client_for(reviewer).post(step, {"action": "return_township", "version": 1,
                                     "note": "缺少村民代表会议记录"})
    fresh = Project.objects.get(pk=project.pk)
    assert (fresh.status, fresh.version) == (Status.RETURNED, 2)
    last = ProjectEvent.objects.filter(project=project).last()
    assert last is not None and last.note == "缺少村民代表会议记录"
    assert c.get(reverse("projects:edit", args=[project.pk])).status_code == 200


def test_form_refuses_a_region_outside_the_area(cadre) -> None:  # type: ignore[no-untyped-def]
    before = Project.objects.count()
    response = client_for(cadre).post(reverse("projects:new"), {
        "region": SIBLING_VILLAGE, "name": "越界项目", "category": "other", "nature": "new",
        "responsible_unit": "某单位", "responsible_person": "某人", "tasks": "任务",
        "linkage": "机制"})
    assert response.status_code == 200
    assert Project.objects.count() == before


def test_role_without_the_step_cap_is_refused(auditor) -> None:  # type: ignore[no-untyped-def]
    project = make_project(VILLAGE)
    response = client_for(auditor).post(reverse("projects:step", args=[project.pk]),
                                        {"action": "submit", "version": 0})
    assert response.status_code == 403
    assert Project.objects.get(pk=project.pk).status == Status.DRAFT


PRIVATE = ("李大明", "13800138000", "6222020200112233445", "王建国")


def test_disclosure_is_public_and_holds_no_personal_data(cadre) -> None:  # type: ignore[no-untyped-def]
    hh = make_household(VILLAGE, head="李大明")
    shown = make_project(VILLAGE, name="协和村饮水安全巩固提升", status=Status.NOTICED,
                         plan_year=2025)
    shown.beneficiaries.add(hh)
    hidden = make_project(VILLAGE, name="尚在审核的项目", status=Status.REVIEWED)
    hidden.beneficiaries.add(hh)
    response = Client().get(reverse("projects:public"))
    body = response.content.decode()
    assert response.status_code == 200
    assert "协和村饮水安全巩固提升" in body and "尚在审核的项目" not in body
    assert "500,000.00" in body and "中央衔接资金" in body and "验收合格率" in body
    assert [p for p in PRIVATE if p in body] == []
    assert Client().get(reverse("projects:public") + "?year=2024").context["rows"] == []


def _form(**extra: str) -> dict[str, str]:
    return {"region": VILLAGE, "name": "协和村光伏帮扶", "category": "industry", "nature": "new",
            "responsible_unit": "水寨镇人民政府", "responsible_person": "陈志强",
            "tasks": "光伏电站100千瓦", "linkage": "收益分配到户",
            "indicator_0": "满意度", "target_0": "≥95%"} | extra


def test_beneficiaries_link_by_number_without_revealing_others(cadre) -> None:  # type: ignore[no-untyped-def]
    a, b = make_household(VILLAGE), make_household(VILLAGE)
    elsewhere = make_household(SIBLING_VILLAGE)
    c = client_for(cadre)
    before = (Project.objects.count(), AuditEvent.objects.count())
    outside = c.post(reverse("projects:new"), _form(households=f"{a.number}，{elsewhere.number}"))
    absent = c.post(reverse("projects:new"), _form(households=f"{a.number}，T000000099999"))
    assert outside.status_code == absent.status_code == 200
    errors = [[str(m) for m in r.context["messages"]] for r in (outside, absent)]
    assert errors[0] == errors[1] == ["部分户编号不存在或不在项目建设地点范围内"]
    assert (Project.objects.count(), AuditEvent.objects.count()) == before
    c.post(reverse("projects:new"), _form(households=f"{a.number}\n{b.number}、{a.number}"))
    project = Project.objects.get(name="协和村光伏帮扶")
    assert sorted(project.beneficiaries.values_list("pk", flat=True)) == sorted([a.pk, b.pk])


def test_household_page_lists_its_projects_in_the_area(cadre) -> None:  # type: ignore[no-untyped-def]
    hh = make_household(VILLAGE)
    make_project(VILLAGE, name="协和村肉牛养殖合作社", status=Status.IMPLEMENTING) \
        .beneficiaries.add(hh)
    make_project(VILLAGE, name="与该户无关的项目")
    url = reverse("registry:household_detail", args=[hh.pk])
    body = client_for(cadre).get(url).content.decode()
    assert "受益项目" in body and "协和村肉牛养殖合作社" in body and "与该户无关的项目" not in body
    lonely = make_household(VILLAGE)
    other = client_for(cadre).get(reverse("registry:household_detail", args=[lonely.pk]))
    assert "受益项目" not in other.content.decode()


def test_disclosure_by_area_with_notice_period(cadre) -> None:  # type: ignore[no-untyped-def]
    make_project(VILLAGE, name="协和村项目", status=Status.NOTICED,
                 notice_from=dt.date(2025, 3, 1))
    make_project("441481001001", name="兴宁市项目", status=Status.COMPLETED)
    url = reverse("projects:public")
    names = [[r.name for r in Client().get(url + q).context["rows"]]
             for q in ("", "?area=441424000000", "?area=441481000000", "?area=999999999999",
                       "?area=4414'")]
    assert names == [["协和村项目", "兴宁市项目"], ["协和村项目"], ["兴宁市项目"], [],
                     ["协和村项目", "兴宁市项目"]]
    body = Client().get(url + "?area=441424000000").content.decode()
    assert "2025-03-01 至 2025-03-11" in body and "五华县" in body


RARE = "璟瑄翊晞婳缇芃蔚翀琤"


@settings(max_examples=20, deadline=None,
          suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow])
@given(head=st.text(RARE, min_size=3, max_size=3),
       phone=st.from_regex(r"1[3-9][0-9]{9}", fullmatch=True),
       bank=st.from_regex(r"62[0-9]{17}", fullmatch=True),
       status=st.sampled_from(sorted(PUBLIC)))
def test_disclosure_never_shows_personal_data(head, phone, bank, status) -> None:  # type: ignore[no-untyped-def]
    hh = make_household(VILLAGE, head=head)
    Household.objects.filter(pk=hh.pk).update(phone=phone, bank_account=bank)
    project = make_project(VILLAGE, status=status, responsible_person=head + "甲")
    project.beneficiaries.add(hh)
    body = Client().get(reverse("projects:public")).content.decode()
    assert project.name in body
    assert [v for v in (head, phone, bank) if v in body] == []


def test_english_pages(cadre, reviewer) -> None:  # type: ignore[no-untyped-def]
    project = make_project(VILLAGE, status=Status.APPLIED, submitted_by=cadre)
    url = reverse("projects:detail", args=[project.pk])
    english = client_for(reviewer).get(url, HTTP_ACCEPT_LANGUAGE="en").content.decode()
    assert "Review (township)" in english and "Performance targets" in english
    assert "Applied (village)" in english and "Rural construction / infrastructure" in english
    chinese = client_for(reviewer).get(url).content.decode()
    assert "乡镇审核" in chinese and "Review (township)" not in chinese
    public = Client().get(reverse("projects:public"), HTTP_ACCEPT_LANGUAGE="en")
    assert "Public notices of bridging-fund projects" in public.content.decode()


def test_amounts_have_thousands_separators_in_both_languages(cadre, officer) -> None:  # type: ignore[no-untyped-def]
    from jianpin.projects.tests.fund_factories import make_allocation, make_batch, pay

    project = make_project(VILLAGE, status=Status.IMPLEMENTING, plan_year=2025,
                           budget=Decimal("1234567.8"))
    batch = make_batch(VILLAGE, amount="12500000.00")
    pay(make_allocation(batch, project, "1234567.80"), "987654.32")
    client = client_for(officer)
    pages = {"detail": reverse("projects:detail", args=[project.pk]),
             "list": reverse("projects:list"), "batch": reverse("projects:batch", args=[batch.pk])}
    for language in ("zh-hans", "en"):
        client.cookies["django_language"] = language
        detail = client.get(pages["detail"]).content.decode()
        assert ('<td class="num">1,234,567.80</td><td class="num">987,654.32</td>' in detail)
        assert "1234567.80" not in detail
        listed = client.get(pages["list"]).content.decode()
        assert "<td>2025</td><td>1,234,567.80</td><td>" in listed
        batch_page = client.get(pages["batch"]).content.decode()
        assert "<dd>12,500,000.00</dd>" in batch_page and "<dd>11,265,432.20</dd>" in batch_page
    chinese = Client().get(reverse("projects:public")).content.decode()
    assert "1,234,567.80（中央衔接资金1,234,567.80元）" in chinese
    client.cookies["django_language"] = "zh-hans"
    assert "合计 1,234,567.80 元" in client.get(pages["detail"]).content.decode()
