"""The layer contract in `.importlinter` holds, and it does fail when a domain app imports `web`."""
from __future__ import annotations

import configparser
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
CONFIG = ROOT / ".importlinter"
LINT = Path(sys.executable).with_name("lint-imports")


def lint(config: Path, *, cwd: Path, pythonpath: Path) -> subprocess.CompletedProcess[str]:
    return subprocess.run([str(LINT), str(config), "--no-cache"], cwd=cwd,
                          env={"PYTHONPATH": str(pythonpath), "PATH": "/usr/bin:/bin"},
                          capture_output=True, text=True, timeout=120)


def layer_modules(layers: str) -> list[str]:
    names = layers.replace("|", " ").replace(":", " ").split()
    return [n for n in names if n.startswith("jianpin.")]


def test_the_project_keeps_its_contracts() -> None:
    done = lint(CONFIG, cwd=ROOT, pythonpath=ROOT)
    assert done.returncode == 0, done.stdout + done.stderr
    assert "Contracts: 2 kept, 0 broken." in done.stdout


def test_a_domain_app_importing_web_breaks_the_contract(tmp_path: Path) -> None:
    parsed = configparser.ConfigParser()
    parsed.read(CONFIG)
    layers = parsed["importlinter:contract:layers"]["layers"]
    # The same layers over a copy of the app skeleton, in which registry imports web.
    for module in layer_modules(layers):
        folder = tmp_path.joinpath(*module.replace("jianpin.", "fakejp.").split("."))
        folder.mkdir(parents=True)
        (folder / "__init__.py").write_text("")
    (tmp_path / "fakejp" / "__init__.py").write_text("")
    (tmp_path / "fakejp" / "web" / "url_policy.py").write_text("RULE = 1\n")
    (tmp_path / "fakejp" / "registry" / "url_policy.py").write_text(
        "from fakejp.web.url_policy import RULE\n")
    indented = "".join(f"\n    {line}" for line in layers.replace("jianpin.", "fakejp.").split("\n"))
    config = tmp_path / "contract.ini"
    config.write_text("[importlinter]\nroot_package = fakejp\n\n[importlinter:contract:layers]\n"
                      f"name = layers\ntype = layers\nlayers ={indented}\n")

    done = lint(config, cwd=tmp_path, pythonpath=tmp_path)

    assert done.returncode == 1
    assert "layers BROKEN" in done.stdout
    assert "fakejp.registry.url_policy -> fakejp.web.url_policy (l.1)" in done.stdout
