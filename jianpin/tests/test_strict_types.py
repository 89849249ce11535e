"""The apps typed strictly (Makefile lint-check) only grow, and none of them is silenced."""
from __future__ import annotations

import re
import tomllib
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
# Apps that once passed `mypy --strict`: taking one out of the list needs a reason written here.
TYPED = {"kernel", "rules", "screening", "workflows", "registry", "assistance", "standards",
         "indicators", "projects", "villages", "jobs", "accounts", "web", "ops", "library"}


def strict_apps() -> set[str]:
    recipe = ROOT.joinpath("Makefile").read_text(encoding="utf-8").replace("\\\n", " ")
    line = next(row for row in recipe.splitlines() if "mypy --strict" in row)
    return set(re.findall(r"\bjianpin/(\w+)", line))


def test_typed_apps_stay_in_the_strict_list() -> None:
    assert TYPED - strict_apps() == set()
    assert all(ROOT.joinpath("jianpin", app).is_dir() for app in strict_apps())


def test_no_strict_app_is_silenced_in_the_mypy_overrides() -> None:
    config = tomllib.loads(ROOT.joinpath("pyproject.toml").read_text(encoding="utf-8"))
    silenced = set()
    for override in config["tool"]["mypy"]["overrides"]:
        if override.get("follow_imports") == "silent" or override.get("ignore_errors"):
            # Only an app's tests and migrations may be left out; its code may not.
            silenced |= {m.split(".")[1] for m in override["module"]
                         if not re.fullmatch(r"jianpin\.\w+\.(tests|migrations)\.\*", m)}
    assert silenced & strict_apps() == set()
