"""A first load (no member stored) plans without looking up the file's ID numbers: none can be
held anywhere (`plan.build`). Once a member is stored, every ID the file's own households do not
hold is looked up again, so one held by another household is still found."""
from __future__ import annotations

from typing import Any

import pytest

from jianpin.registry.io import _fastdb as fastdb
from jianpin.registry.io import service
from jianpin.registry.models import Member
from jianpin.registry.tests.io_helpers import households, rows_of, write_xlsx

pytestmark = pytest.mark.django_db


def _lookups(monkeypatch: Any) -> list[tuple[str, str, int]]:
    """(table, key, how many values) of each select_in the plan makes."""
    seen: list[tuple[str, str, int]] = []
    select_in = fastdb.Table.select_in

    def spy(self: fastdb.Table, columns: Any, key: str, values: Any, **kw: Any) -> Any:
        values = list(values)
        seen.append((self.name, key, len(values)))
        return select_in(self, columns, key, values, **kw)
    monkeypatch.setattr(fastdb.Table, "select_in", spy)
    return seen


def _file(tmp_path: Any, hhs: list[list[dict[str, Any]]], name: str) -> Any:
    header, rows = rows_of(hhs)
    return write_xlsx(tmp_path / name, header, rows)


def test_a_first_load_looks_up_no_id_number(tmp_path, monkeypatch):
    seen = _lookups(monkeypatch)
    out = service.run(_file(tmp_path, households(4), "a.xlsx"), dry_run=False)
    assert out.committed and out.members["new"] == Member.objects.count()
    assert ("registry_member", "id_number", 0) in seen
    assert not [s for s in seen if s[1] == "id_number" and s[2]]


def test_with_members_stored_an_id_held_elsewhere_is_still_found(tmp_path, monkeypatch):
    first = households(2)
    service.run(_file(tmp_path, first, "a.xlsx"), dry_run=False)
    later = households(1, start=50)
    held = first[0][-1]["m.id_number"]        # a member of the first file's first household
    assert held
    later[0].append(dict(later[0][-1], **{"m.name": "冒名", "m.id_number": held}))
    seen = _lookups(monkeypatch)
    out = service.run(_file(tmp_path, later, "b.xlsx"), dry_run=True)
    wanted = sum(1 for m in later[0] if m.get("m.id_number"))
    assert ("registry_member", "id_number", wanted) in seen
    assert [e["code"] for e in out.errors if e["code"].startswith("id_")] == ["id_in_other_household"]
