"""The Dockerfile and compose.yaml agree with the project (no Docker daemon needed to check).

What cannot be checked without a daemon is building the image and running it; what they must
agree on with the rest of the repository is checked here: the Python version, the Debian
packages and the PDF font, the command (the production server), the health check, the
database URL that settings read, the data volume, and the environment names settings know.
"""
from __future__ import annotations

import ast
import json
import re
import shlex
import tomllib
from pathlib import Path
from typing import Any

import dj_database_url
import yaml  # PyYAML comes with drf-spectacular
from django.core.management import get_commands
from django.urls import resolve

from jianpin.workflows.pdf_fonts import CANDIDATES

ROOT = Path(__file__).resolve().parents[3]


def instructions(text: str) -> list[tuple[str, str]]:
    """A Dockerfile as (INSTRUCTION, arguments), continuation lines joined, comments dropped."""
    out: list[tuple[str, str]] = []
    pending = ""
    for raw in text.splitlines():
        line = raw.strip()
        if not pending and (not line or line.startswith("#")):
            continue
        if pending and line.startswith("#"):
            continue
        if line.endswith("\\"):
            pending += line[:-1].strip() + " "
            continue
        word, _, args = (pending + line).partition(" ")
        out.append((word.upper(), args.strip()))
        pending = ""
    return out


def dockerfile() -> dict[str, list[str]]:
    found: dict[str, list[str]] = {}
    for word, args in instructions(ROOT.joinpath("Dockerfile").read_text(encoding="utf-8")):
        found.setdefault(word, []).append(args)
    return found


def image_env(found: dict[str, list[str]]) -> dict[str, str]:
    return dict(re.findall(r"(\w+)=(\S+)", " ".join(found["ENV"])))


def exec_form(args: str) -> list[str]:
    value = json.loads(args)
    assert isinstance(value, list) and all(isinstance(v, str) for v in value), args
    return value


def compose() -> dict[str, Any]:
    loaded = yaml.safe_load(ROOT.joinpath("compose.yaml").read_text(encoding="utf-8"))
    assert isinstance(loaded, dict)
    return loaded


def substitute(value: str, env: dict[str, str]) -> str:
    """compose's ${NAME}, ${NAME:-default} and ${NAME:?error} with the given variables."""
    def one(match: re.Match[str]) -> str:
        name, op, rest = match.group(1), match.group(2) or "", match.group(3) or ""
        if name in env and env[name] != "":
            return env[name]
        assert op != ":?", f"{name} must be set: {rest}"
        return rest
    return re.sub(r"\$\{(\w+)(:-|:\?)?([^}]*)\}", one, value)


def settings_env_names() -> set[str]:
    """Every environment variable config/settings.py reads."""
    tree = ast.parse(ROOT.joinpath("config", "settings.py").read_text(encoding="utf-8"))
    names = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Call) and node.args and isinstance(node.args[0], ast.Constant) \
                and isinstance(node.args[0].value, str) and node.args[0].value.isupper():
            func = node.func
            called = func.attr if isinstance(func, ast.Attribute) else getattr(func, "id", "")
            if called in {"get", "env_bool", "env_int", "env_list", "env_secret", "env_fernet_key"}:
                names.add(node.args[0].value)
    return names


def system_deps_packages() -> set[str]:
    recipe = ROOT.joinpath("Makefile").read_text(encoding="utf-8").replace("\\\n", " ")
    line = next(row for row in recipe.splitlines() if "apt-get install" in row)
    return {w for w in line.split("apt-get install", 1)[1].split() if not w.startswith("-")
            and re.fullmatch(r"[a-z0-9][a-z0-9.+-]+", w)}


def test_the_image_runs_the_projects_python() -> None:
    (base,) = dockerfile()["FROM"]
    match = re.fullmatch(r"python:(\d+)\.(\d+)-slim-(\w+)", base)
    assert match is not None, base
    version = f"{match[1]}.{match[2]}"
    project = tomllib.loads(ROOT.joinpath("pyproject.toml").read_text(encoding="utf-8"))
    assert project["project"]["requires-python"] == f">={version}"
    assert project["tool"]["mypy"]["python_version"] == version
    assert match[3] == "bookworm"  # the Debian release whose font package path is below


def test_the_image_installs_the_embedded_pdf_font_the_makefile_installs() -> None:
    found = dockerfile()
    (install,) = [r for r in found["RUN"] if "apt-get install" in r and "pip install" not in r]
    packages = {w for w in install.split("apt-get install", 1)[1].split("&&")[0].split()
                if not w.startswith("-")}
    assert packages == {"fonts-wqy-zenhei"}
    assert packages <= system_deps_packages()
    env = image_env(found)
    # The font the image names is the one the Makefile checks for and the PDFs look for first.
    assert env["JIANPIN_PDF_FONT"] == CANDIDATES[0] == "/usr/share/fonts/truetype/wqy/wqy-zenhei.ttc"
    assert CANDIDATES[0] in ROOT.joinpath("Makefile").read_text(encoding="utf-8")
    assert "JIANPIN_PDF_FONT" in settings_env_names()


def test_the_command_migrates_then_runs_the_production_server() -> None:
    found = dockerfile()
    (cmd,) = found["CMD"]
    shell, flag, script = exec_form(cmd)
    assert (shell, flag) == ("sh", "-c")
    steps = [shlex.split(s) for s in script.split("&&")]
    assert steps == [["jianpin", "migrate", "--noinput"],
                     ["jianpin", "collectstatic", "--noinput", "-v", "0"],
                     ["exec", "jianpin", "serve", "0.0.0.0:8000", "--no-migrate"]]
    assert "--dev" not in steps[-1]  # gunicorn, not Django's development server
    assert found["EXPOSE"] == ["8000"] and found["USER"] == ["jianpin"]
    project = tomllib.loads(ROOT.joinpath("pyproject.toml").read_text(encoding="utf-8"))
    assert project["project"]["scripts"]["jianpin"] == "jianpin.cli:main"
    from jianpin.cli import ALIASES

    assert ALIASES["serve"] == "serve"
    for command in ("serve", "worker", "migrate", "collectstatic"):
        assert command in get_commands()
    for path in ("pyproject.toml", "README.md", "config", "jianpin"):
        assert any(path in c.split() for c in found["COPY"]) and ROOT.joinpath(path).exists()


def test_the_health_check_asks_healthz_as_the_proxy_would() -> None:
    (check,) = dockerfile()["HEALTHCHECK"]
    options, _, cmd = check.partition("CMD ")
    assert re.findall(r"--(\w+(?:-\w+)?)=", options) == ["interval", "timeout", "start-period",
                                                         "retries"]
    program = exec_form(cmd)
    assert program[:2] == ["python", "-c"]
    code = program[2]
    assert "'http://127.0.0.1:8000/healthz'" in code and "status == 200" in code
    assert resolve("/healthz").url_name == "healthz"
    # Without the forwarded scheme production's HTTPS redirect would answer 301; the Host it
    # sends must be one compose allows by default.
    assert "'X-Forwarded-Proto': 'https'" in code
    host = re.search(r"'Host': '([^']+)'", code)
    assert host is not None
    env = compose()["x-jianpin-env"]
    assert host[1] in substitute(env["JIANPIN_ALLOWED_HOSTS"], {}).split(",")


def test_compose_gives_settings_a_database_url_they_read() -> None:
    spec = compose()
    env = spec["x-jianpin-env"]
    url = substitute(env["DATABASE_URL"], {"POSTGRES_PASSWORD": "s3cret"})
    parsed = dj_database_url.parse(url)
    db = spec["services"]["db"]["environment"]
    assert (parsed["ENGINE"], parsed["HOST"], parsed["PORT"], parsed["NAME"], parsed["USER"],
            parsed["PASSWORD"]) == ("django.db.backends.postgresql", "db", 5432,
                                    db["POSTGRES_DB"], db["POSTGRES_USER"], "s3cret")
    assert substitute(db["POSTGRES_PASSWORD"], {"POSTGRES_PASSWORD": "s3cret"}) == "s3cret"
    # Every variable compose sets for jianpin is one settings read (a typo would be ignored).
    assert set(env) - settings_env_names() == set()
    assert env["JIANPIN_JOBS_MODE"] in {"thread", "worker", "inline"}
    assert (env["JIANPIN_PRODUCTION"], env["JIANPIN_JOBS_MODE"]) == ("1", "worker")


def test_compose_keeps_the_data_folder_in_a_volume() -> None:
    spec = compose()
    found = dockerfile()
    env = image_env(found)
    data_dir = env["JIANPIN_DATA_DIR"]
    assert exec_form(found["VOLUME"][0]) == [data_dir]
    for name in ("web", "worker"):
        service = spec["services"][name]
        assert service["environment"] is spec["x-jianpin-env"] or \
            service["environment"] == spec["x-jianpin-env"]
        assert f"data:{data_dir}" in service["volumes"]
    assert "pgdata:/var/lib/postgresql/data" in spec["services"]["db"]["volumes"]
    assert set(spec["volumes"]) == {"pgdata", "data"}
    # web builds the image that worker runs; the worker runs jobs, the web waits for the database.
    assert spec["services"]["web"]["build"] == "."
    assert spec["services"]["web"]["image"] == spec["services"]["worker"]["image"]
    assert spec["services"]["worker"]["command"] == ["jianpin", "worker"]
    assert spec["services"]["web"]["ports"] == ["127.0.0.1:8000:8000"]
    assert spec["services"]["web"]["depends_on"]["db"]["condition"] == "service_healthy"
    assert spec["services"]["worker"]["depends_on"]["web"]["condition"] == "service_healthy"


def test_secrets_and_data_stay_out_of_the_image_and_the_repository() -> None:
    ignored = set(ROOT.joinpath(".dockerignore").read_text(encoding="utf-8").split())
    assert {".env", "var", ".venv", ".git"} <= ignored
    assert ".env" in ROOT.joinpath(".gitignore").read_text(encoding="utf-8").split()


def test_the_dockerfile_reader_joins_lines_and_drops_comments() -> None:
    text = "# c\nFROM python:3.11-slim-bookworm\nRUN a \\\n    # inside\n    && b\nCMD [\"x\"]\n"
    assert instructions(text) == [("FROM", "python:3.11-slim-bookworm"), ("RUN", "a && b"),
                                  ("CMD", '["x"]')]
    assert substitute("${A:-x}/${B}", {"B": "y"}) == "x/y"


def test_the_image_compiles_the_sheet_reader_and_drops_the_compiler() -> None:
    """The import's compiled sheet reader is built in the image; gcc does not stay in it."""
    (build,) = [r for r in dockerfile()["RUN"] if "pip install" in r]
    steps = [step.strip() for step in build.split("&&")]
    install = next(i for i, step in enumerate(steps) if step.startswith("apt-get install"))
    pip = next(i for i, step in enumerate(steps) if step.startswith("pip install"))
    purge = next(i for i, step in enumerate(steps) if step.startswith("apt-get purge"))
    assert install < pip < purge
    assert {"gcc", "libc6-dev"} <= set(steps[install].split())
    assert {"gcc", "libc6-dev"} <= set(steps[purge].split())
    project = tomllib.loads(ROOT.joinpath("pyproject.toml").read_text(encoding="utf-8"))
    (module,) = project["tool"]["setuptools"]["ext-modules"]
    assert module["name"] == "jianpin.uploads._xlsxc"
