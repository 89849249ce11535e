"""Backups restore: back up a database, restore it into a fresh file, compare counts and checksums."""
from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[3]


def run(db: Path, *args: str) -> subprocess.CompletedProcess[str]:
    env = dict(os.environ, DATABASE_URL=f"sqlite:///{db}")
    return subprocess.run([sys.executable, str(ROOT / "manage.py"), *args], env=env,
                          capture_output=True, text=True, check=False, cwd=ROOT)


@pytest.mark.slow
def test_backup_then_restore_into_fresh_database(tmp_path: Path) -> None:
    live = tmp_path / "live.sqlite3"
    assert run(live, "demo", "--households", "300", "--no-serve").returncode == 0
    made = run(live, "backup", str(tmp_path / "backups"))
    assert made.returncode == 0, made.stderr
    files = sorted((tmp_path / "backups").glob("*.sqlite3"))
    assert len(files) == 1
    assert run(live, "backup", "--verify", str(files[0])).returncode == 0

    fresh = tmp_path / "fresh.sqlite3"
    restored = run(fresh, "restore", str(files[0]))
    assert restored.returncode == 0, restored.stderr
    check = run(fresh, "shell", "-c", "from jianpin.ops.backup import manifest; import json;"
                " print(json.dumps(manifest(), sort_keys=True))")
    import json

    expected = json.loads(files[0].with_suffix(".json").read_text())
    assert json.loads(check.stdout.strip().splitlines()[-1]) == expected
    assert expected["registry_household"]["rows"] == 300


@pytest.mark.slow
def test_tampered_backup_is_refused(tmp_path: Path) -> None:
    import sqlite3

    live = tmp_path / "live.sqlite3"
    assert run(live, "migrate", "-v0").returncode == 0
    assert run(live, "regions", "load-core").returncode == 0
    assert run(live, "backup", str(tmp_path / "b")).returncode == 0
    file = next((tmp_path / "b").glob("*.sqlite3"))
    conn = sqlite3.connect(file)
    conn.execute("UPDATE regions_region SET name = '篡改' WHERE code = '441424000000'")
    conn.commit()
    conn.close()
    result = run(tmp_path / "other.sqlite3", "restore", str(file))
    assert result.returncode != 0
    assert "备份文件与清单不一致：regions_region" in result.stderr
    assert not (tmp_path / "other.sqlite3").exists()
