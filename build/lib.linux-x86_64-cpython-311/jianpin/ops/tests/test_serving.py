"""Production serving: /healthz, request ids in logs, the gunicorn command line."""
from __future__ import annotations

import json
import logging
import os
import socket
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

import pytest
from django.db.utils import OperationalError
from django.test import Client

from jianpin.ops import health
from jianpin.ops.logs import RequestContextFilter
from jianpin.ops.serve import ACCESS_FORMAT, gunicorn_argv

pytestmark = pytest.mark.django_db


def test_healthz_reports_every_check_without_login() -> None:
    response = Client().get("/healthz")
    body = response.json()
    assert response.status_code == 200
    assert (body["status"], body["version"]) == ("ok", health.version())
    assert set(body["checks"]) == {"database", "jobs", "disk"}
    assert body["checks"]["database"]["ok"] is True
    assert {k: body["checks"]["jobs"][k] for k in ("queued", "running", "stale")} == {
        "queued": 0, "running": 0, "stale": 0}
    assert response["Cache-Control"].startswith("max-age=0")


def test_healthz_is_503_when_the_database_check_fails(monkeypatch) -> None:  # type: ignore[no-untyped-def]
    def down() -> dict:
        raise OperationalError("connection refused to db.example.org")
    monkeypatch.setitem(health.CHECKS, "database", down)
    response = Client().get("/healthz")
    assert response.status_code == 503
    assert response.json()["status"] == "fail"
    assert response.json()["checks"]["database"] == {"ok": False, "error": "OperationalError"}
    assert b"example.org" not in response.content  # no connection details to anonymous callers


def test_healthz_is_503_when_the_data_folder_is_nearly_full(settings) -> None:  # type: ignore[no-untyped-def]
    settings.HEALTH_MIN_FREE_MB = 10**12
    response = Client().get("/healthz")
    assert (response.status_code, response.json()["checks"]["disk"]["ok"]) == (503, False)


def test_log_lines_carry_the_request_id_and_user_id(cadre, caplog) -> None:  # type: ignore[no-untyped-def]
    client = Client()
    client.force_login(cadre)
    caplog.handler.addFilter(RequestContextFilter())
    with caplog.at_level(logging.INFO, logger="jianpin.request"):
        response = client.get("/healthz", HTTP_X_REQUEST_ID="lb-abc12345")
    assert response["X-Request-ID"] == "lb-abc12345"
    lines = [r for r in caplog.records if r.name == "jianpin.request"]
    assert [(r.getMessage().split()[:3], r.request_id, r.user_id) for r in lines] == [
        (["GET", "/healthz", "200"], "lb-abc12345", str(cadre.pk))]


def test_unsafe_request_ids_are_replaced() -> None:
    response = Client().get("/healthz", HTTP_X_REQUEST_ID="x\r\nSet-Cookie: a=b")
    rid = response["X-Request-ID"]
    assert len(rid) == 32 and rid.isalnum()


def test_serve_builds_the_gunicorn_command_line() -> None:
    argv = gunicorn_argv("0.0.0.0:9000", workers=3, timeout=60, python="/py")
    assert argv == [
        "/py", "-m", "gunicorn", "config.wsgi:application", "--bind", "0.0.0.0:9000",
        "--workers", "3", "--timeout", "60", "--graceful-timeout", "30",
        "--access-logfile", "-", "--access-logformat", ACCESS_FORMAT, "--error-logfile", "-",
        "--forwarded-allow-ips", "127.0.0.1"]
    assert gunicorn_argv("8001", workers=1)[5] == "127.0.0.1:8001"
    assert "%(U)s" in ACCESS_FORMAT and "%(r)s" not in ACCESS_FORMAT  # no query strings


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


@pytest.mark.slow
def test_gunicorn_serves_healthz(tmp_path: Path) -> None:
    port = _free_port()
    root = Path(__file__).resolve().parents[3]
    env = {**os.environ, "JIANPIN_DATA_DIR": str(tmp_path), "JIANPIN_JOBS_MODE": "worker"}
    env.pop("DATABASE_URL", None)  # a database of its own, migrated by `serve`
    proc = subprocess.Popen(
        [sys.executable, "-m", "jianpin.cli", "serve", f"127.0.0.1:{port}", "--workers", "1"],
        cwd=root, env=env, stdout=subprocess.PIPE, stderr=subprocess.STDOUT)
    try:
        body = None
        for _ in range(600):  # migrations of a fresh database come first
            try:
                with urllib.request.urlopen(f"http://127.0.0.1:{port}/healthz", timeout=5) as r:
                    body = (r.status, json.loads(r.read()), r.headers["X-Request-ID"])
                break
            except OSError:
                assert proc.poll() is None, proc.stdout.read().decode() if proc.stdout else ""
                time.sleep(0.5)
        assert body is not None
        status, report, rid = body
        assert (status, report["status"], report["checks"]["jobs"]["mode"]) == (200, "ok", "worker")
        assert len(rid) == 32
    finally:
        proc.terminate()
        proc.wait(timeout=30)


def test_healthz_answers_head_and_refuses_post() -> None:
    assert Client().head("/healthz").status_code == 200
    assert Client().post("/healthz").status_code == 405
