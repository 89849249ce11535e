"""A masked export is refused once, before its rows are checked; a few masked cells among real
IDs are row errors; error values show what the user typed."""
from __future__ import annotations

import json
from io import StringIO
from pathlib import Path

import pytest
from django.core.management import call_command
from django.urls import reverse
from django.utils import translation

from jianpin.conftest import PASSWORD
from jianpin.kernel.cells import typed_text
from jianpin.kernel.errors import DomainError
from jianpin.kernel.masking import mask_id
from jianpin.registry.io import masked, service
from jianpin.registry.io.export import ExportRequest, do_export
from jianpin.registry.io.layouts import TEMPLATE
from jianpin.registry.io.models import BatchStatus, ImportBatch
from jianpin.registry.models import Member
from jianpin.registry.tests.io_helpers import VILLAGES, households, rows_of, write_xlsx

pytestmark = pytest.mark.django_db

REFUSAL = ("工作表「{}」是脱敏导出的文件（身份证号和电话已部分隐藏），不能导回。"
           "请在导出页面勾选“包含完整身份证号和电话”（命令行加 --unmasked）重新导出，再导入该文件")
CSV_REFUSAL = ("文件「{}」是脱敏导出的文件（身份证号和电话已部分隐藏），不能导回。"
               "请在导出页面勾选“包含完整身份证号和电话”（命令行加 --unmasked）重新导出，再导入该文件")
CSV_REFUSAL_EN = ("File “{}” is a masked export (ID and phone numbers partly hidden) and cannot be "
                  "imported back. Export again with “Include full ID and phone numbers” ticked on "
                  "the export page (--unmasked on the command line), then import that file")


@pytest.fixture
def loaded(tmp_path, officer):  # type: ignore[no-untyped-def]
    header, rows = rows_of(households(4, villages=VILLAGES))
    out = service.run(write_xlsx(tmp_path / "in.xlsx", header, rows), user=officer,
                      dry_run=False, year=2025)
    assert out.committed
    return out


def _export(tmp_path: Path, officer, **kw) -> Path:  # type: ignore[no-untyped-def]
    name, data, _ = do_export(officer, ExportRequest(year=2025, **kw))
    path = tmp_path / name
    path.write_bytes(data)
    return path


def _state() -> list[tuple]:
    return list(Member.objects.values_list("id", "id_number", "updated_at").order_by("id"))


@pytest.mark.parametrize("fmt, sheet", [("xlsx", "农户名单"), ("csv", None)])
def test_masked_export_is_refused_before_row_checks(tmp_path, officer, loaded, fmt, sheet):
    path = _export(tmp_path, officer, fmt=fmt)
    before = _state()
    for dry_run in (True, False):
        with pytest.raises(DomainError) as caught:
            service.run(path, user=officer, dry_run=dry_run, year=2025)
        assert caught.value.code == "masked_export"
        assert caught.value.message == (REFUSAL.format(sheet) if sheet
                                        else CSV_REFUSAL.format(path.name))
    assert _state() == before and ImportBatch.objects.filter(status="committed").count() == 1


def test_a_masked_csv_is_named_as_a_file_in_both_languages(tmp_path, officer, loaded):
    """A CSV file has no sheets: the refusal names the file (as uploaded), not its stem."""
    path = _export(tmp_path, officer, fmt="csv")
    assert path.suffix == ".csv"
    for lang, text in (("zh-hans", CSV_REFUSAL), ("en", CSV_REFUSAL_EN)):
        with translation.override(lang), pytest.raises(DomainError) as caught:
            service.run(path, name="村里交回的名单.csv", user=officer, dry_run=True, year=2025)
        assert (caught.value.code, caught.value.message) == (
            "masked_export", text.format("村里交回的名单.csv"))
    out = StringIO()
    with pytest.raises(SystemExit) as stopped:
        call_command("import_households", str(path), "--json", "--user", "officer", "--quiet",
                     stdout=out)
    assert stopped.value.code == 2
    assert json.loads(out.getvalue()) == {"file": path.name, "error": {
        "code": "masked_export", "message": CSV_REFUSAL.format(path.name)}}


def test_unmasked_export_of_the_same_households_imports(tmp_path, officer, loaded):
    out = service.run(_export(tmp_path, officer, unmasked=True), user=officer, dry_run=True,
                      year=2025)
    assert out.errors == [] and out.households == {"new": 0, "updated": 0, "unchanged": 4}


def test_title_mark_alone_refuses(tmp_path, officer):
    """The mark the export writes is enough, whatever the ID cells hold."""
    header, rows = rows_of(households(2))
    path = write_xlsx(tmp_path / "a.xlsx", header, rows, title="2025年度 农户成员信息（已脱敏）")
    with pytest.raises(DomainError) as caught:
        service.run(path, user=officer, dry_run=True, year=2025)
    assert caught.value.code == "masked_export"


def test_a_few_masked_ids_among_real_ones_are_row_errors(tmp_path, officer):
    header, rows = rows_of(households(4))
    col = header.index("证件号码")
    real = rows[1][col]
    rows[1][col] = mask_id(real)
    assert rows[1][col] == real[:6] + "*" * 12 and len(rows) > 2
    out = service.run(write_xlsx(tmp_path / "few.xlsx", header, rows), user=officer,
                      dry_run=True, year=2025)
    assert [(e["row"], e["column"], e["value"], e["code"]) for e in out.errors] == [
        (4, "证件号码", real[:6] + "*" * 12, "id_format")]
    assert out.error_rows == 1


@pytest.mark.parametrize("value, expected", [
    ("441424************", True), ("4414********1234", True), ("******************", True),
    ("441424199001011234", False), ("44142419900101123X", False), ("", False), (None, False),
    ("1234*", False)])
def test_masked_id_pattern(value, expected):
    assert masked.is_masked_id(value) is expected


def test_cli_json_gives_the_stable_code(tmp_path, officer, loaded):
    path = _export(tmp_path, officer)
    out = StringIO()
    with pytest.raises(SystemExit) as stopped:
        call_command("import_households", str(path), "--json", "--user", "officer", "--quiet",
                     stdout=out)
    assert stopped.value.code == 2
    assert json.loads(out.getvalue()) == {"file": path.name, "error": {
        "code": "masked_export", "message": REFUSAL.format("农户名单")}}


def test_import_page_shows_the_refusal(client, settings, officer, loaded, tmp_path,
                                       django_capture_on_commit_callbacks):
    settings.JOBS_INLINE = True
    settings.DATA_DIR = tmp_path / "data"
    path = _export(tmp_path, officer)
    assert client.login(username=officer.username, password=PASSWORD)
    with django_capture_on_commit_callbacks(execute=True), path.open("rb") as fh:
        client.post(reverse("registry:import"), {"file": fh, "layout": "", "year": "2025"})
    batch = ImportBatch.objects.exclude(status="committed").get()
    assert batch.status == BatchStatus.FAILED and batch.error_count == 0
    assert batch.message == REFUSAL.format("农户名单")
    page = client.get(reverse("registry:import_batch", args=[batch.pk])).content.decode()
    assert "是脱敏导出的文件" in page and "--unmasked" in page


def test_year_only_date_shows_as_typed(tmp_path, officer):
    header, rows = rows_of(households(1), TEMPLATE)
    col = header.index("出生日期")
    rows[0][col] = 1984
    out = service.run(write_xlsx(tmp_path / "y.xlsx", header, rows), user=officer,
                      dry_run=True, year=2025)
    assert [(e["value"], e["code"], e["message"]) for e in out.errors] == [
        ("1984", "bad_date", "「1984」不是有效日期（应为 2020-01-31 或 202001 格式）")]


@pytest.mark.parametrize("value, expected", [
    (1984.0, "1984"), (1984.5, "1984.5"), (None, ""), ("1984", "1984"), (0.0, "0"), (7, "7")])
def test_typed_text(value, expected):
    assert typed_text(value) == expected
