"""The library demo runs on product data: every text it reads lies in `demo_data/`, never in
the tests' folder, and the package data of pyproject installs each of them. The tests read the
seed pages and the samples there too: the tests' folder keeps no copy of them (only the corpus
pages the demo's reports are taken from)."""
from __future__ import annotations

import io
import tomllib
from pathlib import Path

from jianpin.library import DEMO_DATA, demo
from jianpin.library.models import Document

LIBRARY = Path(demo.__file__).resolve().parent
ROOT = LIBRARY.parents[1]
TESTS_DATA = LIBRARY / "tests" / "data"


def _demo_files() -> list[Path]:
    return sorted(p for p in DEMO_DATA.glob("*/*") if p.is_file())


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
    ours = sorted(p for p in read if ROOT / "jianpin" in p.parents)    # not the libraries'
    assert ours == _demo_files()          # each file once, all of them under demo_data
    assert DEMO_DATA == LIBRARY / "demo_data" and "tests" not in DEMO_DATA.parts


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


def test_the_tests_keep_no_copy_of_the_demo_texts() -> None:
    """Only the demo's reports are found among the tests' files: the corpus pages of that name."""
    demo_texts = {p.read_bytes(): p for p in _demo_files()}
    copies = sorted((demo_texts[p.read_bytes()].relative_to(DEMO_DATA).as_posix(),
                     p.relative_to(TESTS_DATA).as_posix())
                    for p in TESTS_DATA.rglob("*") if p.is_file() and p.read_bytes() in demo_texts)
    assert copies == [(f"reports/{name}.txt", f"corpus/docs/{name}.txt")
                      for name in ("r024", "r139", "r181", "r182", "r247")]
