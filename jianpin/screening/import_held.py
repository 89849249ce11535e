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
from typing import Any

from django.utils import translation
from django.utils.translation import gettext, gettext_noop

from jianpin.audit.display import label
from jianpin.registry.fields import EDIT_NOTES
from jianpin.registry.io.held import shown

RULE_SET = "import"
CATEGORY = "data_quality"
SEVERITY = "中"
BATCH_KEY = gettext_noop("导入批次")
FILE_SUFFIX, STORED_SUFFIX = gettext_noop("（导入文件）"), gettext_noop("（本系统）")


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
# The registry notes of the decisions (`workflows.machines`), as msgids for other languages.
DECISION_NOTES = {
    "识别": gettext_noop("识别案件 %(case)s 公告"),
    "风险消除": gettext_noop("风险消除案件 %(case)s 公告"),
    "脱贫退出": gettext_noop("脱贫退出案件 %(case)s 公告"),
}
NOTE_PATTERN = re.compile(r"^(?P<kind>识别|风险消除|脱贫退出)案件 (?P<case>\d+) 公告$")
# The notes of the registry edits that bring a warning in line (`import_held_decisions.edited`).
CHUNK = 900     # ids per IN list (SQLite's default limit on query parameters is 999)


def code_of(field: str) -> str:
    return next((code for code, s in SETS.items() if field in s.fields), OTHER)


def explanations(held: Iterable[Mapping[str, Any]], batch: str) -> dict[tuple[str, str],
                                                                         dict[str, Any]]:
    """(household number, code) → explanation, in Chinese as every stored explanation is."""
    out: dict[tuple[str, str], dict[str, Any]] = {}
    with translation.override("zh-hans"):
        for h in shown([dict(h) for h in held]):
            exp = out.setdefault((str(h["number"]), code_of(str(h["field"]))),
                                 {BATCH_KEY: batch})
            who = f"{h['member']} " if h.get("member") else ""
            exp[f"{who}{h['label']}{FILE_SUFFIX}"] = h["file_text"]
            exp[f"{who}{h['label']}{STORED_SUFFIX}"] = h["stored_text"]
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
        value, label = explanation[key], gettext(key)
        for suffix in (FILE_SUFFIX, STORED_SUFFIX):
            if key.endswith(suffix):
                label = gettext(key[:-len(suffix)]) + gettext(suffix)
        out.append((label, "、".join(gettext(v) for v in str(value).split("、"))))
    return out


def decision_text(note: str) -> str:
    """A decision's registry note in the reader's language (as written if not a case's)."""
    found = NOTE_PATTERN.match(note)
    if found is None:
        return gettext(note) if note in EDIT_NOTES.values() else note
    return gettext(DECISION_NOTES[found.group("kind")]) % {"case": found.group("case")}


def resolved_text(reason: str) -> str | None:
    """A reason the system wrote when it resolved a held warning, in the reader's language;
    None for any other reason (a user's own)."""
    if (found := RESOLVED_PATTERN.match(reason or "")) is not None:
        return gettext(RESOLVED_REASON) % {"batch": found.group("batch")}
    if (found := DECISION_PATTERN.match(reason or "")) is not None:
        return gettext(DECISION_REASON) % {"decision": decision_text(found.group("decision")),
                                           "batch": found.group("batch")}
    return None


def _household_labels() -> dict[str, str]:
    """Each household field's Chinese label → the field (the keys explanations are made of)."""
    from jianpin.registry.models import Household

    with translation.override("zh-hans"):
        return {label("registry.household", f.name): f.name
                for f in Household._meta.concrete_fields}


def fields_named(code: str, explanation: Mapping[str, Any]) -> set[str]:
    """The household fields whose difference a warning shows (its keys are Chinese labels).
    For IMPORT-HELD-OTHER, every field it shows must be one of the household's own: a member's
    or an unknown one leaves nothing that an import or a decision could be said to agree on
    (an empty set: the warning stays as it is)."""
    if code != OTHER:
        with translation.override("zh-hans"):
            return {f for f in SETS[code].fields
                    if f"{label('registry.household', f)}{FILE_SUFFIX}" in explanation}
    labels = _household_labels()
    shown_keys = [k[:-len(FILE_SUFFIX)] for k in explanation if k.endswith(FILE_SUFFIX)]
    if not shown_keys or any(k not in labels for k in shown_keys):
        return set()
    return {labels[k] for k in shown_keys}
