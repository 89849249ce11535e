"""What a normal import holds back is shown by field name and readable values (是/否, 空),
on the command line and on the batch page, in Chinese and English; `jianpin export -o -`
writes to standard output and takes a county's 6-digit code."""
from __future__ import annotations

import json
from io import StringIO

import pytest
from django.core.management import call_command
from django.test import Client

from jianpin.conftest import COUNTY
from jianpin.registry.io import service
from jianpin.registry.io.models import ImportBatch
from jianpin.registry.tests.test_import_write_layer import _imported, _set, _write

pytestmark = pytest.mark.django_db


def _held_file(tmp_path, user):  # type: ignore[no-untyped-def]
    hhs = _imported(tmp_path, user)
    _set(hhs[0], status="一般农户", monitoring_kind="边缘易致贫户")
    return hhs[0][0]["hh.number"], _write(tmp_path, hhs, "again.xlsx")


def test_command_line_names_the_fields_and_values(tmp_path, officer) -> None:  # type: ignore[no-untyped-def]
    number, path = _held_file(tmp_path, officer)
    out = StringIO()
    call_command("import_households", str(path), "--dry-run", "--quiet", "--user", "officer",
                 stdout=out)
    assert out.getvalue().splitlines()[1:] == [
        f"  未应用：户编号 {number} 户类型 脱贫户 → 一般农户（仅名单导入可更改）",
        f"  未应用：户编号 {number} 监测对象类型 空 → 边缘易致贫户（仅名单导入可更改）",
        f"  未应用：户编号 {number} 风险是否已消除 空 → 否（仅名单导入可更改）"]


@pytest.mark.parametrize(("language", "rows"), [
    ("zh-hans", [("户类型", "脱贫户", "一般农户"), ("监测对象类型", "空", "边缘易致贫户"),
                 ("风险是否已消除", "空", "否")]),
    ("en", [("Household status", "Lifted out of poverty", "Ordinary household"),
            ("Monitoring category", "empty", "Marginal, at risk of poverty"),
            ("Risk eliminated", "empty", "No")]),
])
def test_batch_page_names_the_fields_and_values(tmp_path, cadre, language, rows) -> None:  # type: ignore[no-untyped-def]
    import re

    _number, path = _held_file(tmp_path, cadre)
    out = service.run(path, user=cadre, dry_run=False)
    batch = ImportBatch.objects.get(sha256=out.sha256)
    client = Client()
    client.force_login(cadre)
    client.cookies["django_language"] = language
    html = client.get(f"/registry/import/{batch.pk}/").content.decode()
    table = html[html.index('id="held"'):]
    table = table[:table.index("</table>")]
    assert re.findall(r'<td title="[a-z_]+">([^<]*)</td><td>([^<]*)</td><td>([^<]*)</td>',
                      table) == rows


def test_export_to_standard_output_with_a_short_county_code(tmp_path, officer) -> None:  # type: ignore[no-untyped-def]
    _imported(tmp_path, officer)
    out, err = StringIO(), StringIO()
    import sys

    class Buffered(StringIO):
        buffer = None

    captured = tmp_path / "stdout.jsonl"
    with captured.open("wb") as raw:
        real, sys.stdout = sys.stdout, Buffered()
        sys.stdout.buffer = raw  # type: ignore[misc]
        try:
            call_command("export_households", "--area", COUNTY[:6], "--format", "jsonl",
                         "-o", "-", stdout=out, stderr=err)
        finally:
            sys.stdout = real
    lines = [json.loads(x) for x in captured.read_text(encoding="utf-8").splitlines()]
    assert len(lines) == 2 and out.getvalue() == ""
    assert err.getvalue().strip() == "已导出 2 条记录（officer）"
