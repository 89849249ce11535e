"""Confirming a previewed file reuses the preview's own checks; the database checks run again."""
from __future__ import annotations

import pytest

from jianpin.conftest import SIBLING_VILLAGE
from jianpin.registry.io import checked, service
from jianpin.registry.models import Household, Member
from jianpin.registry.tests.helpers import make_household
from jianpin.registry.tests.io_helpers import households, national, rows_of, write_xlsx

pytestmark = pytest.mark.django_db


def _kept(settings) -> list:  # type: ignore[no-untyped-def]
    return sorted(p.name for p in (settings.DATA_DIR / "import-checked").glob("*.bin"))


def test_commit_after_preview_reuses_the_checked_rows_and_writes_the_same(tmp_path, cadre,
                                                                          settings):
    path = national(tmp_path, 4)
    preview = service.run(path, user=cadre)
    assert preview.reused_preview is False and preview.errors == []
    assert _kept(settings) == [f"{preview.sha256}.national.bin"]

    out = service.run(path, user=cadre, dry_run=False)
    assert out.reused_preview is True and out.committed is True
    assert (out.households, out.members, out.rows) == (preview.households, preview.members,
                                                      preview.rows)
    assert Household.objects.count() == preview.households["new"]
    assert Member.objects.count() == preview.members["new"]
    assert _kept(settings) == []            # used once, then dropped


def test_commit_without_preview_reads_the_file(tmp_path, cadre):
    out = service.run(national(tmp_path, 2), user=cadre, dry_run=False)
    assert out.reused_preview is False and out.committed is True


def test_database_checks_run_again_at_commit(tmp_path, cadre):
    """An ID registered in another household after the preview is still refused."""
    hhs = households(2)
    header, rows = rows_of(hhs)
    path = write_xlsx(tmp_path / "a.xlsx", header, rows)
    assert service.run(path, user=cadre).errors == []
    taken = hhs[1][0]["m.id_number"]
    other = make_household(SIBLING_VILLAGE)
    Member.objects.filter(household=other).update(id_number=taken)

    out = service.run(path, user=cadre, dry_run=False)
    assert out.reused_preview is True and out.committed is False
    assert [(e["code"], e["value"]) for e in out.errors] == [("id_in_other_household", taken)]
    assert Member.objects.get(id_number=taken).household_id == other.pk
    assert not Household.objects.filter(number=hhs[0][0]["hh.number"]).exists()


def test_a_tampered_or_foreign_cache_file_is_ignored(tmp_path, cadre, settings):
    path = national(tmp_path, 2)
    preview = service.run(path, user=cadre)
    kept = settings.DATA_DIR / "import-checked" / f"{preview.sha256}.national.bin"
    data = bytearray(kept.read_bytes())
    data[-5] ^= 0xFF
    kept.write_bytes(bytes(data))
    assert checked.load(preview.sha256, None) is None

    out = service.run(path, user=cadre, dry_run=False)
    assert out.reused_preview is False and out.committed is True
    assert Household.objects.count() == 2


def test_a_cache_signed_with_another_key_is_ignored(tmp_path, cadre, settings):
    path = national(tmp_path, 2)
    preview = service.run(path, user=cadre)
    settings.SECRET_KEY = "another-installation-" + "x" * 40
    assert checked.load(preview.sha256, None) is None


def test_preview_with_errors_keeps_nothing(tmp_path, cadre, settings):
    hhs = households(2)
    hhs[0][0]["m.id_number"] = hhs[0][0]["m.id_number"][:-1] + (
        "0" if hhs[0][0]["m.id_number"][-1] != "0" else "1")
    header, rows = rows_of(hhs)
    out = service.run(write_xlsx(tmp_path / "bad.xlsx", header, rows), user=cadre)
    assert [e["code"] for e in out.errors] == ["id_checksum"]
    assert _kept(settings) == []


def test_the_detected_layout_may_be_named_at_commit(tmp_path, cadre):
    """The page records the detected layout on the batch and asks for it when confirming."""
    path = national(tmp_path, 2)
    service.run(path, user=cadre)
    out = service.run(path, user=cadre, dry_run=False, layout="national")
    assert out.reused_preview is True and out.committed is True


def test_a_layout_forced_at_preview_is_not_reused_for_detection(tmp_path, cadre):
    path = national(tmp_path, 2)
    service.run(path, user=cadre, layout="national")
    out = service.run(path, user=cadre, dry_run=False)
    assert out.reused_preview is False and out.committed is True
