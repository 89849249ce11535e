"""Files holding personal data are private: kept imports are deleted after commit (unless a
setting keeps them), the data dir's folders are 0700, the database 0600, uploads 0600."""
from __future__ import annotations

import os
import stat
import subprocess
import sys
from pathlib import Path

import pytest
from django.urls import reverse

from jianpin.conftest import PASSWORD
from jianpin.ops import files
from jianpin.registry.io.models import BatchStatus, ImportBatch
from jianpin.registry.tests.io_helpers import national

pytestmark = pytest.mark.django_db


def mode(path: Path) -> int:
    return stat.S_IMODE(path.stat().st_mode)


def import_file(client, cadre, tmp_path: Path, settings, on_commit) -> ImportBatch:  # type: ignore[no-untyped-def]
    settings.JOBS_INLINE = True
    assert client.login(username=cadre.username, password=PASSWORD)
    with national(tmp_path, 2).open("rb") as fh, on_commit(execute=True):
        client.post(reverse("registry:import"), {"file": fh, "layout": "", "year": "2025"})
    batch = ImportBatch.objects.get()
    assert Path(batch.stored_path).is_file()
    with on_commit(execute=True):
        client.post(reverse("registry:import_confirm", args=[batch.pk]))
    batch.refresh_from_db()
    assert batch.status == BatchStatus.COMMITTED
    return batch


def test_kept_import_file_is_deleted_after_commit(client, cadre, tmp_path, settings,  # type: ignore[no-untyped-def]
                                                  django_capture_on_commit_callbacks) -> None:
    batch = import_file(client, cadre, tmp_path, settings, django_capture_on_commit_callbacks)
    assert not Path(batch.stored_path).exists()


def test_setting_keeps_the_import_file(client, cadre, tmp_path, settings,  # type: ignore[no-untyped-def]
                                       django_capture_on_commit_callbacks) -> None:
    settings.IMPORT_KEEP_FILES = True
    batch = import_file(client, cadre, tmp_path, settings, django_capture_on_commit_callbacks)
    assert Path(batch.stored_path).is_file()


def test_private_folders_and_database_file(settings, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    settings.DATA_DIR = tmp_path
    settings.MEDIA_ROOT = tmp_path / "media"
    for name in ("imports", "import-checked", "media"):
        (tmp_path / name).mkdir(mode=0o755)
    files.secure_data_dir()
    assert [mode(tmp_path / n) for n in ("imports", "import-checked", "media")] == [0o700] * 3
    assert settings.FILE_UPLOAD_PERMISSIONS == 0o600
    assert settings.FILE_UPLOAD_DIRECTORY_PERMISSIONS == 0o700


def test_database_created_by_the_command_is_private(tmp_path: Path) -> None:
    db = tmp_path / "db.sqlite3"
    env = dict(os.environ, DATABASE_URL=f"sqlite:///{db}", JIANPIN_DATA_DIR=str(tmp_path / "d"))
    code = "from jianpin.cli import main; main(['check'])"
    result = subprocess.run([sys.executable, "-c", code + "; from django.db import connection;"
                             " connection.ensure_connection()"], env=env, capture_output=True,
                            text=True, check=False)
    assert result.returncode == 0, result.stderr
    assert mode(db) == 0o600 and mode(tmp_path / "d") == 0o700
