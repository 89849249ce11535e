"""The library demo runs on product data: every text it reads lies in `demo_data/`, never in
the tests' folder, the package data of pyproject installs each of them, and they are the very
texts the tests check (the same bytes as the tests' copies)."""
from __future__ import annotations

import io
import tomllib
from pathlib import Path
from typing import Any

import pytest

from jianpin.library import demo
from jianpin.library.models import Document

LIBRARY = Path(demo.__file__).resolve().parent
ROOT = LIBRARY.parents[1]
TESTS_DATA = LIBRARY / "tests" / "data"
# each demo folder's counterpart among the tests' texts
COUNTERPART = {"seeds": TESTS_DATA / "seeds", "samples": TESTS_DATA / "samples",
               "reports": TESTS_DATA / "corpus" / "docs"}


def _demo_files() -> list[Path]:
    return sorted(p for p in demo.DATA.glob("*/*") if p.is_file())


def test_the_demo_reads_only_product_data(db, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    read: list[Path] = []
    real = Path.read_bytes

    def recorded(self: Path) -> bytes:
        read.append(self.resolve())
        return real(self)

    monkeypatch.setattr(Path, "read_bytes", recorded)
    out = io.StringIO()
    demo.setup(out)
    assert out.getvalue() == ("政策文献库：已收录 14 篇示例文献"
                              "政策文献库演示条目：报告 5 篇，图书 1 种，图表 1 个")
    assert Document.objects.count() == 21
    assert sorted(read) == _demo_files()          # each file once, all of them under demo_data
    assert demo.DATA == LIBRARY / "demo_data" and "tests" not in demo.DATA.parts


def _patterns() -> list[str]:
    config = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))
    data: dict[str, list[str]] = config["tool"]["setuptools"]["package-data"]
    return [*data.get("*", []), *data.get("jianpin.library", [])]


def test_the_package_data_installs_every_demo_text() -> None:
    """setuptools globs each package-data pattern from the package's folder."""
    installed = {p.resolve() for pattern in _patterns() for p in LIBRARY.glob(pattern)}
    files = _demo_files()
    assert len(files) == 19 and {p.suffix for p in files} == {".txt", ".html", ".docx", ".pdf"}
    assert [p for p in files if p not in installed] == []


@pytest.mark.parametrize("folder", sorted(COUNTERPART))
def test_the_demo_texts_are_the_tests_texts(folder: str) -> None:
    shown: Any = sorted((demo.DATA / folder).iterdir())
    assert shown
    for path in shown:
        assert path.read_bytes() == (COUNTERPART[folder] / path.name).read_bytes(), path.name
