"""Warnings from an import's held differences: a field only a workflow decision (or the county's
roster import) may change, given otherwise in a file than jianpin records it.

A normal import never applies such a difference (`registry.fields.WRITABLE`); with the import's
"open warnings" choice each household whose file differs opens one warning per field set
(`SETS`: household status, monitoring kind, risk types, elimination state; anything else under
`IMPORT-HELD-OTHER`) in the inbox, rule set `import`, for the import's year. The explanation
names the batch and gives the file's value beside jianpin's. The same differences imported again
(the same file, or another one saying the same) change nothing; different values refresh the
warning; a later file that agrees closes it (`import_held_store`, set-based, with the rules for
dismissed and resolved warnings). One audit event per warning written. Reached from the
registry through `ScreeningConfig`'s `import_held_warnings` hook: the registry sits below
screening and never imports it.
"""
from __future__ import annotations

import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from functools import cache
from typing import Any

from django.utils import translation
from django.utils.translation import gettext, gettext_noop

from jianpin.audit.display import label, list_sep
from jianpin.audit.labels import note_label
from jianpin.registry.io.held import shown
from jianpin.screening.import_held_keys import MEMBERS_KEY, key_of, labelled

RULE_SET = "import"
CATEGORY = "data_quality"
SEVERITY = "中"
BATCH_KEY = gettext_noop("导入批次")
FILE_SUFFIX, STORED_SUFFIX = gettext_noop("（导入文件）"), gettext_noop("（本系统）")
# A batch as explanations and reasons name it: its number and file name, "12（县名单.xlsx）".
BATCH_TEXT = gettext_noop("%(number)s（%(file)s）")
BATCH_PATTERN = re.compile(r"^(?P<number>\d+)（(?P<file>.*)）$")


@dataclass(frozen=True)
class FieldSet:
    name: str
    flag: str
    fields: tuple[str, ...]


SETS: dict[str, FieldSet] = {
    "IMPORT-HELD-STATUS": FieldSet(gettext_noop("导入文件的户类型与本系统不一致"),
                                   gettext_noop("户类型不一致"),
                                   ("status", "identified_on", "exited_on")),
    "IMPORT-HELD-KIND": FieldSet(gettext_noop("导入文件的监测对象类型与本系统不一致"),
                                 gettext_noop("监测对象类型不一致"),
                                 ("monitoring_kind", "monitoring_since")),
    "IMPORT-HELD-RISK": FieldSet(gettext_noop("导入文件的风险类型与本系统不一致"),
                                 gettext_noop("风险类型不一致"), ("risk_types",)),
    "IMPORT-HELD-ELIMINATION": FieldSet(gettext_noop("导入文件的风险消除情况与本系统不一致"),
                                        gettext_noop("风险消除情况不一致"),
                                        ("risk_eliminated", "elimination_method",
                                         "risk_eliminated_on")),
}
OTHER = "IMPORT-HELD-OTHER"
SETS[OTHER] = FieldSet(gettext_noop("导入文件的其他字段与本系统不一致"),
                       gettext_noop("字段不一致"), ())
# The reason an import that agrees gives the warning it resolves (`import_held_store`), stored
# in Chinese and shown in the reader's language (`display.triage_reason`).
RESOLVED_REASON = gettext_noop("导入批次 %(batch)s 与本系统一致，差异已消除")
RESOLVED_PATTERN = re.compile("^导入批次 (?P<batch>.+) 与本系统一致，差异已消除$")
# The reason a workflow decision that brings jianpin in line gives the warning it resolves
# (`import_held_decisions`): the decision as its registry note names it, and the batch whose
# file said so; both shown in the reader's language (`decision_text`, `display.triage_reason`).
DECISION_REASON = gettext_noop("%(decision)s后本系统与导入批次 %(batch)s 一致，差异已消除")
DECISION_PATTERN = re.compile("^(?P<decision>.+?)后本系统与导入批次 (?P<batch>.+) 一致，差异已消除$")
# The decision or edit a reason names is its registry note, a system note of the audit app
# (`audit.labels.NOTES`: the decisions' case notes, `registry.fields.EDIT_NOTES`).
CHUNK = 900     # ids per IN list (SQLite's default limit on query parameters is 999)


def code_of(field: str) -> str:
    return next((code for code, s in SETS.items() if field in s.fields), OTHER)


def explanations(held: Iterable[Mapping[str, Any]], batch: str) -> dict[tuple[str, str],
                                                                         dict[str, Any]]:
    """(household number, code) → explanation, in Chinese as every stored explanation is."""
    out: dict[tuple[str, str], dict[str, Any]] = {}
    with translation.override("zh-hans"):
        every = shown([dict(h) for h in held])
        names = labelled(every)
        for at, h in enumerate(every):
            exp = out.setdefault((str(h["number"]), code_of(str(h["field"]))),
                                 {BATCH_KEY: batch})
            who = f"{names[at]} " if h.get("member") else ""
            exp[f"{who}{h['label']}{FILE_SUFFIX}"] = h["file_text"]
            exp[f"{who}{h['label']}{STORED_SUFFIX}"] = h["stored_text"]
            key = key_of(h.get("id_number"), h.get("person_number"), h.get("member"))
            if h.get("member") and len(key) > 1:        # a key beyond the name: recorded
                exp.setdefault(MEMBERS_KEY, {})[names[at]] = key
    return out


def same(a: Mapping[str, Any], b: Mapping[str, Any]) -> bool:
    """The same differences, whichever batch reported them."""
    return {k: v for k, v in a.items() if k != BATCH_KEY} == \
        {k: v for k, v in b.items() if k != BATCH_KEY}


def is_held(explanation: Mapping[str, Any]) -> bool:
    return BATCH_KEY in explanation and any(
        k.endswith((FILE_SUFFIX, STORED_SUFFIX)) for k in explanation)


def _order(key: str) -> tuple[int, str, int]:
    """The batch first, then each field with the file's value before jianpin's (PostgreSQL's
    jsonb keeps no key order)."""
    if key == BATCH_KEY:
        return (0, "", 0)
    for n, suffix in enumerate((FILE_SUFFIX, STORED_SUFFIX)):
        if key.endswith(suffix):
            return (1, key[:-len(suffix)], n)
    return (2, key, 0)


def translated(explanation: Mapping[str, Any]) -> list[tuple[str, str]]:
    """A held warning's explanation in the reader's language and a fixed order: field labels,
    the two sides and the code-list values are msgids (a member's name or a batch's file name
    stays as it is)."""
    out = []
    for key in sorted(explanation, key=_order):
        if key == MEMBERS_KEY:
            continue
        if key == BATCH_KEY:
            out.append((gettext(key), batch_text(str(explanation[key]))))
            continue
        value, label, field = explanation[key], gettext(key), None
        for suffix in (FILE_SUFFIX, STORED_SUFFIX):
            if key.endswith(suffix):
                shown_key = key[:-len(suffix)]
                field = field_of(shown_key)
                who, _sep, name = shown_key.rpartition(" ")
                label = (f"{who} " if field and field[0] == MEMBER else "") + \
                    gettext(name if field and field[0] == MEMBER else shown_key) + gettext(suffix)
        out.append((label, list_sep().join(_value_text(field, v) for v in str(value).split("、"))))
    return out


HOUSEHOLD, MEMBER = "registry.household", "registry.member"


@cache
def field_labels(kind: str) -> dict[str, str]:
    """Each field's Chinese label → the field, for a household or a member (the keys
    explanations are made of)."""
    from jianpin.registry.models import Household, Member

    model = Household if kind == HOUSEHOLD else Member
    with translation.override("zh-hans"):
        return {label(kind, f.name): f.name for f in model._meta.concrete_fields}


def field_of(shown_key: str) -> tuple[str, str] | None:
    """(kind, field) of a shown key: a household field's label, or a member's after the name."""
    if shown_key in field_labels(HOUSEHOLD):
        return HOUSEHOLD, field_labels(HOUSEHOLD)[shown_key]
    name = shown_key.rpartition(" ")[2]
    return (MEMBER, field_labels(MEMBER)[name]) if name in field_labels(MEMBER) else None


def _value_text(field: tuple[str, str] | None, text: str) -> str:
    """A stored value (Chinese, as an official reads it) in the reader's language: a code-list
    value by its field's code list (女 as a relation is a daughter), any other as a msgid."""
    if field is not None:
        choices = _choices(*field)
        if text in choices:
            return str(choices[text])
    return gettext(text)


@cache
def _choices(kind: str, field: str) -> dict[str, Any]:
    """A coded field's Chinese labels → its lazy labels (shown in the active language)."""
    from django.apps import apps

    f = apps.get_model(kind)._meta.get_field(field)
    flat = getattr(f, "flatchoices", None) or ()
    with translation.override("zh-hans"):
        return {str(shown): shown for _code, shown in flat}


def batch_text(batch: str) -> str:
    """A batch's number and file name in the reader's language (as stored if not a batch's)."""
    found = BATCH_PATTERN.match(batch)
    return gettext(BATCH_TEXT) % found.groupdict() if found else batch


def decision_text(note: str) -> str:
    """A decision's or an edit's registry note in the reader's language (as written if it is
    no system note)."""
    return note_label(note)


def resolved_text(reason: str) -> str | None:
    """A reason the system wrote when it resolved a held warning, in the reader's language;
    None for any other reason (a user's own)."""
    if (found := RESOLVED_PATTERN.match(reason or "")) is not None:
        return gettext(RESOLVED_REASON) % {"batch": batch_text(found.group("batch"))}
    if (found := DECISION_PATTERN.match(reason or "")) is not None:
        return gettext(DECISION_REASON) % {"decision": decision_text(found.group("decision")),
                                           "batch": batch_text(found.group("batch"))}
    return None


def fields_named(code: str, explanation: Mapping[str, Any]) -> set[str]:
    """The household fields whose difference a warning shows (its keys are Chinese labels).
    For IMPORT-HELD-OTHER, every field it shows must be one of the household's own: a member's
    or an unknown one leaves nothing that an import or a decision could be said to agree on
    (an empty set: the warning stays as it is)."""
    if code != OTHER:
        with translation.override("zh-hans"):
            return {f for f in SETS[code].fields
                    if f"{label('registry.household', f)}{FILE_SUFFIX}" in explanation}
    labels = field_labels(HOUSEHOLD)
    shown_keys = [k[:-len(FILE_SUFFIX)] for k in explanation if k.endswith(FILE_SUFFIX)]
    if not shown_keys or any(k not in labels for k in shown_keys):
        return set()
    return {labels[k] for k in shown_keys}
