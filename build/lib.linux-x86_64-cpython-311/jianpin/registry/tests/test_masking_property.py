"""Masking cannot be undone: an attacker holding everything a role without reveal sees
(household page with its change log, API, every export layout and format, the public notice
PDF) tries to rebuild each ID and never narrows it to one candidate.

The attacker is given more than the pages show: the area code, sex and birth year of every
person. Visible digits and any full birth date found beside the person's name are added.
"""
from __future__ import annotations

import calendar
import datetime as dt
import io
import itertools
import json
import re
from collections.abc import Iterator

import pytest
from django.test import Client
from django.utils import timezone
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from pypdf import PdfReader
from python_calamine import CalamineWorkbook

from jianpin.conftest import VILLAGE
from jianpin.kernel.ids import check_digit
from jianpin.regions.models import Region
from jianpin.registry import actions, codes
from jianpin.registry.io.export import ExportRequest, do_export
from jianpin.registry.io.layouts import LAYOUTS
from jianpin.registry.models import Household, Member
from jianpin.workflows.models import Case, Notice

AREA = "441424"
ID_SHAPE = re.compile(r"(?<![\d*])[\d*]{17}[\dXx*](?![\d*])")
_N = itertools.count(1)

person = st.tuples(st.dates(dt.date(1930, 1, 1), dt.date(2024, 12, 31)), st.integers(0, 999))
family = st.lists(person, min_size=1, max_size=4, unique_by=lambda p: p[1])


def make_id(birth: dt.date, seq: int) -> str:
    first17 = f"{AREA}{birth:%Y%m%d}{seq:03d}"
    return first17 + check_digit(first17)


def candidates(known: list[str | None], year: int, birth: dt.date | None, male: bool) -> int:
    """How many valid IDs fit the known digits, the sex and the birth year (or full date)."""
    days = [birth] if birth else [dt.date(year, 1, 1) + dt.timedelta(d)
                                  for d in range(366 if calendar.isleap(year) else 365)]
    days = [d for d in days if _fits(known, 6, f"{d:%Y%m%d}")]
    seqs = [s for s in range(1000) if s % 2 == male and _fits(known, 14, f"{s:03d}")]
    if known[17] is None:
        return len(days) * len(seqs)    # each choice has exactly one check digit
    return sum(check_digit(f"{AREA}{d:%Y%m%d}{s:03d}") == known[17] for d in days for s in seqs)


def _fits(known: list[str | None], start: int, digits: str) -> bool:
    return all(known[start + i] in (None, c) for i, c in enumerate(digits))


def _known_digits(records: list[str], true_id: str) -> list[str | None]:
    known: list[str | None] = [None] * 18
    for text in records:
        for shown in ID_SHAPE.findall(text):
            if shown[:6] != true_id[:6] or any(
                    c not in ("*", t) for c, t in zip(shown.upper(), true_id, strict=True)):
                continue    # another person's number
            for i, c in enumerate(shown.upper()):
                if c != "*":
                    known[i] = c
    return known


def _shows_birth_date(records: list[str], birth: dt.date) -> bool:
    forms = (f"{birth:%Y-%m-%d}", f"{birth:%Y%m%d}", f"{birth:%Y/%m/%d}",
             f"{birth.year}年{birth.month}月{birth.day}日", f"{birth:%Y年%m月%d日}")
    return any(f in text for text in records for f in forms)


def _rows_of_html(html: str) -> list[str]:
    return re.findall(r"<tr[^>]*>.*?</tr>", html, re.S)


def _rows_of_export(data: bytes, fmt: str) -> Iterator[str]:
    if fmt == "csv":
        yield from data.decode("utf-8-sig").splitlines()
        return
    book = CalamineWorkbook.from_filelike(io.BytesIO(data))
    for row in book.get_sheet_by_index(0).to_python():
        yield "|".join(str(c) for c in row)


def _notice_pdf(hh: Household, cadre) -> str:  # type: ignore[no-untyped-def]
    n = next(_N)
    today = timezone.localdate()
    notice = Notice.objects.create(region_id=VILLAGE, kind="identification", period=f"P{n}",
                                   starts_on=today, ends_on=today + dt.timedelta(days=5),
                                   mask_names=False, created_by=cadre)
    Case.objects.create(kind="identification", household=hh, region_id=VILLAGE,
                        status="in_notice", source="self_app", opened_by=cadre, due_on=today,
                        notice=notice, proposal={"monitoring_kind": "边缘易致贫户"})
    return notice.pk


def _seen_by(user, hh: Household, notice_pk: int,  # type: ignore[no-untyped-def]
             unmasked: bool) -> list[str]:
    """Every record the user is shown about this household, one string per row or object."""
    client = Client()
    client.force_login(user)
    records = _rows_of_html(client.get(f"/registry/households/{hh.pk}/").content.decode())
    api = client.get(f"/api/households/{hh.pk}/").json()
    records += [json.dumps(m, ensure_ascii=False) for m in api["members"]]
    records.append(json.dumps({k: v for k, v in api.items() if k != "members"},
                              ensure_ascii=False))
    for layout, fmt, per in itertools.product(LAYOUTS, ("xlsx", "csv"), ("member", "household")):
        req = ExportRequest(layout=layout, fmt=fmt, per=per, unmasked=unmasked,
                            filters=(("q", hh.number),))
        records += list(_rows_of_export(do_export(user, req)[1], fmt))
    pdf = client.get(f"/workflows/notices/{notice_pk}/pdf/").content
    records.append("".join(p.extract_text() for p in PdfReader(io.BytesIO(pdf)).pages))
    return records


def _register(cadre, people: list[tuple[dt.date, int]]) -> Household:  # type: ignore[no-untyped-def]
    n = next(_N)
    names = [f"{chr(0x5434 + n % 200)}{chr(0x4e00 + 7 * n + i)}" for i in range(len(people))]
    (birth, seq), *rest = people
    hh = actions.do_create_household(cadre, village=Region.objects.get(code=VILLAGE),
                                     number=f"MP{n:06d}", phone="13800138000",
                                     head={"name": names[0], "id_number": make_id(birth, seq)})
    for name, (birth, seq) in zip(names[1:], rest, strict=True):
        actions.do_add_member(cadre, hh, {"name": name, "id_number": make_id(birth, seq),
                                          "relation": codes.Relation.OTHER})
    return hh


def _attack(user, hh: Household, notice_pk: int,  # type: ignore[no-untyped-def]
            unmasked: bool = True) -> dict[str, int]:
    records = _seen_by(user, hh, notice_pk, unmasked)
    out = {}
    for m in hh.members.all():
        mine = [r for r in records if m.name in r]
        assert mine, f"{m.name} appears nowhere: the attack would be vacuous"
        birth = m.birth_date if _shows_birth_date(mine, m.birth_date) else None
        known = _known_digits(mine, m.id_number)
        out[m.id_number] = candidates(known, m.birth_date.year, birth, m.sex == "男")
    return out


@pytest.mark.django_db
@settings(max_examples=12, deadline=None,
          suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow])
@given(people=family)
def test_no_id_can_be_rebuilt_from_what_an_auditor_sees(people, cadre, auditor) -> None:  # type: ignore[no-untyped-def]
    Member.objects.filter(id_number__in=[make_id(b, s) for b, s in people]).delete()
    hh = _register(cadre, people)
    counts = _attack(auditor, hh, _notice_pdf(hh, cadre))
    for number, count in counts.items():
        year = int(number[6:10])
        # Nothing beyond the area code, sex and year: every day of the year × 500 sequences.
        assert count == (366 if calendar.isleap(year) else 365) * 500, number


def test_attack_rebuilds_ids_when_four_digits_and_the_birth_date_are_shown() -> None:
    """The attack itself works: the old mask (first 6 + last 4) beside a birth date gave one."""
    number = make_id(dt.date(1990, 1, 1), 123)
    old_mask = number[:6] + "*" * 8 + number[-4:]
    known = _known_digits([f"<tr><td>{old_mask}</td><td>1990-01-01</td></tr>"], number)
    assert candidates(known, 1990, dt.date(1990, 1, 1), male=True) == 1
    assert candidates(known, 1990, None, male=True) == sum(
        check_digit(f"{AREA}{d:%Y%m%d}123") == number[-1]
        for d in (dt.date(1990, 1, 1) + dt.timedelta(i) for i in range(365)))


def test_a_revealing_role_is_shown_the_birth_date_but_no_more_digits(cadre) -> None:  # type: ignore[no-untyped-def]
    hh = _register(cadre, [(dt.date(1990, 5, 6), 124)])
    notice = _notice_pdf(hh, cadre)
    assert list(_attack(cadre, hh, notice, unmasked=False).values()) == [500]
    assert list(_attack(cadre, hh, notice, unmasked=True).values()) == [1]  # asked and logged
