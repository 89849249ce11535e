"""Imports follow the rules of the single-record actions: area, approval locks, fields reserved
for workflow decisions (except in the county's roster mode), versions (no lost updates)."""
from __future__ import annotations

from io import StringIO
from typing import Any

import pytest
from django.core.management import CommandError, call_command
from django.urls import reverse
from django.utils import timezone

from jianpin.audit.models import AuditEvent
from jianpin.conftest import PASSWORD, TOWNSHIP, VILLAGE
from jianpin.jobs.models import Job
from jianpin.kernel.errors import DomainError
from jianpin.registry import actions
from jianpin.registry.import_actions import ROSTER
from jianpin.registry.io import plan, service
from jianpin.registry.io.layouts import MONITORING
from jianpin.registry.io.models import BatchStatus, ImportBatch
from jianpin.registry.models import Household, IncomeRecord, Member
from jianpin.registry.tests.io_helpers import households, rows_of, write_xlsx

pytestmark = pytest.mark.django_db


def _write(tmp_path: Any, hhs: list[list[dict]], name: str) -> Any:
    # The monitoring system's roster carries status and monitoring kind (the 2014-2020 export
    # has no monitoring kind column).
    return write_xlsx(tmp_path / name, *rows_of(hhs, MONITORING))


def _set(hh: list[dict], **values: Any) -> None:
    """Give every row of one household the same household-level values."""
    if values.get("monitoring_kind"):       # the monitoring system requires this beside a kind
        values.setdefault("risk_eliminated", False)
    for row in hh:
        row.update({f"hh.{k}": v for k, v in values.items()})


def _rename_head(hh: list[dict], name: str) -> None:
    hh[0]["m.name"] = name
    for row in hh:
        row["hh.head_name"] = name


def _state() -> tuple:
    """Everything an import may write, to assert that a refused one changed nothing."""
    return (list(Household.objects.values_list("number", "version", "status", "monitoring_kind",
                                                "size").order_by("number")),
            list(Member.objects.values_list("id", "name", "household_id").order_by("id")),
            IncomeRecord.objects.count(), AuditEvent.objects.count(),
            ImportBatch.objects.count())


def _imported(tmp_path: Any, user: Any, n: int = 2) -> list[list[dict]]:
    hhs = households(n)
    for hh in hhs:
        _set(hh, status="脱贫户", monitoring_kind="")
    out = service.run(_write(tmp_path, hhs, "first.xlsx"), user=user, dry_run=False)
    assert out.committed and out.households == {"new": n, "updated": 0, "unchanged": 0}
    return hhs


def test_import_into_locked_village_is_refused_like_a_form_edit(tmp_path, cadre):
    from jianpin.workflows.models import DataApproval

    hhs = _imported(tmp_path, cadre)
    DataApproval.objects.create(region_id=TOWNSHIP, period=str(timezone.localdate().year),
                                status="approved")
    member = Member.objects.get(id_number=hhs[0][0]["m.id_number"])
    with pytest.raises(DomainError) as form_edit:
        actions.do_update_member(cadre, member, name="改名")
    name = hhs[0][0]["m.name"]
    _rename_head(hhs[0], "改名")
    path = _write(tmp_path, hhs, "again.xlsx")
    before = _state()
    for dry_run in (True, False):
        with pytest.raises(DomainError) as imported:
            service.run(path, user=cadre, dry_run=dry_run)
        assert (imported.value.code, imported.value.message) == (
            form_edit.value.code, form_edit.value.message)
        assert form_edit.value.code == "locked"
    assert _state() == before
    assert Member.objects.get(pk=member.pk).name == name


def test_new_household_in_locked_village_is_refused_by_form_and_import(tmp_path, cadre):
    from jianpin.regions.models import Region
    from jianpin.workflows.models import DataApproval

    DataApproval.objects.create(region_id=TOWNSHIP, period=str(timezone.localdate().year),
                                status="approved")
    with pytest.raises(DomainError) as form:
        actions.do_create_household(cadre, village=Region.objects.get(code=VILLAGE),
                                    number="H1", head={"name": "张三"})
    with pytest.raises(DomainError) as imported:
        service.run(_write(tmp_path, households(1), "n.xlsx"), user=cadre, dry_run=False)
    assert form.value.code == imported.value.code == "locked"
    assert form.value.message == imported.value.message
    assert (Household.objects.count(), AuditEvent.objects.count()) == (0, 0)


def test_import_holds_back_status_and_monitoring_kind_and_reports_them(tmp_path, cadre):
    hhs = _imported(tmp_path, cadre)
    number = hhs[0][0]["hh.number"]
    _set(hhs[0], status="一般农户", monitoring_kind="边缘易致贫户")
    path = _write(tmp_path, hhs, "again.xlsx")
    before = _state()
    preview = service.run(path, user=cadre)
    held = [{"number": number, "sheet": "脱贫人口", "row": 3, "member": "", "field": "status",
             "stored": "脱贫户", "file": "一般农户"},
            {"number": number, "sheet": "脱贫人口", "row": 3, "member": "",
             "field": "monitoring_kind", "stored": "", "file": "边缘易致贫户"},
            {"number": number, "sheet": "脱贫人口", "row": 3, "member": "",
             "field": "risk_eliminated", "stored": None, "file": False}]
    assert (preview.held_count, preview.held) == (3, held)
    assert preview.households == {"new": 0, "updated": 0, "unchanged": 2}
    out = service.run(path, user=cadre, dry_run=False)
    assert out.committed and (out.held_count, out.held) == (3, held)
    assert out.households == {"new": 0, "updated": 0, "unchanged": 2}
    hh = Household.objects.get(number=number)
    assert (hh.status, hh.monitoring_kind, hh.version) == ("脱贫户", "", 1)
    assert _state()[:4] == before[:4]       # only the batch itself was recorded


def test_roster_mode_sets_status_for_a_county_officer_and_audits_the_mode(tmp_path, officer):
    hhs = _imported(tmp_path, officer)
    number = hhs[0][0]["hh.number"]
    _set(hhs[0], status="一般农户", monitoring_kind="边缘易致贫户")
    out = service.run(_write(tmp_path, hhs, "roster.xlsx"), user=officer, dry_run=False,
                      options=service.Options(mode=ROSTER))
    assert out.committed and out.mode == "roster" and out.held_count == 0
    assert out.households == {"new": 0, "updated": 1, "unchanged": 1}
    hh = Household.objects.get(number=number)
    assert (hh.status, hh.monitoring_kind, hh.version) == ("一般农户", "边缘易致贫户", 2)
    event = AuditEvent.objects.get(action="registry.roster.update")
    assert (event.actor_id, event.object_id, event.region_code) == (
        officer.pk, str(hh.pk), hh.village_id)
    assert event.note == "国家系统名单导入：导入"
    assert event.diff["household"] == {"status": ["脱贫户", "一般农户"],
                                       "monitoring_kind": ["", "边缘易致贫户"],
                                       "risk_eliminated": [None, False]}


def test_roster_mode_is_refused_to_others_and_nothing_changes(tmp_path, cadre, reviewer):
    hhs = _imported(tmp_path, cadre)
    _set(hhs[0], status="一般农户", monitoring_kind="边缘易致贫户")
    path = _write(tmp_path, hhs, "roster.xlsx")
    before = _state()
    for user in (cadre, reviewer, None):
        for dry_run in (True, False):
            with pytest.raises(DomainError) as err:
                service.run(path, user=user, dry_run=dry_run,
                            options=service.Options(mode=ROSTER))
            assert err.value.code == "roster_county_only"
    with pytest.raises(CommandError, match="只有县级管理人员可以按国家系统名单导入"):
        call_command("import_households", str(path), "--roster", "--user", cadre.username,
                     stdout=StringIO())
    assert _state() == before


def test_roster_on_the_command_line_for_a_county_officer(tmp_path, officer):
    hhs = _imported(tmp_path, officer)
    _set(hhs[1], monitoring_kind="突发严重困难户")
    out = StringIO()
    call_command("import_households", str(_write(tmp_path, hhs, "r.xlsx")), "--roster",
                 "--user", officer.username, "--quiet", stdout=out)
    assert Household.objects.get(number=hhs[1][0]["hh.number"]).monitoring_kind == "突发严重困难户"
    assert AuditEvent.objects.filter(action="registry.roster.update").count() == 1


def _client(client: Any, user: Any) -> Any:
    assert client.login(username=user.username, password=PASSWORD)
    return client


def _upload(client: Any, path: Any, mode: str = "") -> Any:
    with path.open("rb") as fh:
        return client.post(reverse("registry:import"),
                           {"file": fh, "layout": "", "year": "2025", "mode": mode})


@pytest.fixture
def inline_jobs(settings, tmp_path):  # type: ignore[no-untyped-def]
    settings.JOBS_INLINE = True
    settings.DATA_DIR = tmp_path / "data"


def test_member_edited_after_the_preview_is_reported_not_overwritten(
        tmp_path, cadre, client, inline_jobs, django_capture_on_commit_callbacks):
    hhs = _imported(tmp_path, cadre)
    for hh in hhs:
        _rename_head(hh, hh[0]["m.name"] + "新")
    c = _client(client, cadre)
    with django_capture_on_commit_callbacks(execute=True):
        _upload(c, _write(tmp_path, hhs, "edit.xlsx"))
    batch = ImportBatch.objects.get(status=BatchStatus.PREVIEWED)
    assert batch.summary["households"] == {"new": 0, "updated": 2, "unchanged": 0}
    edited = Member.objects.get(id_number=hhs[0][0]["m.id_number"])
    fresh = edited.household
    actions.do_update_member(cadre, edited, version=fresh.version, name="村里改的")
    with django_capture_on_commit_callbacks(execute=True):
        c.post(reverse("registry:import_confirm", args=[batch.pk]))
    batch.refresh_from_db()
    assert batch.status == BatchStatus.COMMITTED
    number = hhs[0][0]["hh.number"]
    assert [(x["number"], x["row"]) for x in batch.summary["conflicts"]] == [(number, 3)]
    assert batch.summary["households"] == {"new": 0, "updated": 1, "unchanged": 0}
    assert Member.objects.get(pk=edited.pk).name == "村里改的"
    other = Member.objects.get(id_number=hhs[1][0]["m.id_number"])
    assert other.name == hhs[1][0]["m.name"]
    assert list(AuditEvent.objects.filter(action="registry.import.update")
                .values_list("object_id", flat=True)) == [str(other.household_id)]
    page = c.get(reverse("registry:import_batch", args=[batch.pk])).content.decode()
    assert f"户编号 {number} 在预检之后已被修改" in page
    logged = AuditEvent.objects.filter(object_id=str(batch.pk), action__in=(
        "registry.import.upload", "registry.import.confirm")).order_by("id")
    assert [(e.action, e.actor_id) for e in logged] == [
        ("registry.import.upload", cadre.pk), ("registry.import.confirm", cadre.pk)]


def test_household_changed_between_plan_and_write_is_a_conflict(tmp_path, cadre):
    """The version condition holds without a preview too (a write racing the commit)."""
    hhs = _imported(tmp_path, cadre)
    _rename_head(hhs[0], hhs[0][0]["m.name"] + "新")
    parsed, _layout = service._read(_write(tmp_path, hhs, "x.xlsx"), "x.xlsx", None,
                                    lambda *a: None)
    from jianpin.registry.io import villages
    villages.resolve(parsed, cadre)
    the_plan = plan.build(parsed, cadre, 2025, True, actions.WRITABLE["normal"])
    member = Member.objects.get(id_number=hhs[0][0]["m.id_number"])
    actions.do_update_member(cadre, member, name="抢先改的")
    written = actions.do_import_households(cadre, the_plan)
    assert (written.households, [hp.source.number for hp in written.conflicts]) == (
        0, [hhs[0][0]["hh.number"]])
    assert Member.objects.get(pk=member.pk).name == "抢先改的"


def test_roster_choice_on_the_page_for_county_officers_only(
        tmp_path, cadre, officer, client, inline_jobs, django_capture_on_commit_callbacks):
    path = _write(tmp_path, households(1), "a.xlsx")
    c = _client(client, cadre)
    assert 'name="mode"' not in c.get(reverse("registry:import")).content.decode()
    resp = _upload(c, path, mode="roster")
    assert resp.status_code == 302 and resp["Location"] == reverse("registry:import")
    messages = [str(m) for m in resp.wsgi_request._messages]
    assert messages == ["只有县级管理人员可以按国家系统名单导入（可更改户类型和监测对象类型）"]
    assert (ImportBatch.objects.count(), Job.objects.count(), AuditEvent.objects.count()) == (
        0, 0, 0)
    c.logout()
    c = _client(client, officer)
    assert 'name="mode"' in c.get(reverse("registry:import")).content.decode()
    with django_capture_on_commit_callbacks(execute=True):
        _upload(c, path, mode="roster")
    batch = ImportBatch.objects.get()
    assert (batch.status, batch.summary["mode"]) == (BatchStatus.PREVIEWED, "roster")
    event = AuditEvent.objects.get(action="registry.import.upload")
    assert (event.actor_id, event.diff["mode"]) == (officer.pk, "roster")


def test_import_audit_masks_phones_as_single_record_actions_do(tmp_path, cadre):
    from jianpin.kernel.masking import mask_id, mask_phone

    hhs = _imported(tmp_path, cadre)
    head = hhs[1][0]
    head["m.phone"] = "13912345678"
    service.run(_write(tmp_path, hhs, "p.xlsx"), user=cadre, dry_run=False)
    event = AuditEvent.objects.get(action="registry.import.update")
    key = f"{head['m.name']} {mask_id(head['m.id_number'])}"
    assert event.diff["members"][key]["phone"][1] == \
        mask_phone("13912345678")
    assert "13912345678" not in str(event.diff)
