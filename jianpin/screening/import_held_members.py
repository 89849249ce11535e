"""What an import warning shows, field by field, beside what jianpin holds now: the household's
fields and, for IMPORT-HELD-OTHER, its members' fields too (`import_held_decisions`).

An explanation's keys are Chinese labels with the file's and jianpin's side
(`import_held.explanations`): a household field as `{label}（导入文件）`, a member's as
`{member's name} {label}（导入文件）`. Each shown key is read back to its field here:

- a household field of the warning's set (`import_held.fields_named`, as before), or for
  IMPORT-HELD-OTHER any of the household's own fields;
- for IMPORT-HELD-OTHER, a member's field: the name before the last space shows the member,
  the label after it one of the member's fields. The member is found by the key the warning
  recorded (`import_held_keys`: ID number, else person number, else the name) and must be
  exactly one member of the household (none, or two of the same name where the name is all
  there is, and nothing can be said to agree: the warning stays as it is, as it does for a key
  no field answers to).

jianpin's values are given as an official reads them, in Chinese (the language of every stored
explanation), so they compare with the file's side as stored.
"""
from __future__ import annotations

from collections.abc import Collection, Iterable, Mapping, Sequence
from typing import Any

from django.utils import translation

from jianpin.audit.display import label, value
from jianpin.screening.import_held import (
    FILE_SUFFIX,
    HOUSEHOLD,
    MEMBER,
    OTHER,
    field_labels,
    fields_named,
)
from jianpin.screening.import_held_keys import MEMBERS_KEY, NAME, matching

Shown = dict[str, tuple[str, str]]      # shown key → (member's name or "", field)


def _plain(raw: Any) -> Any:
    """As an import reports a value (`registry.io.plan`): dates and amounts as text."""
    return raw if raw is None or isinstance(raw, (str, int, bool, list)) else str(raw)


def shown_fields(code: str, explanation: Mapping[str, Any]) -> Shown:
    """The fields a warning shows, by their shown key; empty when one of them cannot be read
    back (an unknown label; a member's field on a warning of another set than OTHER)."""
    if code != OTHER:
        with translation.override("zh-hans"):
            return {label(HOUSEHOLD, f): ("", f) for f in fields_named(code, explanation)}
    keys = [k[:-len(FILE_SUFFIX)] for k in explanation if k.endswith(FILE_SUFFIX)]
    households, members = field_labels(HOUSEHOLD), field_labels(MEMBER)
    out: Shown = {}
    for key in keys:
        name, _sep, field_label = key.rpartition(" ")
        if key in households:
            out[key] = ("", households[key])
        elif name and field_label in members:
            out[key] = (name, members[field_label])
        else:
            return {}
    return out


def names_members(shown: Shown) -> bool:
    return any(name for name, _f in shown.values())


def member_key(explanation: Mapping[str, Any], who: str) -> dict[str, str]:
    """The key recorded for a shown member (`import_held_keys`); its name alone if none."""
    keys = explanation.get(MEMBERS_KEY)
    found = keys.get(who) if isinstance(keys, dict) else None
    return found if isinstance(found, dict) else {NAME: who}


def now_shown(shown: Shown, household: Any, members: Sequence[Any],
              explanation: Mapping[str, Any]) -> dict[str, str] | None:
    """jianpin's value of each shown field now, as the explanation shows values; None when a
    member it names is not exactly one of the household's members (found by its recorded
    key: `import_held_keys.matching`)."""
    out: dict[str, str] = {}
    with translation.override("zh-hans"):
        for key, (name, field) in shown.items():
            if not name:
                out[key] = value(HOUSEHOLD, field, _plain(getattr(household, field)), False)
                continue
            found = matching(member_key(explanation, name), members)
            if len(found) != 1:
                return None
            out[key] = value(MEMBER, field, _plain(getattr(found[0], field)), False)
    return out


def members_of(household_ids: Iterable[int], chunk: int) -> dict[int, list[Any]]:
    """The members of these households (every one, deceased too: a file may name either)."""
    from jianpin.registry.models import Member

    ids = sorted(set(household_ids))
    out: dict[int, list[Any]] = {}
    for start in range(0, len(ids), chunk):
        for m in Member.objects.filter(household_id__in=ids[start:start + chunk]).order_by("pk"):
            out.setdefault(m.household_id, []).append(m)
    return out


def file_gives(code: str, explanation: Mapping[str, Any], fields: Collection[str],
               file_members: Sequence[Any]) -> bool:
    """Whether a file gives every field a warning shows: the household's among `fields` (the
    household fields the file gives), a member's among the fields the file gives for that
    member (`vals`), the member found by the warning's recorded key among the file's members
    of the household, exactly one. False when the warning shows nothing that can be read back."""
    shown = shown_fields(code, explanation)
    if not shown:
        return False
    for name, field in shown.values():
        if not name:
            if field not in fields:
                return False
            continue
        found = matching(member_key(explanation, name), file_members)
        if len(found) != 1 or field not in found[0].vals:
            return False
    return True
