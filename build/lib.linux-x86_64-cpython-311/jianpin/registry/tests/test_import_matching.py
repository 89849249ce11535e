"""How rows find stored records: people by ID (or by name when they have none), households by number."""
from __future__ import annotations

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from jianpin.registry.io import service
from jianpin.registry.io.coerce import Bad, converter
from jianpin.registry.io.layouts import BY_KEY
from jianpin.registry.io.sample import unique_id
from jianpin.registry.models import Household, Member
from jianpin.registry.tests.io_helpers import households, rows_of, write_xlsx

pytestmark = pytest.mark.django_db


def _import(tmp_path, user, hhs, name="a.xlsx", **kw):  # type: ignore[no-untyped-def]
    header, rows = rows_of(hhs)
    for r in rows:          # keep the income figures out of these tests
        r[header.index("家庭人口数")] = ""
        r[header.index("人均纯收入")] = ""
        r[header.index("家庭纯收入")] = ""
    return service.run(write_xlsx(tmp_path / name, header, rows), user=user, **kw)


def _two_member_households(n: int) -> list:
    return [h for h in households(n) if len(h) >= 2]


def test_member_moves_between_households_in_the_same_file(tmp_path, cadre):
    a, b = _two_member_households(8)[:2]
    _import(tmp_path, cadre, [a, b], "first.xlsx", dry_run=False)
    mover = dict(a[-1], **{k: b[0][k] for k in b[0] if k.startswith(("hh.", "meta.", "inc."))})
    mover["m.relation"] = "其他"
    out = _import(tmp_path, cadre, [a[:-1], b + [mover]], "second.xlsx", dry_run=False)
    assert out.errors == []
    assert out.members == {"new": 0, "updated": 1, "unchanged": len(a) + len(b) - 1}
    person = Member.objects.get(id_number=mover["m.id_number"])
    assert person.household.number == b[0]["hh.number"] and person.relation == "其他"
    assert Household.objects.get(number=a[0]["hh.number"]).size == len(a) - 1
    assert Household.objects.get(number=b[0]["hh.number"]).size == len(b) + 1


def test_member_without_id_is_matched_by_name(tmp_path, cadre):
    hh = _two_member_households(8)[0]
    hh[1]["m.id_number"] = None
    _import(tmp_path, cadre, [hh], "first.xlsx", dry_run=False)
    hh[1]["m.education"] = "高中" if hh[1]["m.education"] != "高中" else "初中"
    out = _import(tmp_path, cadre, [hh], "second.xlsx", dry_run=False)
    assert out.members == {"new": 0, "updated": 1, "unchanged": len(hh) - 1}
    assert Member.objects.filter(household__number=hh[0]["hh.number"]).count() == len(hh)


def test_members_missing_from_the_file_are_kept(tmp_path, cadre):
    hh = _two_member_households(8)[0]
    _import(tmp_path, cadre, [hh], "first.xlsx", dry_run=False)
    out = _import(tmp_path, cadre, [hh[:1]], "second.xlsx", dry_run=False)
    assert out.members == {"new": 0, "updated": 0, "unchanged": 1}
    assert Household.objects.get().size == len(hh)


def test_stored_head_not_in_file_plus_new_head_is_two_heads(tmp_path, cadre):
    hh = _two_member_households(8)[0]
    _import(tmp_path, cadre, [hh], "first.xlsx", dry_run=False)
    newcomer = dict(hh[1], **{"m.id_number": unique_id("4414", 999_999, "男"), "m.name": "新户主",
                              "m.relation": "本人", "hh.head_name": "新户主"})
    rest = [dict(m, **{"hh.head_name": "新户主"}) for m in hh[1:]]
    out = _import(tmp_path, cadre, [[newcomer, *rest]], "second.xlsx", dry_run=False)
    assert [e["code"] for e in out.errors] == ["two_heads"]
    assert out.errors[0]["message"] == (f"户编号 {hh[0]['hh.number']} 在系统中已有户主"
                                        "（未列在本文件中），一户只能有一名户主")
    assert Member.objects.count() == len(hh)


ID = converter(BY_KEY["m.id_number"])


@settings(max_examples=200, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(st.integers(min_value=0, max_value=700_000_000), st.sampled_from("男女"),
       st.sampled_from(["", " ", "\u3000"]), st.booleans(), st.booleans())
def test_generated_ids_in_any_dress_convert_to_the_same_id(x, sex, pad, fullwidth, lower):
    number = unique_id("4414", x, sex)
    text = number
    if fullwidth:
        text = text.translate(str.maketrans("0123456789X", "０１２３４５６７８９Ｘ"))
    if lower:
        text = text.replace("X", "x").replace("Ｘ", "ｘ")
    assert ID(pad + text + pad) == number


@settings(max_examples=200)
@given(st.integers(min_value=0, max_value=700_000_000), st.integers(min_value=0, max_value=16),
       st.integers(min_value=1, max_value=9))
def test_any_single_digit_change_is_caught(x, position, delta):
    number = unique_id("4414", x, "男")
    digit = (int(number[position]) + delta) % 10
    changed = number[:position] + str(digit) + number[position + 1:]
    with pytest.raises(Bad) as exc:
        ID(changed)
    assert exc.value.code in {"id_checksum", "id_date", "id_format"}


@settings(max_examples=100)
@given(st.floats(min_value=1e15, max_value=1e18))
def test_ids_as_numbers_are_always_refused(value):
    with pytest.raises(Bad) as exc:
        ID(value)
    assert exc.value.code == "id_not_text"


@settings(max_examples=8, deadline=None,
          suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(st.integers(min_value=1, max_value=6), st.integers(min_value=1, max_value=10_000),
       st.integers(min_value=0, max_value=10_000))
def test_generated_files_import_exactly_and_idempotently(tmp_path_factory, cadre, n, start, seed):
    from jianpin.registry.io import sample
    from jianpin.registry.models import IncomeRecord
    from jianpin.registry.tests.io_helpers import VILLAGES

    IncomeRecord.objects.all().delete()
    Member.objects.all().delete()
    Household.objects.all().delete()
    hhs = list(sample.households(n, VILLAGES[:1], start=start, seed=seed))
    folder = tmp_path_factory.mktemp("gen")
    header, rows = rows_of(hhs)
    path = write_xlsx(folder / "g.xlsx", header, rows)
    first = service.run(path, user=cadre, dry_run=False)
    assert first.errors == []
    assert first.households == {"new": n, "updated": 0, "unchanged": 0}
    assert first.members == {"new": len(rows), "updated": 0, "unchanged": 0}
    stored = dict(Member.objects.values_list("id_number", "name"))
    assert stored == {m["m.id_number"]: m["m.name"] for h in hhs for m in h}
    again = service.run(path, user=cadre, dry_run=False)
    assert again.households == {"new": 0, "updated": 0, "unchanged": n}
    assert again.members == {"new": 0, "updated": 0, "unchanged": len(rows)}
