"""The evaluate command reads its bundled labelled set from product data (installed with the
package), never from the tests' folder; the corpus with the tests is read only when asked."""
from __future__ import annotations

import json
from pathlib import Path

import pytest

from jianpin.library import DEMO_DATA
from jianpin.library.tests.test_demo_data import LIBRARY, _patterns
from jianpin.library.text import evaluate as evaluate_module
from jianpin.library.text.evaluate import DEFAULT_SET, main


def test_the_bundled_set_is_package_data() -> None:
    assert DEFAULT_SET == DEMO_DATA / "labelled.json" and "tests" not in DEFAULT_SET.parts
    installed = {p.resolve() for pattern in _patterns() for p in LIBRARY.glob(pattern)}
    assert DEFAULT_SET.resolve() in installed
    assert not (LIBRARY / "tests" / "data" / "labelled.json").exists()
    cases = json.loads(DEFAULT_SET.read_text(encoding="utf-8"))
    assert len(cases) == 14 and all((DEMO_DATA / c["file"]).is_file() for c in cases)


def _corpus_reads(monkeypatch: pytest.MonkeyPatch) -> list[Path]:
    read: list[Path] = []
    monkeypatch.setattr(evaluate_module, "evaluate_corpus", lambda path: read.append(path) or {})
    monkeypatch.setattr(evaluate_module, "report_corpus", lambda scores, verbose: "corpus")
    return read


def test_the_options(monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str],
                     tmp_path: Path) -> None:
    read = _corpus_reads(monkeypatch)
    main(["--no-corpus"])
    out = capsys.readouterr().out
    assert out.startswith("documents: 14\n") and "corpus" not in out and read == []
    # Another set, its files in another folder: the corpus only with --corpus.
    (tmp_path / "labelled.json").write_text(json.dumps(
        json.loads(DEFAULT_SET.read_text(encoding="utf-8"))[:2]), encoding="utf-8")
    main([str(tmp_path / "labelled.json"), "--texts", str(DEMO_DATA)])
    assert capsys.readouterr().out.startswith("documents: 2\n") and read == []
    main([str(tmp_path / "labelled.json"), "--texts", str(DEMO_DATA), "--corpus",
          str(tmp_path / "corpus.json")])
    assert capsys.readouterr().out.endswith("\n\ncorpus\n")
    assert read == [tmp_path / "corpus.json"]


def test_without_the_tests_data_the_bundled_figures_alone(
        monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str],
        tmp_path: Path) -> None:
    read = _corpus_reads(monkeypatch)
    monkeypatch.setattr(evaluate_module, "CORPUS", tmp_path / "absent" / "corpus.json")
    main(["-v"])
    out = capsys.readouterr().out
    assert out.startswith("documents: 14\n") and "mismatches:" in out and read == []
