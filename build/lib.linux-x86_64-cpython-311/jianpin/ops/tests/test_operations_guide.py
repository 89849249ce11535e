"""The operations guide's production set-up, followed in a temporary folder: a copy of the
project installed into a fresh virtual environment with pip (as `make install` does), then the
commands of section 3 (PostgreSQL) as written there: the exports, migrate, collectstatic,
`jianpin serve` (gunicorn) and the worker. /healthz must answer ok from gunicorn.

Only the database URL (a database of this test run's server), the port and the number of
gunicorn workers differ from the guide; the worker runs with --once instead of forever.
"""
from __future__ import annotations

import json
import os
import shlex
import shutil
import socket
import subprocess
import sys
import sysconfig
import time
import urllib.error
import urllib.request
from pathlib import Path
from typing import Any

import dj_database_url
import pytest
from django.conf import settings

ROOT = Path(__file__).resolve().parents[3]
GUIDE = ROOT / "docs" / "operations.md"
pytestmark = pytest.mark.slow


def guide_commands(section: str) -> list[str]:
    """The lines of the first shell block after the heading `section`."""
    text = GUIDE.read_text(encoding="utf-8")
    after = text[text.index(f"\n{section}\n"):]
    block = after[after.index("```sh\n") + 6:]
    return [line for line in block[:block.index("```")].splitlines() if line.strip()]


def _copy_project(target: Path) -> None:
    listed = subprocess.run(["git", "ls-files", "-z", "--cached", "--others", "--exclude-standard"],
                            cwd=ROOT, capture_output=True, check=True).stdout.decode()
    for name in filter(None, listed.split("\0")):
        source = ROOT / name
        if source.is_file():
            (target / name).parent.mkdir(parents=True, exist_ok=True)
            shutil.copy2(source, target / name)


def _install(src: Path, venv: Path, env: dict[str, str]) -> Path:
    """A fresh environment; the dependencies come from this one (a .pth line), the project
    itself is installed from the copy with pip."""
    subprocess.run([getattr(sys, "_base_executable", sys.executable), "-m", "venv", str(venv)],
                   check=True)
    site = Path(subprocess.run(
        [str(venv / "bin" / "python"), "-c", "import sysconfig; print(sysconfig.get_paths()['purelib'])"],
        capture_output=True, text=True, check=True).stdout.strip())
    here = {sysconfig.get_paths()["purelib"], sysconfig.get_paths()["platlib"]}
    site.joinpath("dependencies.pth").write_text("\n".join(sorted(here)) + "\n")
    subprocess.run([str(venv / "bin" / "python"), "-m", "pip", "install", "-q", "--no-deps",
                    "--disable-pip-version-check", "-e", str(src)], env=env, check=True,
                   timeout=300)
    return venv / "bin" / "jianpin"


def _database(name: str) -> tuple[str, Any]:
    """A new database on the server the tests use: its URL, and a connection to drop it."""
    import psycopg

    db = settings.DATABASES["default"]
    password = f":{db['PASSWORD']}" if db["PASSWORD"] else ""
    server = f"postgres://{db['USER']}{password}@{db['HOST'] or '127.0.0.1'}:{db['PORT'] or 5432}"
    admin = psycopg.connect(f"{server}/postgres", autocommit=True)
    admin.execute(f'DROP DATABASE IF EXISTS "{name}"')
    admin.execute(f'CREATE DATABASE "{name}"')
    return f"{server}/{name}", admin


def _exports(line: str, env: dict[str, str]) -> dict[str, str]:
    """Run an `export` line of the guide in bash (it may substitute commands) and read back
    the environment it leaves."""
    out = subprocess.run(["bash", "-c", f"{line}\nenv -0"], env=env, capture_output=True,
                         check=True).stdout.decode()
    return dict(item.split("=", 1) for item in out.split("\0") if "=" in item)


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def _get(port: int, host: str, proxied: bool) -> tuple[int, dict[str, str], bytes]:
    headers = {"Host": host, **({"X-Forwarded-Proto": "https"} if proxied else {})}
    request = urllib.request.Request(f"http://127.0.0.1:{port}/healthz", headers=headers)

    class NoRedirect(urllib.request.HTTPRedirectHandler):
        def redirect_request(self, *args: Any) -> None:
            return None

    try:
        with urllib.request.build_opener(NoRedirect).open(request, timeout=10) as r:
            return r.status, dict(r.headers), r.read()
    except urllib.error.HTTPError as err:
        return err.code, dict(err.headers), err.read()


def test_the_guides_production_steps_serve_healthz_from_gunicorn_on_postgresql(
        tmp_path: Path) -> None:
    if settings.DATABASES["default"]["ENGINE"] != "django.db.backends.postgresql":
        pytest.skip("the guide's production set-up runs on PostgreSQL (run with DATABASE_URL)")
    commands = guide_commands("## 3. PostgreSQL")
    src, data = tmp_path / "jianpin", tmp_path / "data"
    env = {"PATH": os.environ.get("PATH", "/usr/bin:/bin"), "HOME": os.environ.get("HOME", "/"),
           "LANG": "C.UTF-8", "JIANPIN_DATA_DIR": str(data)}
    _copy_project(src)
    jianpin = _install(src, tmp_path / "venv", env)
    url, admin = _database(f"{settings.DATABASES['default']['NAME']}_guide")
    port, server = _free_port(), None
    ran: list[str] = []
    try:
        for line in commands:
            words = shlex.split(line, comments=True)
            if words[0] == "createdb":
                assert words[-1] == "jianpin"  # made above under a name of its own
            elif words[0] == "export":
                env = _exports(line, env)
                if "DATABASE_URL" in env and env["DATABASE_URL"] != url:
                    assert dj_database_url.parse(env["DATABASE_URL"])["ENGINE"] == \
                        "django.db.backends.postgresql"
                    env["DATABASE_URL"] = url
            else:
                assert words[0] == ".venv/bin/jianpin", line
                argv = [str(jianpin), *words[1:]]
                ran.append(words[1])
                if words[1] == "serve":
                    argv[2] = f"127.0.0.1:{port}"
                    argv[argv.index("--workers") + 1] = "2"
                    server = subprocess.Popen(argv, cwd=tmp_path, env=env, stdout=subprocess.PIPE,
                                              stderr=subprocess.STDOUT)
                elif words[1] == "worker":
                    subprocess.run([*argv, "--once"], cwd=tmp_path, env=env, check=True,
                                   capture_output=True, timeout=120)
                else:
                    subprocess.run(argv, cwd=tmp_path, env=env, check=True, capture_output=True,
                                   timeout=300)
        assert ran == ["migrate", "collectstatic", "serve", "worker"]
        assert env["JIANPIN_PRODUCTION"] == "1" and env["JIANPIN_JOBS_MODE"] == "worker"
        assert len(env["JIANPIN_SECRET_KEY"]) >= 50
        host = env["JIANPIN_ALLOWED_HOSTS"].split(",")[0]
        assert server is not None
        answer = None
        for _ in range(120):
            try:
                answer = _get(port, host, proxied=True)
                break
            except OSError:
                assert server.poll() is None, server.stdout.read().decode() if server.stdout else ""
                time.sleep(0.5)
        assert answer is not None
        status, headers, body = answer
        report = json.loads(body)
        assert (status, report["status"], headers["Server"].split("/")[0]) == (200, "ok", "gunicorn")
        assert (report["checks"]["database"], report["checks"]["jobs"]["mode"]) == (
            {"ok": True, "vendor": "postgresql"}, "worker")
        # Plain HTTP, not through the TLS proxy: production redirects it.
        status, headers, _ = _get(port, host, proxied=False)
        assert (status, headers["Location"]) == (301, f"https://{host}/healthz")
        assert data.joinpath("static", "web", "site.css").read_bytes() == \
            ROOT.joinpath("jianpin", "web", "static", "web", "site.css").read_bytes()
    finally:
        if server is not None:
            server.terminate()
            server.wait(timeout=30)
        admin.execute("SELECT pg_terminate_backend(pid) FROM pg_stat_activity "
                      "WHERE datname = %s AND pid <> pg_backend_pid()", (url.rsplit("/", 1)[1],))
        admin.execute(f'DROP DATABASE IF EXISTS "{url.rsplit("/", 1)[1]}"')
        admin.close()
