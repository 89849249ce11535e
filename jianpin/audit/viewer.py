"""The audit-log viewer's query: one user's area, filtered; rows described for people."""
from __future__ import annotations

import datetime as dt
import io
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

import xlsxwriter
from django.contrib.auth import get_user_model
from django.db.models import Q, QuerySet
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from jianpin.audit.display import clauses, describe_all
from jianpin.audit.labels import action_label, note_label
from jianpin.audit.models import AuditEvent
from jianpin.kernel.cells import safe_cell
from jianpin.regions.models import Region
from jianpin.regions.scoping import scope

# Filter groups offered on the page: key → (label, condition on the action code).
GROUPS: dict[str, tuple[Any, Q]] = {
    "reveal": (_("查看敏感信息"), Q(action__contains="reveal")),
    "export": (_("导出"), Q(action__contains="export")),
    "import": (_("导入"), Q(action__startswith="registry.import")),
    "decision": (_("业务办理（审核、审定、公告）"), Q(action__startswith="workflows.")),
    "login": (_("登录失败与锁定"), Q(action__startswith="accounts.lockout")),
    "users": (_("账户管理"), Q(action__startswith="accounts.user.")
              | Q(action__startswith="accounts.totp.")),
    "registry": (_("档案修改"), Q(action__startswith="registry.") & ~Q(action__contains="reveal")
                 & ~Q(action__startswith="registry.import") & ~Q(action__contains="export")),
}
OBJECT_TYPES = {"registry.household": _("农户"), "registry.member": _("家庭成员"),
                "accounts.user": _("账户"), "workflows.case": _("业务案件"),
                "regions.region": _("区域")}
EXPORT_LIMIT = 50_000


def kind(action: str) -> str:
    """'reveal' or 'export' for the events that must stand out, else ''."""
    if "reveal" in action:
        return "reveal"
    if "export" in action:
        return "export"
    return ""


@dataclass(frozen=True)
class Filters:
    actor: str = ""
    group: str = ""
    object_type: str = ""
    object_id: str = ""
    since: dt.date | None = None
    until: dt.date | None = None

    @classmethod
    def parse(cls, params: Any) -> Filters:
        def day(name: str) -> dt.date | None:
            try:
                return dt.date.fromisoformat(params.get(name, ""))
            except ValueError:
                return None
        group = params.get("group", "")
        object_type = params.get("type", "")
        return cls(actor=params.get("actor", "").strip()[:150],
                   group=group if group in GROUPS else "",
                   object_type=object_type if object_type in OBJECT_TYPES else "",
                   object_id=params.get("object", "").strip()[:64],
                   since=day("since"), until=day("until"))


def events(user: Any, f: Filters) -> QuerySet[AuditEvent]:
    """The events of the user's area that match the filters, newest first."""
    qs = scope(user, AuditEvent.objects.select_related("actor"), "region_code")
    if f.actor:
        qs = qs.filter(Q(actor__username__icontains=f.actor)
                       | Q(actor__display_name__icontains=f.actor))
    if f.group:
        qs = qs.filter(GROUPS[f.group][1])
    if f.object_type:
        qs = qs.filter(object_type=f.object_type)
    if f.object_id:
        qs = qs.filter(object_id=f.object_id)
    tz = timezone.get_current_timezone()
    if f.since:
        qs = qs.filter(at__gte=dt.datetime.combine(f.since, dt.time.min, tzinfo=tz))
    if f.until:
        qs = qs.filter(at__lt=dt.datetime.combine(f.until + dt.timedelta(days=1), dt.time.min,
                                                  tzinfo=tz))
    return qs.order_by("-at", "-id")


@dataclass(frozen=True)
class Names:
    """What the codes of a page of events stand for: area code → name, account id → name."""

    regions: dict[str, str]
    accounts: dict[str, str]


def names(rows: Iterable[AuditEvent]) -> Names:
    """Two queries for a whole page: the areas' names (of events and of areas acted on) and
    the names of the accounts acted on."""
    rows = list(rows)
    codes = {e.region_code for e in rows if e.region_code} | {
        str(e.object_id) for e in rows if e.object_type == "regions.region" and e.object_id}
    ids = {int(e.object_id) for e in rows
           if e.object_type == "accounts.user" and str(e.object_id).isdigit()}
    return Names(
        regions=dict(Region.objects.filter(code__in=codes).values_list("code", "name")),
        accounts={str(u.pk): u.label for u in get_user_model().objects.filter(pk__in=ids)})


NO_NAMES = Names({}, {})


def row(e: AuditEvent, can_reveal: bool, known: Names = NO_NAMES) -> dict[str, str]:
    """One event as a person reads it; sensitive values withheld as on the household page.
    Areas and accounts are named (`names`), their codes kept beside the names."""
    detail = describe_all(e.object_type, e.diff, can_reveal) if isinstance(e.diff, dict) else ""
    kind_name = str(OBJECT_TYPES.get(e.object_type, e.object_type))
    named = {"accounts.user": known.accounts, "regions.region": known.regions}.get(e.object_type, {})
    name = named.get(str(e.object_id))
    return {
        "at": timezone.localtime(e.at).strftime("%Y-%m-%d %H:%M:%S"),
        "actor": (e.actor.label if e.actor else str(_("系统"))),
        "action": action_label(e.action),
        "code": e.action,
        "object": f"{kind_name} {name or e.object_id}".strip(),
        "object_code": f"{e.object_type} {e.object_id}".strip(),
        "region": known.regions.get(e.region_code, e.region_code),
        "region_code": e.region_code,
        "detail": clauses([p for p in (detail, note_label(e.note)) if p]),
        "kind": kind(e.action),
    }


HEADERS = [_("时间"), _("操作人"), _("操作"), _("操作代码"), _("对象"), _("对象编号"), _("区划"),
           _("区划代码"), _("内容")]
KEYS = ["at", "actor", "action", "code", "object", "object_code", "region", "region_code",
        "detail"]


def to_xlsx(rows: Iterable[dict[str, str]]) -> bytes:
    """The rows as a workbook: text cells only, formula characters quoted, reveals and exports
    filled in colour."""
    buffer = io.BytesIO()
    book = xlsxwriter.Workbook(buffer, {"in_memory": True, "strings_to_formulas": False,
                                        "strings_to_numbers": False, "strings_to_urls": False})
    sheet = book.add_worksheet(str(_("审计日志")))
    bold = book.add_format({"bold": True, "bg_color": "#F2DCDB", "border": 1})
    marks = {"reveal": book.add_format({"bg_color": "#FDE8E6"}),
             "export": book.add_format({"bg_color": "#FFF3D6"})}
    sheet.write_row(0, 0, [str(h) for h in HEADERS], bold)
    sheet.freeze_panes(1, 0)
    for c, width in enumerate([19, 12, 16, 24, 20, 20, 14, 14, 60]):
        sheet.set_column(c, c, width)
    for r, item in enumerate(rows, start=1):
        fmt = marks.get(item["kind"])
        for c, key in enumerate(KEYS):
            sheet.write_string(r, c, safe_cell(item[key]), fmt)
    book.close()
    return buffer.getvalue()
