"""Run parallel logins against the configured (file) database and print what happened as JSON.

Used by test_lockout.py for SQLite, whose in-memory test database cannot take concurrent
writers from several threads: `python -m jianpin.accounts.tests.parallel_login WRONG RIGHT`.
"""
from __future__ import annotations

import json
import os
import sys


def main(wrong: int, right: int) -> dict[str, object]:
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")
    import django

    django.setup()
    from django.conf import settings
    from django.core.management import call_command

    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
    settings.LOGIN_MAX_FAILURES_PER_IP = 1000
    call_command("migrate", verbosity=0)
    from jianpin.accounts.models import Role, User
    from jianpin.accounts.tests import test_lockout
    from jianpin.audit.models import AuditEvent
    from jianpin.conftest import PASSWORD

    User.objects.create_user(username="cadre", password=PASSWORD, role=Role.VILLAGE_CADRE)
    checks: list[str] = []
    original = User.check_password

    def counted(self: User, raw: str) -> bool:
        checks.append(self.username)
        return original(self, raw)

    User.check_password = counted  # type: ignore[method-assign]
    first = test_lockout.in_parallel([("cadre", f"wrong-{i}") for i in range(wrong)])
    after = test_lockout.in_parallel([("cadre", PASSWORD)] * right)
    user = User.objects.get(username="cadre")
    return {"logins_wrong": first, "logins_right": after, "checks": len(checks),
            "locked": user.locked_until is not None,
            "lockouts": AuditEvent.objects.filter(action="accounts.lockout").count()}


if __name__ == "__main__":
    print(json.dumps(main(int(sys.argv[1]), int(sys.argv[2]))))
