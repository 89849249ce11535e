"""`jianpin demo`: the demo county (五华县) with households, demo users and every app's demo data.

Steps: migrate; load the division tree; generate the households (`registry.synth`, bulk
loaded); create the demo users; call each app's `demo_setup(out)` hook in INSTALLED_APPS order
(screening runs the rules, workflows and assistance open cases, the library ingests texts, and
an app such as projects adds its own by defining the hook in its AppConfig, e.g. calling
`jianpin/projects/demo.py`); then each app's `demo_refresh(out)` hook, which runs after all
demo data exists (indicators refreshes its snapshot so the dashboard is not empty); then serve.
"""
from __future__ import annotations

import time

from django.core.management import call_command
from django.core.management.base import BaseCommand

from jianpin.regions import loader
from jianpin.regions.models import Region
from jianpin.registry import demo, synth
from jianpin.registry.demo_users import DEMO_PASSWORD, ensure_demo_users
from jianpin.registry.models import Household


class Command(BaseCommand):
    help = "创建演示县（广东省梅州市五华县）：导入区划、生成农户、创建各角色演示账号，并启动网页服务"

    def add_arguments(self, parser) -> None:  # type: ignore[no-untyped-def]
        parser.add_argument("--households", type=int, default=20000, help="生成农户数（默认 20000）")
        parser.add_argument("--seed", type=int, default=441424)
        parser.add_argument("--no-serve", action="store_true", help="只准备数据，不启动服务")
        parser.add_argument("--addrport", default="127.0.0.1:8000")

    def handle(self, households: int, seed: int, no_serve: bool, addrport: str,
               **opts: object) -> None:
        call_command("migrate", verbosity=0)
        if not Region.objects.filter(code=demo.COUNTY).exists():
            loader.load_core()
        existing = Household.objects.filter(village__prefix__startswith=demo.COUNTY[:6]).count()
        if existing == 0 and households > 0:
            start = time.monotonic()
            counts = synth.generate(households, demo.COUNTY, seed, progress=self._progress)
            self.stdout.write(
                f"已生成演示数据：{counts['households']:,} 户，{counts['members']:,} 人，"
                f"{counts['incomes']:,} 条年度收入，用时 {time.monotonic() - start:.0f} 秒")
        else:
            self.stdout.write(f"演示县已有 {existing:,} 户，跳过生成")
        users = ensure_demo_users()
        self._hooks("demo_setup")
        self._hooks("demo_refresh")
        self.stdout.write(f"\n演示账号（密码均为 {DEMO_PASSWORD}）：")
        for username, role, area in users:
            self.stdout.write(f"  {username:<8} {role:<16} {area}")
        if not no_serve:
            self.stdout.write(f"\n请在浏览器打开 http://{addrport}/ 并用上面的账号登录")
            call_command("serve", addrport, "--dev", "--no-migrate")

    def _progress(self, table: str, rows: int) -> None:
        label = {"households": "农户", "members": "家庭成员", "incomes": "年度收入",
                 "work_periods": "外出务工时段"}.get(table, table)
        self.stderr.write(f"已写入{label} {rows:,} 条")

    def _hooks(self, name: str) -> None:
        """Call `name(out)` on every app that defines it, in INSTALLED_APPS order."""
        from django.apps import apps

        for config in apps.get_app_configs():
            hook = getattr(config, name, None)
            if callable(hook):
                hook(self.stdout)
