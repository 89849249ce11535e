"""National-system spellings added by county officers, on top of data/national_vocab.json.

A value the shipped table does not know is an error naming the closest known values; a
county officer who finds it legitimate maps it to a jianpin code here, once for everyone,
audited. Entries are only added (never edited or removed), so a preview kept before an entry
was added stays valid.
"""
from __future__ import annotations

from typing import TYPE_CHECKING

from django.db import DatabaseError, IntegrityError, transaction
from django.utils.translation import gettext, gettext_noop

from jianpin.accounts.access import check_can
from jianpin.accounts.actors import region_code, saved_user
from jianpin.accounts.policy import Cap
from jianpin.audit.actions import record
from jianpin.kernel.errors import DomainError
from jianpin.registry.io.coerce import code_table
from jianpin.registry.io.headers import norm
from jianpin.registry.io.layouts import FIELDS, Field
from jianpin.registry.io.models import VocabularyEntry

if TYPE_CHECKING:
    from jianpin.regions.scoping import Actor

EDITABLE: dict[str, Field] = {f.key: f for f in FIELDS
                              if f.kind == "code" and f.vocabulary_key == f.key}


# National column names that label() returns and that are not model field labels, so that the
# catalogue holds them (the vocabulary page shows labels through gettext).
NATIONAL_LABELS = (gettext_noop("贫困户属性"), gettext_noop("监测对象类别"), gettext_noop("致贫/返贫风险"))


def label(key: str) -> str:
    f = EDITABLE[key]
    name = f.monitoring or f.national or f.template or key
    return name.rstrip("1") if key == "hh.risk_1" else name


def added() -> dict[str, dict[str, str]]:
    """vocabulary key → {spelling: code} of every added entry (empty without the table)."""
    out: dict[str, dict[str, str]] = {}
    try:
        for key, value, code in VocabularyEntry.objects.values_list("field_key", "value", "code"):
            out.setdefault(key, {})[value] = code
    except DatabaseError:          # before migrations (commands that parse without a database)
        return {}
    return out


def do_add_vocabulary_entry(user: Actor, field_key: str, value: str, code: str) -> VocabularyEntry:
    """Map a national spelling to a code of one column's list; refuse spellings already known."""
    check_can(user, Cap.EDIT_STANDARDS)
    f = EDITABLE.get(field_key)
    if f is None or f.choices is None:
        raise DomainError("bad_field", "该列没有代码表")
    value = " ".join(str(value).split())
    if not value or len(value) > 50:
        raise DomainError("bad_value", "请填写国家系统中的取值（50 字以内）")
    if code not in f.choices.values:
        raise DomainError("bad_code", gettext("「%(code)s」不是“%(field)s”的代码")
                                      % {"code": code, "field": gettext(label(field_key))})
    known = code_table(f)
    known.update({norm(k): v for k, v in added().get(field_key, {}).items()})
    if norm(value) in known:
        target = known[norm(value)] or "（空）"
        raise DomainError("already_known", gettext("「%(value)s」已在对照表中，对应「%(target)s」")
                                           % {"value": value, "target": target})
    try:
        with transaction.atomic():
            entry = VocabularyEntry.objects.create(
                field_key=field_key, value=value, code=code, created_by=saved_user(user),
                region_code=region_code(user))
            record(user, "registry.vocabulary.add", entry,
                   region_code=entry.region_code,
                   diff={"column": label(field_key), "value": value, "code": code})
    except IntegrityError:
        raise DomainError("already_known", gettext("「%(value)s」已在对照表中") % {"value": value}) from None
    return entry
