"""Configuration is read in config/settings.py only: code asks `django.conf.settings`."""
from __future__ import annotations

import ast
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
# Bootstrap lines set DJANGO_SETTINGS_MODULE before any settings exist.
ALLOWED = {"config/settings.py", "config/wsgi.py", "jianpin/cli.py",
           # passes PATH and the locale on to the sandboxed parser; reads no configuration
           "jianpin/uploads/sandbox.py"}


def environ_reads(source: str) -> list[int]:
    """Lines of `source` that touch `os.environ`/`os.getenv` or import them from os."""
    lines = []
    for node in ast.walk(ast.parse(source)):
        if isinstance(node, ast.Attribute) and node.attr in {"environ", "getenv", "putenv"} \
                and isinstance(node.value, ast.Name) and node.value.id == "os":
            lines.append(node.lineno)
        elif isinstance(node, ast.ImportFrom) and node.module == "os" \
                and {a.name for a in node.names} & {"environ", "getenv"}:
            lines.append(node.lineno)
    return sorted(lines)


def production_files() -> list[Path]:
    found = []
    for path in [*ROOT.joinpath("jianpin").rglob("*.py"), *ROOT.joinpath("config").rglob("*.py")]:
        parts = path.relative_to(ROOT).parts
        if "tests" in parts or "migrations" in parts or path.name == "conftest.py":
            continue
        found.append(path)
    return found


def test_only_settings_reads_the_environment() -> None:
    offenders = {}
    for path in production_files():
        name = path.relative_to(ROOT).as_posix()
        if name not in ALLOWED and (lines := environ_reads(path.read_text())):
            offenders[name] = lines
    assert offenders == {}


def test_the_check_sees_every_way_of_reading() -> None:
    source = ("import os\nfrom os import getenv\na = os.environ['X']\nb = os.getenv('Y')\n"
              "c = os.environ.get('Z', '1')\nd = os.path.join('a')\n")
    assert environ_reads(source) == [2, 3, 4, 5]
