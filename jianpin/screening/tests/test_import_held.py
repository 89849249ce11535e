"""Held differences of a normal import opening warnings in the inbox (screening.import_held)."""
from __future__ import annotations

from io import StringIO
from typing import Any

import pytest
from django.core.management import call_command

from jianpin.audit.models import AuditEvent
from jianpin.kernel.errors import PermissionDenied
from jianpin.registry import import_actions
from jianpin.registry.io import service
from jianpin.registry.io.layouts import MONITORING
from jianpin.registry.io.models import ImportBatch
from jianpin.registry.models import Household, IncomeRecord, Member
from jianpin.registry.tests.io_helpers import households, rows_of, write_xlsx
from jianpin.screening.models import Warning

pytestmark = pytest.mark.django_db
WARN, QUIET = service.Options(warn_held=True), service.Options(warn_held=False)


def counts(new: int = 0, updated: int = 0, unchanged: int = 0, reopened: int = 0,
           resolved: int = 0) -> dict[str, int]:
    return {"new": new, "updated": updated, "unchanged": unchanged, "reopened": reopened,
            "resolved": resolved}


def _write(tmp_path: Any, hhs: list[list[dict]], name: str) -> Any:
    return write_xlsx(tmp_path / name, *rows_of(hhs, MONITORING))


def _set(hh: list[dict], **values: Any) -> None:
    for row in hh:
        row.update({f"hh.{k}": v for k, v in values.items()})


def _county(tmp_path: Any, user: Any) -> list[list[dict]]:
    """Three households imported as 脱贫户 (no monitoring kind, risk not recorded)."""
    hhs = households(3)
    for hh in hhs:
        _set(hh, status="脱贫户", monitoring_kind="")
    out = service.run(_write(tmp_path, hhs, "first.xlsx"), user=user, dry_run=False)
    assert out.committed and out.households == {"new": 3, "updated": 0, "unchanged": 0}
    return hhs


def _differing(tmp_path: Any, hhs: list[list[dict]]) -> Any:
    """The national file says otherwise for the first household (status, monitoring kind,
    elimination) and the third (status); the second is as jianpin has it."""
    _set(hhs[0], status="一般农户", monitoring_kind="边缘易致贫户", risk_eliminated=False)
    _set(hhs[2], status="一般农户")
    return _write(tmp_path, hhs, "national.xlsx")


def _warnings() -> list[tuple[Any, ...]]:
    return list(Warning.objects.order_by("household__number", "rule_code").values_list(
        "household__number", "rule_set", "rule_code", "category", "severity", "state", "active",
        "year", "explanation"))


def _state() -> tuple[Any, ...]:
    return (list(Household.objects.values_list("number", "version", "status", "monitoring_kind")
                 .order_by("number")),
            list(Member.objects.values_list("id", "name").order_by("id")),
            IncomeRecord.objects.count(), AuditEvent.objects.count(),
            ImportBatch.objects.count(), _warnings())


def _expected(hhs: list[list[dict]], batch: ImportBatch, year: int) -> list[tuple[Any, ...]]:
    first, third = hhs[0][0]["hh.number"], hhs[2][0]["hh.number"]
    named = f"{batch.pk}（national.xlsx）"
    return [
        (first, "import", "IMPORT-HELD-ELIMINATION", "data_quality", "中", "new", True, year,
         {"导入批次": named, "风险是否已消除（导入文件）": "否", "风险是否已消除（本系统）": "空"}),
        (first, "import", "IMPORT-HELD-KIND", "data_quality", "中", "new", True, year,
         {"导入批次": named, "监测对象类型（导入文件）": "边缘易致贫户",
          "监测对象类型（本系统）": "空"}),
        (first, "import", "IMPORT-HELD-STATUS", "data_quality", "中", "new", True, year,
         {"导入批次": named, "户类型（导入文件）": "一般农户", "户类型（本系统）": "脱贫户"}),
        (third, "import", "IMPORT-HELD-STATUS", "data_quality", "中", "new", True, year,
         {"导入批次": named, "户类型（导入文件）": "一般农户", "户类型（本系统）": "脱贫户"}),
    ]


def test_held_differences_open_one_warning_per_household_and_field_set(tmp_path, officer):
    hhs = _county(tmp_path, officer)
    path = _differing(tmp_path, hhs)
    events = AuditEvent.objects.count()
    out = service.run(path, user=officer, dry_run=False, options=WARN)
    assert out.committed and (out.held_count, out.warnings) == (
        4, counts(4, 0, 0))
    batch = ImportBatch.objects.get(file_name="national.xlsx")
    assert _warnings() == _expected(hhs, batch, out.year)
    assert (batch.summary["warn_held"], batch.summary["warnings"]) == (
        True, counts(4, 0, 0))
    opened = AuditEvent.objects.filter(action="screening.warning.import").order_by("pk")
    assert [(e.actor_id, e.object_type, e.note) for e in opened] == [
        (officer.pk, "screening.warning", f"导入批次 {batch.pk}")] * 4
    assert sorted(e.object_id for e in opened) == sorted(
        str(pk) for pk in Warning.objects.values_list("pk", flat=True))
    # the households themselves are untouched: the batch and the four warnings are the writes
    assert AuditEvent.objects.count() == events + 4
    assert list(Household.objects.values_list("status", "monitoring_kind", "version")
                .order_by("number")) == [("脱贫户", "", 1)] * 3


def test_re_importing_the_same_file_opens_no_duplicates(tmp_path, officer):
    hhs = _county(tmp_path, officer)
    path = _differing(tmp_path, hhs)
    year = service.run(path, user=officer, dry_run=False, options=WARN).year
    first = _expected(hhs, ImportBatch.objects.get(file_name="national.xlsx"), year)
    pks = list(Warning.objects.order_by("pk").values_list("pk", flat=True))
    events = AuditEvent.objects.count()
    again = service.run(path, user=officer, dry_run=False, options=WARN)
    assert again.committed and again.warnings == counts(0, 0, 4)
    assert list(Warning.objects.order_by("pk").values_list("pk", flat=True)) == pks
    assert _warnings() == first         # the batch that opened them stays named
    assert AuditEvent.objects.count() == events     # nothing written but the batch row
    assert ImportBatch.objects.filter(file_name="national.xlsx").count() == 2


def test_a_changed_difference_refreshes_the_warning_and_keeps_its_state(tmp_path, officer):
    from jianpin.screening.actions import do_acknowledge

    hhs = _county(tmp_path, officer)
    service.run(_differing(tmp_path, hhs), user=officer, dry_run=False, options=WARN)
    third = hhs[2][0]["hh.number"]
    w = Warning.objects.get(household__number=third)
    do_acknowledge(officer, w)
    _set(hhs[2], status="贫困户")
    out = service.run(_write(tmp_path, hhs, "later.xlsx"), user=officer, dry_run=False,
                      options=WARN)
    assert out.warnings == counts(0, 1, 3)
    later = ImportBatch.objects.get(file_name="later.xlsx")
    w.refresh_from_db()
    assert (w.pk, w.state, w.explanation) == (w.pk, "acknowledged", {
        "导入批次": f"{later.pk}（later.xlsx）", "户类型（导入文件）": "贫困户",
        "户类型（本系统）": "脱贫户"})
    event = AuditEvent.objects.get(action="screening.warning.import_update")
    assert (event.actor_id, event.object_id, event.diff["rule_code"]) == (
        officer.pk, str(w.pk), "IMPORT-HELD-STATUS")


def test_no_warnings_when_the_option_is_off(tmp_path, officer):
    hhs = _county(tmp_path, officer)
    out = service.run(_differing(tmp_path, hhs), user=officer, dry_run=False, options=QUIET)
    assert out.committed and (out.held_count, out.warnings, out.warn_held) == (4, {}, False)
    assert Warning.objects.count() == 0
    assert AuditEvent.objects.filter(action__startswith="screening.").count() == 0


def test_the_default_follows_the_right_to_triage_warnings(tmp_path, officer, cadre):
    assert (import_actions.may_warn_held(officer), import_actions.may_warn_held(cadre),
            import_actions.may_warn_held(None)) == (True, False, True)
    hhs = _county(tmp_path, officer)
    out = service.run(_differing(tmp_path, hhs), user=officer, dry_run=False)
    assert (out.warn_held, out.warnings) == (True, counts(4, 0, 0))


def test_a_user_without_the_right_is_refused_and_nothing_changes(tmp_path, officer, cadre):
    hhs = _county(tmp_path, officer)
    hhs[1][0]["m.name"] = "改名"        # a change the import would write
    _set(hhs[1], head_name="改名")
    path = _differing(tmp_path, hhs)
    before = _state()
    for dry_run in (True, False):
        with pytest.raises(PermissionDenied):
            service.run(path, user=cadre, dry_run=dry_run, options=WARN)
    with pytest.raises(PermissionDenied):
        import_actions.do_start_import(cadre, path=path, file_name="national.xlsx",
                                       sha256="0" * 64, size=1, warn_held=True)
    assert _state() == before
    # without the option the cadre's import writes the address and opens nothing
    out = service.run(path, user=cadre, dry_run=False)
    assert out.committed and (out.warn_held, out.households["updated"]) == (False, 1)
    assert Warning.objects.count() == 0


def test_command_line_option(tmp_path, officer):
    hhs = _county(tmp_path, officer)
    path = _differing(tmp_path, hhs)
    text = StringIO()
    call_command("import_households", str(path), "--user", "officer", "--no-warn-held",
                 stdout=text)
    assert Warning.objects.count() == 0
    text = StringIO()
    call_command("import_households", str(path), "--user", "officer", "--warn-held", stdout=text)
    assert "新开预警 4 条" in text.getvalue()
    assert Warning.objects.filter(rule_set="import").count() == 4


@pytest.fixture
def inline_jobs(settings, tmp_path):  # type: ignore[no-untyped-def]
    settings.JOBS_INLINE = True
    settings.DATA_DIR = tmp_path / "data"


def _upload(client: Any, path: Any, **extra: str) -> Any:
    from django.urls import reverse

    with path.open("rb") as fh:
        return client.post(reverse("registry:import"),
                           {"file": fh, "layout": "", "year": "2025", "mode": "", **extra})


def test_the_import_page_choice_opens_warnings_on_confirm(
        tmp_path, officer, cadre, client, inline_jobs, django_capture_on_commit_callbacks):
    from django.urls import reverse

    from jianpin.conftest import PASSWORD

    hhs = _county(tmp_path, officer)
    path = _differing(tmp_path, hhs)
    assert client.login(username="cadre", password=PASSWORD)
    assert 'name="warn_held"' not in client.get(reverse("registry:import")).content.decode()
    before = _state()
    resp = _upload(client, path, warn_held="1")        # asked for all the same: refused
    assert (resp.status_code, resp["Location"]) == (302, reverse("registry:import"))
    assert [str(m) for m in resp.wsgi_request._messages] == ["您的角色无权执行此操作"]
    assert _state() == before
    client.logout()
    assert client.login(username="officer", password=PASSWORD)
    page = client.get(reverse("registry:import")).content.decode()
    assert 'name="warn_held" id="id_warn_held" value="1" checked' in page
    with django_capture_on_commit_callbacks(execute=True):
        _upload(client, path, warn_held="1")
    batch = ImportBatch.objects.get(file_name="national.xlsx")
    assert (batch.summary["warn_held"], batch.summary["held_count"], Warning.objects.count()) == (
        True, 4, 0)             # the preview opens nothing
    with django_capture_on_commit_callbacks(execute=True):
        client.post(reverse("registry:import_confirm", args=[batch.pk]))
    batch.refresh_from_db()
    assert (batch.status, batch.summary["warnings"]) == (
        "committed", counts(4, 0, 0))
    assert _warnings() == _expected(hhs, batch, batch.year)
    shown = client.get(reverse("registry:import_batch", args=[batch.pk])).content.decode()
    assert "已在监测预警中新开预警 4 条、更新 0 条（已有且相同的 0 条未重复开启）。" in shown


def test_the_warning_reads_in_english(tmp_path, officer):
    from django.utils import translation

    from jianpin.screening import display

    hhs = _county(tmp_path, officer)
    service.run(_differing(tmp_path, hhs), user=officer, dry_run=False, options=WARN)
    w = Warning.objects.get(household__number=hhs[2][0]["hh.number"])
    batch = ImportBatch.objects.get(file_name="national.xlsx")
    assert display.reasons(w.explanation) == (
        f"导入批次={batch.pk}（national.xlsx）；户类型（导入文件）=一般农户；户类型（本系统）=脱贫户")
    with translation.override("en"):
        assert (display.rule_name(w.rule_code, w.rule_name), display.rule_flag(
            w.rule_code, w.flag), display.sets_label(w.rule_set)) == (
            "Household status in the imported file differs from jianpin", "Status differs",
            "Import differences")
        # code-list values in the reader's language (the stored codes and explanation unchanged)
        assert display.reasons(w.explanation) == (
            f"Import batch={batch.pk} (national.xlsx); "
            "Household status (imported file)=Ordinary household; "
            "Household status (jianpin)=Lifted out of poverty")
