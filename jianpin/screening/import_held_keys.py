"""Which member an import warning means: the member's stable key, recorded with the warning.

An explanation shows a member's field as `{who} {label}`, `who` being the member's name (or,
for two members of one household who share a name and differ in key, the name and a number:
王小芳（1）, 王小芳（2）). Beside the shown fields the explanation keeps, under `MEMBERS_KEY`,
each shown member's key as the import matched the member: the ID number's digest (the warning
never holds the number itself) and the national person number (人编号), where the file gave
them. A member is found again by that key: the ID number first, then the person number, and by
name only when the warning recorded neither (a member without either in the file, or a
warning written before keys were recorded).
"""
from __future__ import annotations

import hashlib
from collections.abc import Iterable, Mapping, Sequence
from typing import Any

MEMBERS_KEY = "成员标识"      # not shown: who each shown member is
ID, PERSON, NAME = "id", "person_number", "name"


def id_digest(id_number: Any) -> str:
    """The key an ID number is recorded by ('' for none)."""
    return hashlib.sha256(str(id_number).encode()).hexdigest()[:24] if id_number else ""


def key_of(id_number: Any, person_number: Any, name: Any) -> dict[str, str]:
    """A member's recorded key: the parts it has."""
    out = {NAME: str(name or "")}
    if id_number:
        out[ID] = id_digest(id_number)
    if person_number:
        out[PERSON] = str(person_number)
    return out


def labelled(held: Iterable[Mapping[str, Any]]) -> dict[int, str]:
    """Position of each held member difference → `who` as its explanation shows it: the name,
    numbered where two members of one household share it and differ in key."""
    held = list(held)
    keys: dict[tuple[str, str], list[tuple[str, str]]] = {}
    for h in held:
        if h.get("member"):
            found = keys.setdefault((str(h["number"]), str(h["member"])), [])
            k = (id_digest(h.get("id_number")), str(h.get("person_number") or ""))
            if k not in found:
                found.append(k)
    out: dict[int, str] = {}
    for at, h in enumerate(held):
        if h.get("member"):
            found = keys[(str(h["number"]), str(h["member"]))]
            k = (id_digest(h.get("id_number")), str(h.get("person_number") or ""))
            out[at] = str(h["member"]) if len(found) == 1 else \
                f"{h['member']}（{found.index(k) + 1}）"
    return out


def matching(key: Mapping[str, str], members: Sequence[Any]) -> list[Any]:
    """The members the key names: by ID number, else by person number, else by name. Members
    are jianpin's (fields as attributes) or a file's (`vals`: the fields the file gives)."""
    if key.get(ID):
        return [m for m in members if id_digest(_read(m, "id_number")) == key[ID]]
    if key.get(PERSON):
        return [m for m in members if str(_read(m, "person_number") or "") == key[PERSON]]
    return [m for m in members if str(_read(m, "name") or "") == key.get(NAME)]


def _read(m: Any, field: str) -> Any:
    vals = getattr(m, "vals", None)
    return vals.get(field) if vals is not None else getattr(m, field, None)
