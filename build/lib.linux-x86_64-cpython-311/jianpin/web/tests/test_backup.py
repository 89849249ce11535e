"""Backups restore, include the media folder, are private and can be encrypted; restore refuses
while a server or worker has the database open."""
from __future__ import annotations

import json
import os
import stat
import subprocess
import sys
from pathlib import Path

import pytest

from jianpin.ops import backup, sealed

ROOT = Path(__file__).resolve().parents[3]


def run(db: Path, *args: str, data: Path | None = None, key: str = "") -> subprocess.CompletedProcess[str]:
    env = dict(os.environ, DATABASE_URL=f"sqlite:///{db}", JIANPIN_BACKUP_KEY=key,
               JIANPIN_DATA_DIR=str(data or db.parent / "data"))
    return subprocess.run([sys.executable, str(ROOT / "manage.py"), *args], env=env,
                          capture_output=True, text=True, check=False, cwd=ROOT)


def mode(path: Path) -> int:
    return stat.S_IMODE(path.stat().st_mode)


@pytest.fixture
def media(settings, tmp_path: Path) -> Path:  # type: ignore[no-untyped-def]
    from django.db import connection

    if connection.vendor != "sqlite":
        pytest.skip("backup and restore are for SQLite; PostgreSQL uses pg_dump")
    settings.MEDIA_ROOT = tmp_path / "media"
    (settings.MEDIA_ROOT / "assistance" / "2026" / "11").mkdir(parents=True)
    (settings.MEDIA_ROOT / "assistance" / "2026" / "11" / "走访.jpg").write_bytes(b"\xff\xd8photo")
    (settings.MEDIA_ROOT / "library").mkdir()
    (settings.MEDIA_ROOT / "library" / "policy.pdf").write_bytes(b"%PDF-1.7 original")
    return Path(settings.MEDIA_ROOT)


@pytest.mark.django_db(transaction=True)
def test_backup_is_private_holds_media_and_verify_leaves_nothing(media: Path, tmp_path: Path) -> None:
    folder = tmp_path / "backups"
    file = backup.backup(folder, key="")
    assert file.suffix == ".tar"
    assert mode(folder) == 0o700 and mode(file) == 0o600
    assert backup.verify(file, key="") == []
    assert sorted(p.name for p in folder.iterdir()) == [file.name]  # no -wal/-shm, no leftovers
    work = tmp_path / "unpacked"
    info = backup.unpack(file, work, key="")
    assert sorted(info["media"]) == ["assistance/2026/11/走访.jpg", "library/policy.pdf"]
    assert (work / "media" / "library" / "policy.pdf").read_bytes() == b"%PDF-1.7 original"
    assert info["tables"]["regions_region"]["rows"] > 0


@pytest.mark.django_db(transaction=True)
def test_encrypted_backup_needs_the_key(media: Path, tmp_path: Path) -> None:
    key = sealed.new_key()
    file = backup.backup(tmp_path / "b", key=key)
    raw = file.read_bytes()
    assert file.name.endswith(".tar.enc") and raw.startswith(sealed.MAGIC)
    assert b"SQLite format 3" not in raw and b"%PDF-1.7 original" not in raw
    assert backup.verify(file, key=key) == []
    with pytest.raises(ValueError, match="请设置 JIANPIN_BACKUP_KEY"):
        backup.verify(file, key="")
    with pytest.raises(ValueError, match="密钥不对或文件被改动"):
        backup.verify(file, key=sealed.new_key())
    cut = tmp_path / "cut.tar.enc"
    cut.write_bytes(raw[: len(raw) // 2])
    with pytest.raises(ValueError):
        backup.verify(cut, key=key)


@pytest.mark.django_db(transaction=True)
def test_media_file_changed_after_backup_fails_verification(media: Path, tmp_path: Path) -> None:
    import tarfile

    file = backup.backup(tmp_path / "b", key="")
    forged = tmp_path / "forged.tar"
    with tarfile.open(file) as src, tarfile.open(forged, "w") as dst:
        for member in src.getmembers():
            data = src.extractfile(member).read()  # type: ignore[union-attr]
            if member.name == "media/library/policy.pdf":
                data = b"%PDF-1.7 forged!!"
                member.size = len(data)
            import io

            dst.addfile(member, io.BytesIO(data))
    assert backup.verify(forged, key="") == ["media/library/policy.pdf: 文件缺失或内容不符"]


@pytest.mark.slow
def test_backup_then_restore_into_fresh_database(tmp_path: Path) -> None:
    live = tmp_path / "live.sqlite3"
    assert run(live, "demo", "--households", "300", "--no-serve").returncode == 0
    photo = tmp_path / "data" / "media" / "assistance" / "photo.jpg"
    photo.parent.mkdir(parents=True)
    photo.write_bytes(b"\xff\xd8visit")
    made = run(live, "backup", str(tmp_path / "backups"))
    assert made.returncode == 0, made.stderr
    files = sorted((tmp_path / "backups").glob("*.tar"))
    assert len(files) == 1
    assert run(live, "backup", "--verify", str(files[0])).returncode == 0
    assert sorted(p.name for p in (tmp_path / "backups").iterdir()) == [files[0].name]

    fresh, fresh_data = tmp_path / "fresh" / "db.sqlite3", tmp_path / "fresh" / "data"
    restored = run(fresh, "restore", str(files[0]), data=fresh_data)
    assert restored.returncode == 0, restored.stderr
    assert mode(fresh) == 0o600
    assert (fresh_data / "media" / "assistance" / "photo.jpg").read_bytes() == b"\xff\xd8visit"
    check = run(fresh, "shell", "-c", "from jianpin.ops.backup import manifest; import json;"
                " print(json.dumps(manifest(), sort_keys=True))", data=fresh_data)
    expected = backup.unpack(files[0], tmp_path / "x", key="")["tables"]
    assert json.loads(check.stdout.strip().splitlines()[-1]) == expected
    assert expected["registry_household"]["rows"] == 300


@pytest.mark.slow
def test_restore_is_refused_while_a_worker_runs(tmp_path: Path) -> None:
    live = tmp_path / "live.sqlite3"
    assert run(live, "migrate", "-v0").returncode == 0
    assert run(live, "backup", str(tmp_path / "b")).returncode == 0
    file = next((tmp_path / "b").glob("*.tar"))
    assert run(live, "regions", "load-core").returncode == 0
    before = live.read_bytes()
    env = dict(os.environ, DATABASE_URL=f"sqlite:///{live}", JIANPIN_DATA_DIR=str(tmp_path / "data"))
    worker = subprocess.Popen([sys.executable, str(ROOT / "manage.py"), "worker", "--interval", "60"],
                              env=env, stdout=subprocess.PIPE, text=True, cwd=ROOT)
    try:
        assert worker.stdout is not None and worker.stdout.readline().strip() == "后台任务进程已启动"
        refused = run(live, "restore", str(file))
        assert refused.returncode != 0
        assert "数据库正被网页服务或后台任务进程使用" in refused.stderr
        assert live.read_bytes() == before
    finally:
        worker.terminate()
        worker.wait()
    restored = run(live, "restore", str(file))
    assert restored.returncode == 0, restored.stderr
    assert live.read_bytes() != before


@pytest.mark.slow
def test_tampered_backup_is_refused(tmp_path: Path) -> None:
    import sqlite3
    import tarfile

    live = tmp_path / "live.sqlite3"
    assert run(live, "migrate", "-v0").returncode == 0
    assert run(live, "regions", "load-core").returncode == 0
    assert run(live, "backup", str(tmp_path / "b")).returncode == 0
    file = next((tmp_path / "b").glob("*.tar"))
    work = tmp_path / "w"
    with tarfile.open(file) as tar:
        tar.extractall(work, filter="data")
    conn = sqlite3.connect(work / "database.sqlite3")
    conn.execute("UPDATE regions_region SET name = '篡改' WHERE code = '441424000000'")
    conn.commit()
    conn.close()
    forged = tmp_path / "forged.tar"
    with tarfile.open(forged, "w") as tar:
        for name in ("manifest.json", "database.sqlite3"):
            tar.add(work / name, name)
    result = run(tmp_path / "other" / "db.sqlite3", "restore", str(forged))
    assert result.returncode != 0
    assert "备份文件与清单不一致：regions_region" in result.stderr
    assert not (tmp_path / "other" / "db.sqlite3").exists()


@pytest.mark.django_db(transaction=True)
def test_verify_reads_the_archive_tables_not_todays_models(media: Path, tmp_path: Path,
                                                          monkeypatch: pytest.MonkeyPatch) -> None:
    file = backup.backup(tmp_path / "b", key="")
    info = backup.unpack(file, tmp_path / "x", key="")
    assert info["version"] == 2 and "django_migrations" in info["tables"]
    # After an upgrade the models differ from the archive's tables; the archive still verifies.
    monkeypatch.setattr(backup.apps, "get_models", lambda: [])
    assert backup.verify(file, key="") == []


@pytest.mark.django_db(transaction=True)
def test_failed_backup_leaves_no_archive(media: Path, tmp_path: Path,
                                         monkeypatch: pytest.MonkeyPatch) -> None:
    import tarfile

    def broken_add(self, name, arcname=None, recursive=True):  # type: ignore[no-untyped-def]
        if arcname and arcname.startswith("media/"):
            raise OSError("disk full")
        return real_add(self, name, arcname, recursive=recursive)

    real_add = tarfile.TarFile.add
    monkeypatch.setattr(tarfile.TarFile, "add", broken_add)
    folder = tmp_path / "b"
    with pytest.raises(OSError, match="disk full"):
        backup.backup(folder, key="")
    assert list(folder.iterdir()) == []


def test_media_swap_that_fails_puts_the_old_media_back(tmp_path: Path,
                                                       monkeypatch: pytest.MonkeyPatch) -> None:
    live, new = tmp_path / "media", tmp_path / "restored"
    (live / "a").mkdir(parents=True)
    (live / "a" / "old.jpg").write_bytes(b"old")
    (new / "b").mkdir(parents=True)
    (new / "b" / "new.jpg").write_bytes(b"new")

    def broken_move(src: str, dst: Path) -> None:
        Path(dst).mkdir()
        (Path(dst) / "half").write_bytes(b"x")
        raise OSError("no space")

    monkeypatch.setattr(backup.shutil, "move", broken_move)
    with pytest.raises(OSError, match="no space"):
        backup._replace_media(new, live)
    assert sorted(p.relative_to(tmp_path).as_posix() for p in tmp_path.rglob("*") if p.is_file()) \
        == ["media/a/old.jpg", "restored/b/new.jpg"]
    monkeypatch.undo()
    backup._replace_media(new, live)
    assert sorted(p.relative_to(tmp_path).as_posix() for p in tmp_path.rglob("*") if p.is_file()) \
        == ["media/b/new.jpg"]
