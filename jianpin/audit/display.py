"""Audit diffs for people: field verbose names, display values, sensitive values withheld."""
from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from functools import cache
from typing import Any

from django.apps import apps
from django.core.exceptions import FieldDoesNotExist
from django.db import models
from django.utils.translation import get_language, gettext_noop
from django.utils.translation import gettext as _

# Never shown to a role that may not reveal (PIPL: identifiers, health).
HIDDEN_UNLESS_REVEAL = {"health", "disability_grade", "id_number", "phone", "bank_account"}
# Shown as the year only to a role that may not reveal: a birth date fills hidden ID digits.
YEAR_UNLESS_REVEAL = {"birth_date"}
EMPTY = gettext_noop("空")
# Bookkeeping columns of a snapshot: not news to a reader of the change log.
SKIPPED = {"id", "household_id", "member_id", "created_at", "updated_at", "version"}
PURPOSES = {"edit": gettext_noop("编辑")}


def _field(object_type: str, key: str) -> models.Field | None:
    try:
        model = apps.get_model(object_type)
    except (LookupError, ValueError):
        return None
    for f in model._meta.concrete_fields:
        if key in (f.name, f.attname):
            return f
    try:
        found = model._meta.get_field(key)
    except FieldDoesNotExist:
        return None
    return found if isinstance(found, models.Field) else None


def label(object_type: str, key: str) -> str:
    f = _field(object_type, key)
    # Field labels are Chinese msgids: translated here whether or not the model marked them;
    # a key that is no field (e.g. 务工时段数 of an import) may be a msgid itself.
    return _(str(f.verbose_name)) if f is not None and f.verbose_name else _(key)


@cache
def _value_hooks() -> dict[tuple[str, str], Callable[[Any], str]]:
    """(object type, field) → how the app that owns it shows a stored value in the reader's
    language (an AppConfig's `audit_values()`: e.g. a warning's reason the system wrote in
    Chinese); the audit app never imports them."""
    out: dict[tuple[str, str], Callable[[Any], str]] = {}
    for config in apps.get_app_configs():
        hook = getattr(config, "audit_values", None)
        if hook is not None:
            out.update(hook())
    return out


def value(object_type: str, key: str, raw: Any, can_reveal: bool) -> str:
    """One stored value as a person reads it: 是/否, choice labels, dates, 空 for nothing."""
    if raw is None or raw == "" or raw == []:
        return _(EMPTY)
    shown = _value_hooks().get((object_type, key))
    if shown is not None and not isinstance(raw, list):
        return shown(raw)
    if key in YEAR_UNLESS_REVEAL and not can_reveal:
        return _("%(year)s年") % {"year": str(raw)[:4]}
    if isinstance(raw, bool):
        return _("是") if raw else _("否")
    if isinstance(raw, list):
        return list_sep().join(value(object_type, key, v, can_reveal) for v in raw)
    f = _field(object_type, key)
    if f is not None and f.choices:
        return str(dict(f.flatchoices).get(raw, raw))
    if isinstance(f, models.DateTimeField) and isinstance(raw, str):
        from django.utils import timezone

        try:
            at = dt.datetime.fromisoformat(raw)
        except ValueError:
            return raw
        if timezone.is_aware(at):
            at = timezone.localtime(at)
        return at.strftime("%Y-%m-%d %H:%M")
    return str(raw)


def describe(object_type: str, key: str, change: Any, can_reveal: bool) -> str:
    """One field of an audit diff: '出生日期：1990年', '是否参加医疗保险：否 → 是'."""
    from jianpin.audit.actions import sanitise

    if key in ("field", "fields"):  # a reveal: which fields were seen
        seen = change if isinstance(change, list) else [change]
        return _("查看：") + "、".join(label(object_type, str(f)) for f in seen)
    if key == "purpose":
        return _("用途：") + _(PURPOSES.get(str(change), str(change)))
    name = label(object_type, key)
    if key in HIDDEN_UNLESS_REVEAL and not can_reveal:
        return _("%(name)s：已修改（内容不公开）") % {"name": name}
    if isinstance(change, dict) and key in IMPORT_SECTIONS:
        return _import_section(key, change, can_reveal)
    if isinstance(change, dict) and (object_type, key) not in _value_hooks():
        return _("%(name)s：新建记录") % {"name": name}
    change = sanitise({key: change})[key]
    if isinstance(change, list) and len(change) == 2 and _is_pair(object_type, key, change):
        old, new = (value(object_type, key, v, can_reveal) for v in change)
        return f"{name}{_sep('：')}{old} → {new}"
    return f"{name}{_sep('：')}{value(object_type, key, change, can_reveal)}"


def clauses(parts: list[str]) -> str:
    """Clauses of one description joined in the reader's language ('；' or '; ')."""
    return _sep("；").join(parts)


def list_sep() -> str:
    """Between the items of a list in the reader's language: '、' in Chinese, ', ' else."""
    return "、" if (get_language() or "zh").startswith("zh") else ", "


def _sep(zh: str) -> str:
    """A separator in the reader's language: '：' and '；' in Chinese, ': ' and '; ' else."""
    if (get_language() or "zh").startswith("zh"):
        return zh
    return {"：": ": ", "；": "; "}[zh]


# An import's diff per household: {"household": {...}, "members": {key: {...}}, "income": {...}}.
IMPORT_SECTIONS = {"household": ("registry.household", gettext_noop("户")),
                   "members": ("registry.member", gettext_noop("成员")),
                   "income": ("registry.incomerecord", gettext_noop("年度收入"))}


def _import_section(key: str, change: dict[str, Any], can_reveal: bool) -> str:
    model, title = IMPORT_SECTIONS[key]
    if key != "members":
        return f"{_(title)}（{describe_all(model, change, can_reveal) or _('无变化')}）"
    people = [f"{who}（{describe_all(model, fields, can_reveal) if isinstance(fields, dict) else fields}）"
              for who, fields in change.items()]
    return f"{_(title)}：" + "，".join(people)


def _is_pair(object_type: str, key: str, change: list[Any]) -> bool:
    """A two-item list is [old, new], except a list field's own value (e.g. other causes)."""
    if not isinstance(_field(object_type, key), models.JSONField):
        return True
    return all(v is None or isinstance(v, (list, dict)) for v in change)


def describe_all(object_type: str, diff: dict[str, Any], can_reveal: bool) -> str:
    """A whole diff on one line, bookkeeping columns left out."""
    return clauses([describe(object_type, k, v, can_reveal)
                    for k, v in diff.items() if k not in SKIPPED])
