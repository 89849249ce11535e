"""Every committed translation catalogue (.mo) is compiled from its .po as it stands.

Django reads only the .mo files; a .po edited without recompiling would silently show the old
English. Each .po is compiled again with msgfmt (the gettext package, see `make system-deps`)
and the messages of both are compared.
"""
from __future__ import annotations

import gettext
import subprocess
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
CATALOGUES = sorted(ROOT.glob("**/locale/*/LC_MESSAGES/django.po"))


def messages(mo: Path) -> dict[object, str]:
    with mo.open("rb") as f:
        catalogue = gettext.GNUTranslations(f)._catalog  # type: ignore[attr-defined]
    return {k: v for k, v in catalogue.items() if k != ""}  # "" is the header (dates differ)


def test_catalogues_are_found() -> None:
    assert ROOT / "locale/en/LC_MESSAGES/django.po" in CATALOGUES


@pytest.mark.parametrize("po", CATALOGUES, ids=lambda p: str(p.relative_to(ROOT)))
def test_compiled_catalogue_is_up_to_date(po: Path, tmp_path: Path) -> None:
    fresh = tmp_path / "django.mo"
    subprocess.run(["msgfmt", "--check-format", "-o", str(fresh), str(po)], check=True)
    committed = po.with_suffix(".mo")
    assert committed.exists(), f"{committed} is missing: run msgfmt -o {committed} {po}"
    assert messages(committed) == messages(fresh), f"{committed} is stale: recompile it"
