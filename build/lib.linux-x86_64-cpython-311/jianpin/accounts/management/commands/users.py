"""`jianpin users`: list and administer accounts through the same audited actions as the pages.

Every subcommand acts as an administrator named by `--as USERNAME` (default: the only active
national administrator, if there is exactly one), so the area limits and the audit trail are
the same as on the web pages. While no national administrator exists, `create NAME --role admin`
without a region makes the first one.
"""
from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.utils import timezone

from jianpin.accounts import admin_actions as act
from jianpin.accounts.models import Role, User
from jianpin.kernel.errors import DomainError


class Command(BaseCommand):
    help = "管理用户账户：list, create, set-role, disable, enable, unlock, reset-2fa, reset-password"

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--as", dest="actor", default="",
                            help="执行操作的管理员用户名（默认：唯一的全国管理员）")
        sub = parser.add_subparsers(dest="op", required=True)
        sub.add_parser("list", help="列出可管理的账户")
        create = sub.add_parser("create", help="创建账户（密码不指定则生成一次性密码）")
        create.add_argument("username")
        create.add_argument("--role", required=True, choices=Role.values)
        create.add_argument("--region", default=None, help="12位区划代码；不填表示全国")
        create.add_argument("--name", default="", help="姓名")
        create.add_argument("--password", default=None)
        change = sub.add_parser("set-role", help="修改账户的角色和/或所属区域")
        change.add_argument("username")
        change.add_argument("--role", default=None, choices=Role.values, help="不填则保持原角色")
        where = change.add_mutually_exclusive_group()
        where.add_argument("--region", default=None, help="12位区划代码；不填则保持原区域")
        where.add_argument("--national", action="store_true", help="不限区域（全国）")
        for name, text in (("disable", "停用账户"), ("enable", "启用账户"),
                           ("unlock", "解除登录锁定"), ("reset-2fa", "重置双因素认证"),
                           ("reset-password", "重置密码并显示一次性密码")):
            sub.add_parser(name, help=text).add_argument("username")

    def _actor(self, username: str) -> User:
        if username:
            actor = User.objects.filter(username=username, is_active=True).first()
            if actor is None:
                raise CommandError(f"没有名为 {username} 的有效账户")
            return actor
        admins = list(User.objects.filter(role=Role.ADMIN, region__isnull=True, is_active=True)[:2])
        if len(admins) != 1:
            raise CommandError("请用 --as 指定执行操作的管理员")
        return admins[0]

    def handle(self, *args: Any, **opts: Any) -> None:
        op = opts["op"]
        first = (op == "create" and opts["role"] == Role.ADMIN and opts["region"] is None
                 and not opts["actor"] and not User.objects.filter(
                     role=Role.ADMIN, region__isnull=True, is_active=True).exists())
        actor = None if first else self._actor(opts["actor"])
        try:
            if actor is None:
                user, password = act.do_create_first_admin(opts["username"], opts["password"])
                self.stdout.write(f"已创建全国管理员 {user.username}")
                if not opts["password"]:
                    self.stdout.write(f"一次性密码：{password}")
                return
            if op == "list":
                self._list(actor)
                return
            if op == "create":
                user, password = act.do_create_user(
                    actor, username=opts["username"], role=opts["role"],
                    region_code=opts["region"], display_name=opts["name"],
                    password=opts["password"])
                self.stdout.write(f"已创建 {user.username}")
                if not opts["password"]:
                    self.stdout.write(f"一次性密码：{password}")
                return
            target = act.manageable(actor).filter(username=opts["username"]).first()
            if target is None:
                raise CommandError(f"没有可由 {actor.username} 管理的账户 {opts['username']}")
            if op == "set-role":
                self._set_role(actor, target, opts)
                return
            if op in ("disable", "enable"):
                act.do_set_active(actor, target, op == "enable")
            elif op == "unlock":
                act.do_unlock(actor, target)
            elif op == "reset-2fa":
                act.do_reset_totp(actor, target)
            else:
                self.stdout.write(f"一次性密码：{act.do_reset_password(actor, target)}")
            self.stdout.write(f"{target.username}：完成")
        except DomainError as exc:
            raise CommandError(exc.message) from exc

    def _set_role(self, actor: User, target: User, opts: dict[str, Any]) -> None:
        role = opts["role"] or target.role
        region = None if opts["national"] else (opts["region"] or target.region_id)
        changed = act.do_change_role(actor, target, role=role, region_code=region)
        label = dict(Role.choices)[role]
        self.stdout.write(f"{target.username}：{label} · {region or '全国'}" if changed
                          else f"{target.username}：角色和区域未变")

    def _list(self, actor: User) -> None:
        now = timezone.now()
        for u in act.manageable(actor).order_by("region_id", "username"):
            state = "停用" if not u.is_active else (
                "锁定" if u.locked_until and u.locked_until > now else "正常")
            last = timezone.localtime(u.last_login).strftime("%Y-%m-%d %H:%M") if u.last_login else "-"
            self.stdout.write("\t".join([u.username, u.get_role_display(), u.region_id or "全国",
                                         last, state, "2FA" if getattr(u, "second_factor", False) else ""]))
