from __future__ import annotations

from django.core.management.base import BaseCommand, CommandError

from jianpin.accounts.models import User
from jianpin.kernel.errors import DomainError
from jianpin.screening.dept_grants import allowed_kinds, do_set_dept_kinds
from jianpin.screening.models import DeptKind


class Command(BaseCommand):
    help = "查看或设定部门账号可上传的数据类型：dept_kinds 用户名 [类型 ...]（--clear 全部取消）"

    def add_arguments(self, parser) -> None:  # type: ignore[no-untyped-def]
        parser.add_argument("username")
        parser.add_argument("kinds", nargs="*", help="、".join(DeptKind.values))
        parser.add_argument("--clear", action="store_true")

    def handle(self, username: str, kinds: list[str], clear: bool, **opts: object) -> None:
        user = User.objects.filter(username=username).first()
        if user is None:
            raise CommandError(f"没有用户 {username}")
        if kinds or clear:
            try:
                do_set_dept_kinds(None, user, kinds)
            except DomainError as exc:
                raise CommandError(exc.message) from None
        self.stdout.write(f"{username}：{'、'.join(allowed_kinds(user)) or '（无）'}")
