"""Tests never write uploads (vouchers, attachments, library originals) into the working tree."""
from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from django.conf import settings
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage

from jianpin.conftest import files_under

ROOT = Path(__file__).resolve().parents[2]


@pytest.fixture(scope="module")
def saved_by_a_module_fixture() -> Iterator[str]:
    """Like the English walk's demo county: a file saved outside any test's own settings."""
    name = default_storage.save("workflows/2026/12/走访记录.txt", ContentFile("入户核实".encode()))
    yield default_storage.path(name)
    default_storage.delete(name)


def test_a_test_saves_into_its_own_media_folder(tmp_path_factory: pytest.TempPathFactory) -> None:
    name = default_storage.save("projects/vouchers/2026/凭证.pdf", ContentFile(b"%PDF-1.7 test"))
    path = Path(default_storage.path(name))
    assert path.read_bytes() == b"%PDF-1.7 test"
    assert path.parent.parent.parent.parent == Path(settings.MEDIA_ROOT)
    assert path.is_relative_to(tmp_path_factory.getbasetemp())
    assert not path.is_relative_to(ROOT)


def test_a_module_fixture_saves_into_the_runs_media_folder(
        saved_by_a_module_fixture: str, tmp_path_factory: pytest.TempPathFactory) -> None:
    path = Path(saved_by_a_module_fixture)
    assert path.read_text(encoding="utf-8") == "入户核实"
    assert path.is_relative_to(tmp_path_factory.getbasetemp())
    assert not path.is_relative_to(ROOT)


def test_files_under_lists_new_files_relative_to_the_folder(tmp_path: Path) -> None:
    assert files_under(tmp_path / "absent") == set()
    (tmp_path / "library" / "2026").mkdir(parents=True)
    (tmp_path / "library" / "2026" / "政策.pdf").write_bytes(b"%PDF")
    (tmp_path / "empty").mkdir()
    assert files_under(tmp_path) == {"library/2026/政策.pdf"}
