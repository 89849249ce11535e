"""What an import warning shows, field by field, beside what jianpin holds now: the household's
fields and, for IMPORT-HELD-OTHER, its members' fields too (`import_held_decisions`).

An explanation's keys are Chinese labels with the file's and jianpin's side
(`import_held.explanations`): a household field as `{label}（导入文件）`, a member's as
`{member's name} {label}（导入文件）`. Each shown key is read back to its field here:

- a household field of the warning's set (`import_held.fields_named`, as before), or for
  IMPORT-HELD-OTHER any of the household's own fields;
- for IMPORT-HELD-OTHER, a member's field: the name before the last space names the member,
  the label after it one of the member's fields. The member must be told apart: exactly one
  member of the household bears that name (none, or two of the same name, and nothing can be
  said to agree: the warning stays as it is, as it does for a key no field answers to).

jianpin's values are given as an official reads them, in Chinese (the language of every stored
explanation), so they compare with the file's side as stored.
"""
from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from typing import Any

from django.utils import translation

from jianpin.audit.display import label, value
from jianpin.screening.import_held import FILE_SUFFIX, OTHER, fields_named

HOUSEHOLD, MEMBER = "registry.household", "registry.member"
Shown = dict[str, tuple[str, str]]      # shown key → (member's name or "", field)


def _plain(raw: Any) -> Any:
    """As an import reports a value (`registry.io.plan`): dates and amounts as text."""
    return raw if raw is None or isinstance(raw, (str, int, bool, list)) else str(raw)


def _labels(kind: str) -> dict[str, str]:
    """Each field's Chinese label → the field, for a household or a member."""
    from jianpin.registry.models import Household, Member

    model = Household if kind == HOUSEHOLD else Member
    with translation.override("zh-hans"):
        return {label(kind, f.name): f.name for f in model._meta.concrete_fields}


def shown_fields(code: str, explanation: Mapping[str, Any]) -> Shown:
    """The fields a warning shows, by their shown key; empty when one of them cannot be read
    back (an unknown label; a member's field on a warning of another set than OTHER)."""
    if code != OTHER:
        with translation.override("zh-hans"):
            return {label(HOUSEHOLD, f): ("", f) for f in fields_named(code, explanation)}
    keys = [k[:-len(FILE_SUFFIX)] for k in explanation if k.endswith(FILE_SUFFIX)]
    households, members = _labels(HOUSEHOLD), _labels(MEMBER)
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


def now_shown(shown: Shown, household: Any, members: Sequence[Any]) -> dict[str, str] | None:
    """jianpin's value of each shown field now, as the explanation shows values; None when a
    member it names is not exactly one of the household's members."""
    out: dict[str, str] = {}
    with translation.override("zh-hans"):
        for key, (name, field) in shown.items():
            if not name:
                out[key] = value(HOUSEHOLD, field, _plain(getattr(household, field)), False)
                continue
            found = [m for m in members if m.name == name]
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
