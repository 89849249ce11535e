"""Build small import files for the import/export tests."""
from __future__ import annotations

from collections.abc import Iterable
from pathlib import Path
from typing import Any

from jianpin.conftest import SIBLING_VILLAGE, VILLAGE
from jianpin.registry.io import sample
from jianpin.registry.io.layouts import NATIONAL
from jianpin.registry.io.writer import XlsxOut, csv_bytes

VILLAGES = [("水寨镇", "协和村委会", VILLAGE), ("水寨镇", "河尾村委会", SIBLING_VILLAGE)]
TITLE = "2025年五华县脱贫人口信息表"


def households(n: int, *, start: int = 1, villages: list | None = None) -> list[list[dict]]:
    return list(sample.households(n, villages or VILLAGES[:1], start=start))


def rows_of(hhs: Iterable[list[dict[str, Any]]], layout: str = NATIONAL) -> tuple[list, list]:
    header, body = sample.table(iter(hhs), layout)
    return header, list(body)


def write_xlsx(path: Path, header: list[str], rows: list[list[Any]], *, title: str = TITLE,
               raw_ids: bool = False) -> Path:
    """Write a workbook with a title row above the header (as national exports have)."""
    out = XlsxOut(str(path))
    out.sheet("脱贫人口", header, rows, title=title)
    out.close()
    return path


def write_csv(path: Path, header: list[str], rows: list[list[Any]],
              encoding: str = "utf-8") -> Path:
    data, _ = csv_bytes(header, rows)
    text = data.decode("utf-8").lstrip("\ufeff")
    path.write_bytes(text.encode(encoding))
    return path


def national(tmp_path: Path, n: int = 3, name: str = "hh.xlsx", **kw: Any) -> Path:
    header, rows = rows_of(households(n, **kw))
    return write_xlsx(tmp_path / name, header, rows)


def assert_export_reimports_unchanged(tmp_path: Path, officer: Any, layout: str, year: int,
                                      households: int) -> int:
    """Export the officer's area in `layout` with full numbers, import it back, and assert that
    nothing changed (counts, versions, update times); returns the exported member count."""
    from jianpin.registry.io import service
    from jianpin.registry.io.export import ExportRequest, do_export
    from jianpin.registry.models import Household, Member

    name, data, count = do_export(officer, ExportRequest(layout=layout, year=year, unmasked=True))
    (tmp_path / name).write_bytes(data)
    before = list(Household.objects.values_list("id", "version", "updated_at").order_by("id"))
    members = list(Member.objects.values_list("id", "updated_at").order_by("id"))
    out = service.run(tmp_path / name, user=officer, dry_run=False, year=year)
    assert out.errors == []
    assert out.households == {"new": 0, "updated": 0, "unchanged": households}
    assert out.members == {"new": 0, "updated": 0, "unchanged": count}
    assert list(Household.objects.values_list("id", "version", "updated_at")
                .order_by("id")) == before
    assert list(Member.objects.values_list("id", "updated_at").order_by("id")) == members
    return count


def workbook_of(tmp_path: Any, n: int, start: int = 1, name: str = "hh.xlsx") -> Any:
    """A workbook of n generated households, numbered from start."""
    header, rows = rows_of(households(n, start=start))
    return write_xlsx(tmp_path / name, header, rows)


def dropped_during(monkeypatch: Any, deferred: Any) -> list[list[str]]:
    """What each import's `deferred.start` (an engine's set-aside indexes) dropped, as it was when
    the writes began."""
    seen: list[list[str]] = []
    start = deferred.start

    def spy(self: Any) -> None:
        first = not self.started
        start(self)
        if first:
            seen.append(sorted(name for name, _ in self.dropped))
    monkeypatch.setattr(deferred, "start", spy)
    return seen
