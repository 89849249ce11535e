"""Imports in real processes on a real database file (or a PostgreSQL database).

Kill -9 in the middle of a commit leaves the database as it was and a re-run commits exactly
once; two overlapping imports at the same time leave one person per ID.
"""
from __future__ import annotations

import json
import os
import sqlite3
import subprocess
import sys
from pathlib import Path

import pytest

from jianpin.registry.tests.io_helpers import households, rows_of, write_xlsx

pytestmark = pytest.mark.slow  # real processes and kills: over a minute in all

ROOT = Path(__file__).resolve().parents[3]
TABLES = ("registry_household", "registry_member", "registry_incomerecord",
          "registry_importbatch", "audit_auditevent")


PG = os.environ.get("DATABASE_URL", "").startswith("postgres")


@pytest.fixture(scope="module")
def database(tmp_path_factory):  # type: ignore[no-untyped-def]
    folder = tmp_path_factory.mktemp("killsafe")
    url = f"sqlite:///{folder / 'kill.sqlite3'}"
    if PG:
        import psycopg

        base = os.environ["DATABASE_URL"].rsplit("/", 1)[0]
        name = f"jianpin_io_proc_{os.getpid()}"
        with psycopg.connect(f"{base}/postgres", autocommit=True) as conn:
            conn.execute(f'DROP DATABASE IF EXISTS "{name}"')
            conn.execute(f'CREATE DATABASE "{name}"')
        url = f"{base}/{name}"
    env = dict(os.environ, DATABASE_URL=url, JIANPIN_DATA_DIR=str(folder))
    subprocess.run([sys.executable, "-c", (
        "import django, os; os.environ.setdefault('DJANGO_SETTINGS_MODULE', 'config.settings');"
        "django.setup(); from django.core.management import call_command;"
        "call_command('migrate', verbosity=0);"
        "from jianpin.regions.loader import load_core; load_core()")],
        cwd=ROOT, env=env, check=True, timeout=300)
    yield (url if PG else folder / "kill.sqlite3"), env
    if PG:
        import psycopg

        with psycopg.connect(f"{base}/postgres", autocommit=True) as conn:
            conn.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


def _query(db: Path | str, sql: str) -> list[tuple]:
    if isinstance(db, str):
        import psycopg

        with psycopg.connect(db) as conn:
            return conn.execute(sql).fetchall()
    with sqlite3.connect(db) as conn:
        return conn.execute(sql).fetchall()


def _counts(db: Path | str) -> dict[str, int]:
    return {t: _query(db, f"SELECT COUNT(*) FROM {t}")[0][0] for t in TABLES}


def _import(env: dict, path: Path, **extra: str) -> subprocess.Popen:
    return subprocess.Popen(
        [sys.executable, "manage.py", "import_households", str(path), "--json", "--quiet"],
        cwd=ROOT, env=dict(env, **extra), stdout=subprocess.PIPE, stderr=subprocess.PIPE,
        text=True)


# The committing process stops after its first write batches (of two households) that reach
# `pause_at` rows, through the callback the import takes for this purpose, and waits to be killed.
PAUSING = (
    "import django, json, os, sys, time; os.environ.setdefault('DJANGO_SETTINGS_MODULE', "
    "'config.settings'); django.setup(); from pathlib import Path;"
    "from jianpin.registry.io import service\n"
    "def pause(done):\n"
    "    if done >= int(sys.argv[2]):\n"
    "        sys.stderr.write(f'PAUSED {done}\\n'); sys.stderr.flush(); time.sleep(60)\n"
    "out = service.run(Path(sys.argv[1]), dry_run=False,"
    " options=service.Options(step=2, after_chunk=pause))\n"
    "print(json.dumps(out.contract(), ensure_ascii=False))\n")


def _import_pausing(env: dict, path: Path, pause_at: int) -> subprocess.Popen:
    return subprocess.Popen([sys.executable, "-c", PAUSING, str(path), str(pause_at)], cwd=ROOT,
                            env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)


def _wait_paused(proc: subprocess.Popen) -> str:
    assert proc.stderr is not None
    for line in proc.stderr:
        if line.startswith("PAUSED"):
            return line
    raise AssertionError(f"import ended without pausing: {proc.wait()}")


@pytest.mark.parametrize("pause_at", [1, 9, 17])
def test_kill_mid_commit_then_rerun_exactly_once(database, tmp_path, pause_at):
    db, env = database
    before = _counts(db)
    hhs = households(8, start=1000 + pause_at * 100)
    header, rows = rows_of(hhs)
    path = write_xlsx(tmp_path / "k.xlsx", header, rows)
    proc = _import_pausing(env, path, pause_at)
    paused = _wait_paused(proc)
    assert int(paused.split()[1]) >= pause_at       # rows were written inside the transaction
    proc.kill()                                      # SIGKILL: no cleanup of any kind
    proc.wait(timeout=30)
    assert _counts(db) == before
    done = _import(env, path)
    out, _err = done.communicate(timeout=120)
    result = json.loads(out)
    members = sum(len(h) for h in hhs)
    assert result["households"] == {"new": 8, "updated": 0, "unchanged": 0}
    assert result["members"] == {"new": members, "updated": 0, "unchanged": 0}
    after = _counts(db)
    assert after["registry_household"] == before["registry_household"] + 8
    assert after["registry_member"] == before["registry_member"] + members
    assert after["registry_importbatch"] == before["registry_importbatch"] + 1
    assert after["audit_auditevent"] == before["audit_auditevent"] + 8
    again = json.loads(_import(env, path).communicate(timeout=120)[0])
    assert again["households"] == {"new": 0, "updated": 0, "unchanged": 8}
    assert _counts(db) == dict(after, registry_importbatch=after["registry_importbatch"] + 1)


def test_overlapping_imports_at_once_keep_one_person_per_id(database, tmp_path):
    db, env = database
    a = households(6, start=5000)
    b = households(6, start=5003)          # households 5003-5005 (and their IDs) in both files
    paths = [write_xlsx(tmp_path / f"{n}.xlsx", *rows_of(h)) for n, h in (("a", a), ("b", b))]
    procs = [_import(env, p) for p in paths]
    results = [p.communicate(timeout=300) for p in procs]
    outcomes = [json.loads(out) for out, _ in results]
    ok = [o for o in outcomes if "error" not in o]
    assert ok, outcomes
    for o in outcomes:
        if "error" in o:
            assert o["error"]["code"] == "conflict"
    for p, o in zip(paths, outcomes, strict=True):
        if "error" in o:        # the loser re-runs cleanly once the winner has committed
            again = json.loads(_import(env, p).communicate(timeout=300)[0])
            assert "error" not in again
    ids = {m["m.id_number"] for h in a + b for m in h}
    dupes = _query(db, "SELECT id_number, COUNT(*) FROM registry_member WHERE id_number IS NOT "
                       "NULL GROUP BY id_number HAVING COUNT(*) > 1")
    assert dupes == []
    numbers = "', '".join(sorted({h[0]["hh.number"] for h in a + b}))
    held = _query(db, "SELECT m.id_number FROM registry_member m JOIN registry_household h "
                      f"ON h.id = m.household_id WHERE h.number IN ('{numbers}')")
    assert {row[0] for row in held} == ids
    households_now = _query(db, f"SELECT COUNT(*) FROM registry_household WHERE number IN ('{numbers}')")
    assert households_now[0][0] == 9
