from __future__ import annotations

import datetime as dt

import pytest
from hypothesis import given
from hypothesis import strategies as st

from jianpin.kernel import ids
from jianpin.kernel.errors import InvalidId

# A well-known published specimen number and its check digit.
SPECIMEN = "11010519491231002X"


def test_specimen_is_valid() -> None:
    parsed = ids.parse(SPECIMEN)
    assert parsed.number == SPECIMEN
    assert parsed.birth_date == dt.date(1949, 12, 31)
    assert parsed.sex == "女"


def test_check_digit_values() -> None:
    assert ids.check_digit("11010519491231002") == "X"
    assert ids.check_digit("44142419900101123") == "5"


def test_lowercase_x_and_fullwidth_are_normalised() -> None:
    assert ids.parse("11010519491231002x").number == SPECIMEN
    assert ids.parse("１１０１０５１９４９１２３１００２Ｘ").number == SPECIMEN
    assert ids.parse(" 110105 19491231 002X ").number == SPECIMEN


def test_bad_check_digit() -> None:
    with pytest.raises(InvalidId) as err:
        ids.parse("110105194912310021")
    assert err.value.code == "id_checksum"
    assert err.value.message == "身份证号码校验位错误：110105194912310021"


def test_impossible_date() -> None:
    first17 = "44142419900230123"
    with pytest.raises(InvalidId) as err:
        ids.parse(first17 + ids.check_digit(first17))
    assert err.value.code == "id_date"


def test_future_birth_date() -> None:
    first17 = "44142420990101123"
    with pytest.raises(InvalidId) as err:
        ids.parse(first17 + ids.check_digit(first17), today=dt.date(2026, 1, 1))
    assert err.value.code == "id_date"


def test_fifteen_to_eighteen() -> None:
    assert ids.upgrade15("110105491231002") == SPECIMEN
    assert ids.parse("110105491231002").number == SPECIMEN


def test_wrong_length() -> None:
    with pytest.raises(InvalidId) as err:
        ids.parse("4414241990")
    assert err.value.code == "id_format"


dates = st.dates(min_value=dt.date(1900, 1, 1), max_value=dt.date(2025, 12, 31))
areas = st.sampled_from(["441424", "110105", "522301", "430922"])
seqs = st.integers(min_value=0, max_value=999)


@given(areas, dates, seqs)
def test_generated_numbers_round_trip(area: str, birth: dt.date, seq: int) -> None:
    first17 = f"{area}{birth:%Y%m%d}{seq:03d}"
    number = first17 + ids.check_digit(first17)
    parsed = ids.parse(number)
    assert parsed.birth_date == birth
    assert parsed.sex == ("男" if seq % 2 else "女")
    assert ids.parse(number.lower()).number == number


@given(areas, dates, seqs, st.integers(min_value=0, max_value=10))
def test_any_wrong_check_char_is_refused(area: str, birth: dt.date, seq: int, k: int) -> None:
    first17 = f"{area}{birth:%Y%m%d}{seq:03d}"
    wrong = ids.CHECK_CHARS[k]
    if wrong == ids.check_digit(first17):
        return
    with pytest.raises(InvalidId) as err:
        ids.parse(first17 + wrong)
    assert err.value.code == "id_checksum"


@given(areas, st.dates(min_value=dt.date(1900, 1, 1), max_value=dt.date(1999, 12, 31)), seqs)
def test_upgrade15_matches_eighteen(area: str, birth: dt.date, seq: int) -> None:
    old = f"{area}{birth:%y%m%d}{seq:03d}"
    new = ids.upgrade15(old)
    assert new[:6] == area and new[6:14] == f"{birth:%Y%m%d}"
    assert ids.parse(new).number == new
