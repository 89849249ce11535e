"""Formula-looking text is quoted on the way out and unquoted on the way in, in one place."""
from __future__ import annotations

import ast
from pathlib import Path

from jianpin.kernel.cells import DANGEROUS, read_cell, safe_cell

ROOT = Path(__file__).resolve().parents[3]
HELPER = "jianpin/kernel/cells.py"


def test_formula_characters_are_quoted() -> None:
    values = ["=1+1", "+86 138", "-2", "@SUM(A1)", "\t=1", "\r=1", "收入", "'=1", "1-2", ""]
    assert [safe_cell(v) for v in values] == [
        "'=1+1", "'+86 138", "'-2", "'@SUM(A1)", "'\t=1", "'\r=1", "收入", "'=1", "1-2", ""]


def test_reading_takes_off_only_the_quote_the_writer_put() -> None:
    for value in ["=1+1", "+86 138", "-2", "@SUM(A1)", "\t=1", "\r=1", "收入", "'", ""]:
        assert read_cell(safe_cell(value)) == value
    # Text that itself began with a quote before a formula character cannot be told apart.
    assert read_cell(safe_cell("'=1")) == "=1"
    assert [read_cell(v) for v in ["'收入", "'", "''=1", "'-"]] == ["'收入", "'", "''=1", "-"]


def _formula_sets(source: str) -> list[int]:
    """Lines holding a literal with all four formula starters, written out as a tuple, list,
    set or one string: a copy of the helper's rule."""
    found = []
    for node in ast.walk(ast.parse(source)):
        if isinstance(node, (ast.Tuple, ast.List, ast.Set)):
            chars = {e.value for e in node.elts if isinstance(e, ast.Constant)}
        elif isinstance(node, ast.Constant) and isinstance(node.value, str) and len(node.value) < 8:
            chars = set(node.value)
        else:
            continue
        if set(DANGEROUS[:4]) <= chars:
            found.append(node.lineno)
    return found


def test_no_module_keeps_its_own_copy_of_the_formula_rule() -> None:
    copies = {}
    for path in [*ROOT.joinpath("jianpin").rglob("*.py"), *ROOT.joinpath("config").rglob("*.py")]:
        name = path.relative_to(ROOT).as_posix()
        if name != HELPER and "/tests/" not in name and (lines := _formula_sets(path.read_text())):
            copies[name] = lines
    assert copies == {}
    assert _formula_sets('X = ("=", "+", "-", "@")\nY = "=+-@"\n') == [1, 2]
