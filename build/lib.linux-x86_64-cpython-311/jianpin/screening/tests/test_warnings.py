from __future__ import annotations

import datetime as dt
import json
from io import StringIO

import pytest
from django.core.management import call_command

from jianpin.audit.models import AuditEvent
from jianpin.conftest import SIBLING_TOWNSHIP
from jianpin.kernel.errors import DomainError, PermissionDenied
from jianpin.screening import actions, queries
from jianpin.screening.models import RuleRecord, RunStatus, ScreeningRun, Warning, WarningState
from jianpin.screening.tests.fixture import EXPECTED, build

pytestmark = pytest.mark.django_db


def _run(rule_set: str | None = None, area: str | None = None) -> ScreeningRun:
    run, _ = actions.run_now(rule_set=rule_set, year=2024, area_code=area, engine=None)
    run.refresh_from_db()
    return run


def test_cli_json_contract() -> None:
    build()
    out = StringIO()
    call_command("screen", "--rules", "monitoring", "--year", "2024", "--json", stdout=out)
    data = json.loads(out.getvalue())
    assert set(data) == {"rules", "year", "engine", "households_screened", "hits"}
    assert (data["rules"], data["year"], data["engine"]) == ("monitoring", 2024,
                                                             queries_engine())
    assert data["households_screened"] == 13
    first = data["hits"][0]
    assert first == {"household_number": "SCR01", "rule": "MON-MARGINAL", "flag": "边缘易致贫户",
                     "explanation": {"status": "一般农户", "is_monitored": False,
                                     "per_capita_net": 5000.0, "std_monitoring_line": 6000.0}}
    pairs = [(h["household_number"], h["rule"]) for h in data["hits"]]
    assert pairs == sorted((n, c) for n, cs in EXPECTED.items() for c in cs
                           if c.startswith("MON-"))


def queries_engine() -> str:
    from jianpin.screening.service import in_database_name

    return in_database_name()


def test_cli_summary_and_bad_set() -> None:
    build()
    out = StringIO()
    call_command("screen", "--year", "2024", "--area", "441424000000", stdout=out)
    assert out.getvalue().startswith("筛查完成：12 户，30 条规则，命中 32 条（新增预警 32）")
    from django.core.management.base import CommandError
    with pytest.raises(CommandError, match="未知的规则集“nope”"):
        call_command("screen", "--rules", "nope", "--year", "2024")


def test_warnings_are_deduplicated_across_runs() -> None:
    build()
    first = _run()
    assert (first.status, first.hits, first.new_warnings) == (RunStatus.DONE, 33, 33)
    assert Warning.objects.count() == 33
    ack = Warning.objects.get(household__number="SCR01", rule_code="MON-MARGINAL")
    ack.state = WarningState.ACKNOWLEDGED
    ack.save()
    second = _run()
    assert (second.hits, second.new_warnings) == (33, 0)
    assert Warning.objects.count() == 33
    ack.refresh_from_db()
    # Nothing changed: the second run carries the warning over without writing it (its last
    # run stays the run that last screened the household) and counts it in its hits.
    assert (ack.state, ack.first_run_id, ack.last_run_id) == ("acknowledged", first.pk,
                                                              first.pk)
    # A household that stops hitting keeps its warning, marked inactive.
    from jianpin.registry.models import IncomeRecord
    IncomeRecord.objects.filter(household__number="SCR01", year=2024).update(
        per_capita_net=7000)
    monitoring = _run("monitoring")
    ack.refresh_from_db()
    # Another rule set sharing the rule code keeps warnings of its own: the default set's
    # warning is not its to resolve.
    assert (monitoring.hits, monitoring.new_warnings) == (8, 8)
    assert ack.active is True
    assert Warning.objects.filter(rule_set="monitoring", household__number="SCR01").count() == 0
    _run()
    ack.refresh_from_db()
    assert ack.active is False
    assert Warning.objects.filter(active=False).count() == 1
    assert Warning.objects.count() == 33 + 8


def test_triage_walks_every_edge(reviewer) -> None:  # type: ignore[no-untyped-def]
    build()
    _run("risk", "441424000000")
    w = Warning.objects.get(household__number="SCR08", rule_code="RISK-WATER")
    with pytest.raises(DomainError, match="不能改为“已排除”"):
        actions.do_dismiss(reviewer, w, "已打井")
    actions.do_acknowledge(reviewer, w)
    with pytest.raises(DomainError, match="排除预警必须填写理由"):
        actions.do_dismiss(reviewer, w, " ")
    done = actions.do_dismiss(reviewer, w, "已通自来水，核实饮水安全")
    assert (done.state, done.reason, done.handled_by) == ("dismissed", "已通自来水，核实饮水安全",
                                                          reviewer)
    with pytest.raises(DomainError):
        actions.do_acknowledge(reviewer, w)
    other = Warning.objects.get(household__number="SCR08", rule_code="RISK-HOUSING")
    actions.do_acknowledge(reviewer, other)
    assert actions.do_open_case(reviewer, other).state == "case_opened"
    events = list(AuditEvent.objects.filter(action__startswith="screening.warning.")
                  .order_by("pk").values_list("action", flat=True))
    assert events == ["screening.warning.acknowledged", "screening.warning.dismissed",
                      "screening.warning.acknowledged", "screening.warning.case_opened"]


def test_triage_outside_area_or_role_changes_nothing(cadre, officer) -> None:  # type: ignore[no-untyped-def]
    from jianpin.accounts.models import Role
    from jianpin.conftest import make_user
    build()
    _run("monitoring")
    far = make_user("far", Role.TOWNSHIP_REVIEWER, SIBLING_TOWNSHIP)
    w = Warning.objects.get(household__number="SCR01", rule_code="MON-MARGINAL")
    before = AuditEvent.objects.count()
    for user in (far, cadre):
        with pytest.raises(PermissionDenied):
            actions.do_acknowledge(user, w)
    w.refresh_from_db()
    assert (w.state, w.handled_by) == ("new", None)
    assert AuditEvent.objects.count() == before
    assert queries.warnings_for_user(far).count() == 0
    assert queries.warnings_for_user(officer).count() == 8  # SCR13 is in another county
    assert queries.warnings_for_user(cadre).count() == 8


def test_hits_for_household(cadre) -> None:  # type: ignore[no-untyped-def]
    from jianpin.accounts.models import Role
    from jianpin.conftest import make_user
    households = build()
    _run("risk")
    hits = queries.hits_for_household(cadre, households["SCR08"])
    assert [(h.rule_code, h.flag) for h in hits] == [
        ("RISK-HOUSING", "因住房安全"), ("RISK-SCHOOLING", "因学"), ("RISK-WATER", "因饮水安全")]
    assert hits[2].reasons == [("饮水安全", "否")]
    assert hits[1].reasons == [("6至15岁未在校人数", "1")]
    stranger = make_user("stranger", Role.VILLAGE_CADRE, SIBLING_TOWNSHIP)
    assert queries.hits_for_household(stranger, households["SCR08"]) == []


def test_ui_run_as_background_job(client, reviewer, settings,  # type: ignore[no-untyped-def]
                                  django_capture_on_commit_callbacks) -> None:
    settings.JOBS_INLINE = True
    build()
    client.force_login(reviewer)
    with pytest.raises(PermissionDenied):
        actions.do_start_screening(reviewer, rule_set="default", year=2024,
                                   area_code="441424000000")
    with django_capture_on_commit_callbacks(execute=True):
        resp = client.post("/screening/runs/", {"rule_set": "monitoring", "year": 2024,
                                                "area_code": "", "engine": "duckdb"})
    assert resp.status_code == 302
    run = ScreeningRun.objects.get()
    assert (run.status, run.area_code, run.engine, run.households_screened, run.hits) == (
        "done", "441424100000", "duckdb", 12, 8)
    assert run.job.status == "done" and run.job.percent == 100
    page = client.get(f"/screening/runs/{run.pk}/")
    assert "筛查 12 户，命中 8 条，新增预警 8 条" in page.content.decode()
    inbox = client.get("/screening/").content.decode()
    assert "SCR01" in inbox and "人均纯收入=5000" in inbox and "SCR13" not in inbox
    assert AuditEvent.objects.filter(action="screening.run.start").count() == 1
    assert AuditEvent.objects.filter(action="screening.run.finish").count() == 1


def test_ui_dismiss_through_inbox(client, reviewer) -> None:  # type: ignore[no-untyped-def]
    build()
    _run("monitoring")
    w = Warning.objects.get(household__number="SCR01", rule_code="MON-MARGINAL")
    client.force_login(reviewer)
    client.post(f"/screening/warnings/{w.pk}/acknowledge/")
    client.post(f"/screening/warnings/{w.pk}/dismiss/", {"reason": "务工收入漏报，已核实"})
    w.refresh_from_db()
    assert (w.state, w.reason) == ("dismissed", "务工收入漏报，已核实")
    listed = client.get("/screening/?state=dismissed").content.decode()
    assert "务工收入漏报，已核实" in listed


def test_rule_edited_in_ui_is_checked_and_used(client, admin_user, officer, reviewer) -> None:  # type: ignore[no-untyped-def]
    build()
    client.force_login(officer)
    refused = client.post("/screening/rules/", {
        "set_code": "monitoring", "code": "MON-MARGINAL", "name": "县里改", "severity": "高",
        "category": "monitoring_kind", "flag": "边缘易致贫户", "enabled": "on",
        "condition": "per_capita_net < std_relative_line"})
    assert "您的角色无权执行此操作" in refused.content.decode()  # rules are national
    assert not RuleRecord.objects.exists()
    client.force_login(admin_user)
    bad = client.post("/screening/rules/", {
        "set_code": "monitoring", "code": "MON-MARGINAL", "name": "改", "severity": "高",
        "category": "monitoring_kind", "flag": "边缘易致贫户",
        "condition": "per_capita_net < std_monitoring_line and"})
    assert bad.status_code == 400
    assert "第1行第41列：规则意外结束" in bad.content.decode()
    ok = client.post("/screening/rules/", {
        "set_code": "monitoring", "code": "MON-MARGINAL", "name": "改", "severity": "高",
        "category": "monitoring_kind", "flag": "边缘易致贫户", "enabled": "on",
        "condition": "status = '一般农户' and per_capita_net < std_relative_line"})
    assert ok.status_code == 302
    # Guangdong's seeded relative line ended with 2020; a 2024 line at the same level.
    from jianpin.standards.models import Standard
    Standard.objects.create(year=2024, region_code="440000000000", region_prefix="44",
                            key="relative_line", value=4000, income_concept="disposable")
    run = _run("monitoring")
    found = set(Warning.objects.filter(rule_code="MON-MARGINAL")
                .values_list("household__number", flat=True))
    assert found == {"SCR11", "SCR12", "SCR13"}  # below Guangdong's 4000 relative line
    assert run.hits == 8
    with pytest.raises(PermissionDenied):
        actions.do_save_rule(reviewer, set_code="monitoring", data={})


def test_months_monitored_reference_date() -> None:
    from jianpin.screening.features import reference_date
    assert reference_date(2024, dt.date(2026, 1, 1)) == dt.date(2024, 12, 31)
    assert reference_date(2026, dt.date(2026, 3, 5)) == dt.date(2026, 3, 5)


def test_household_hits_include_renders(cadre) -> None:  # type: ignore[no-untyped-def]
    from django.template.loader import render_to_string
    households = build()
    _run("risk")
    html = render_to_string("screening/_household_hits.html", {
        "screening_hits": queries.hits_for_household(cadre, households["SCR08"])})
    assert "因饮水安全" in html and "饮水安全：否" in html and "6至15岁未在校人数：1" in html
    empty = render_to_string("screening/_household_hits.html", {"screening_hits": []})
    assert "暂无预警" in empty
