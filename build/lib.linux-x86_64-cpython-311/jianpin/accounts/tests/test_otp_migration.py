"""The data migration: users enrolled with the hand-written TOTP keep their authenticator.

Runs the migrations in a child process on a fresh SQLite file: migrating back and forth
inside the test database's transaction is not possible on SQLite.
"""
from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

SCRIPT = r"""
import base64, json, sys
import django
django.setup()
from django.core.management import call_command
from django.db import connection
call_command("migrate", "accounts", "0005", verbosity=0)
secret = base64.b32encode(b"12345678901234567890").decode()  # as the old code stored it
with connection.cursor() as c:
    c.execute("INSERT INTO accounts_user (password, is_superuser, username, first_name, last_name,"
              " email, is_staff, is_active, date_joined, role, display_name, failed_logins,"
              " totp_secret) VALUES ('!', 0, 'old', '', '', '', 0, 1, '2026-01-01', 'auditor', '',"
              " 0, %s), ('!', 0, 'plain', '', '', '', 0, 1, '2026-01-01', 'auditor', '', 0, '')",
              [secret])
call_command("migrate", "accounts", verbosity=0)
from django_otp.oath import hotp
from jianpin.accounts import second_factor
from jianpin.accounts.models import TotpDevice, User
old, plain = User.objects.get(username="old"), User.objects.get(username="plain")
device = TotpDevice.objects.get(user=old)
with connection.cursor() as c:
    c.execute("SELECT sealed_key FROM accounts_totpdevice")
    stored = c.fetchone()[0]
    c.execute("PRAGMA table_info(accounts_user)")
    columns = [row[1] for row in c.fetchall()]
import time
now = int(time.time())
json.dump({
    "confirmed": device.confirmed, "key": device.bin_key.decode(),
    "plain_in_row": secret in stored or "3132333435" in stored,
    "old_enrolled": second_factor.enrolled(old), "plain_enrolled": second_factor.enrolled(plain),
    "code_ok": second_factor.verify(old, str(hotp(device.bin_key, now // 30, 6)).zfill(6)),
    "column_left": "totp_secret" in columns,
}, sys.stdout)
"""


def test_old_secrets_become_sealed_devices_that_verify(tmp_path: Path) -> None:
    env = {**os.environ, "DATABASE_URL": f"sqlite:///{tmp_path / 'old.sqlite3'}",
           "DJANGO_SETTINGS_MODULE": "config.settings", "JIANPIN_DATA_DIR": str(tmp_path)}
    done = subprocess.run([sys.executable, "-c", SCRIPT], env=env, capture_output=True, text=True,
                          cwd=Path(__file__).resolve().parents[3], timeout=120, check=False)
    assert done.returncode == 0, done.stderr[-2000:]
    assert json.loads(done.stdout.strip().splitlines()[-1]) == {
        "confirmed": True, "key": "12345678901234567890", "plain_in_row": False,
        "old_enrolled": True, "plain_enrolled": False, "code_ok": "totp", "column_left": False}


pytestmark = [pytest.mark.django_db, pytest.mark.slow]
