"""Place each household in a village: by division code, or by township and village names."""
from __future__ import annotations

import re
from typing import TYPE_CHECKING

from jianpin.regions.models import Level, Region
from jianpin.regions.scoping import prefix_q, user_prefix
from jianpin.registry.io.validate import HouseholdIn, Parsed

if TYPE_CHECKING:
    from jianpin.regions.scoping import Actor

_SUFFIX = re.compile(r"(村民委员会|村委会|居民委员会|居委会|社区|村)$")
_TOWN_SUFFIX = re.compile(r"(人民政府|街道办事处|街道|镇|乡)$")


def stem(name: str) -> str:
    return _SUFFIX.sub("", re.sub(r"\s+", "", name or ""))


def town_stem(name: str) -> str:
    return _TOWN_SUFFIX.sub("", re.sub(r"\s+", "", name or ""))


def area_prefix(user: Actor | None) -> str:
    """The user's subtree prefix; '' (everywhere) for the command line without a user."""
    if user is None:
        return ""
    prefix = user_prefix(user)
    return "\x00" if prefix is None else prefix


def resolve(parsed: Parsed, user: Actor | None) -> None:
    """Set village_code on every household or record an error on its first row."""
    prefix = area_prefix(user)
    by_code = [h for h in parsed.households.values() if h.meta.get("village_code")]
    by_name = [h for h in parsed.households.values()
               if not h.meta.get("village_code") and h.meta.get("village_name")]
    if by_code:
        _by_code(parsed, by_code, prefix)
    if by_name:
        _by_name(parsed, by_name, prefix)
    for hh in parsed.households.values():
        if hh.village_code is None and not hh.meta.get("village_code") \
                and not hh.meta.get("village_name"):
            parsed.error(hh.sheet, hh.row, parsed.column(hh.sheet, "meta.village_name"), "",
                         "missing_value", f"户编号 {hh.number} 未填写行政村")


def _by_code(parsed: Parsed, households: list[HouseholdIn], prefix: str) -> None:
    wanted = {h.meta["village_code"] for h in households}
    known = dict(Region.objects.filter(code__in=wanted).values_list("code", "level"))
    for hh in households:
        code = hh.meta["village_code"]
        column = parsed.column(hh.sheet, "meta.village_code")
        if known.get(code) != Level.VILLAGE:
            parsed.error(hh.sheet, hh.row, column, code, "unknown_village",
                         f"行政区划代码 {code} 不是有效的行政村代码")
        elif not code.startswith(prefix):
            parsed.error(hh.sheet, hh.row, column, code, "out_of_area",
                         f"行政村 {code} 不在您的管辖区域内")
        else:
            hh.village_code = code


def _by_name(parsed: Parsed, households: list[HouseholdIn], prefix: str) -> None:
    matcher = NameMatcher(prefix)
    answers: dict[tuple[str, str | None], tuple[str | None, str]] = {}   # a village's households
    for hh in households:
        name = hh.meta["village_name"]
        column = parsed.column(hh.sheet, "meta.village_name")
        asked = (name, hh.meta.get("township_name"))
        found = answers.get(asked)
        if found is None:
            found = answers[asked] = matcher.find(*asked)
        code, problem = found
        if code is not None:
            hh.village_code = code
        elif problem == "ambiguous_village":
            parsed.error(hh.sheet, hh.row, column, name, "ambiguous_village",
                         f"辖区内有多个名为「{name}」的行政村，请填写乡镇或改用行政区划代码")
        elif problem == "out_of_area":
            parsed.error(hh.sheet, hh.row, column, name, "out_of_area",
                         f"行政村「{name}」不在您的管辖区域内")
        else:
            parsed.error(hh.sheet, hh.row, column, name, "unknown_village",
                         f"找不到名为「{name}」的行政村")


class NameMatcher:
    """Villages of an area by name (村/村委会/社区 ... folded), told apart by township."""

    def __init__(self, prefix: str) -> None:
        self.prefix = prefix
        qs = Region.objects.filter(level=Level.VILLAGE)
        if prefix:
            qs = qs.filter(prefix_q("code", prefix))
        self.towns: dict[str, str] = {}
        self.elsewhere: dict[str, bool] = {}
        self.index: dict[str, list[tuple[str, str]]] = {}
        for code, name, parent in qs.values_list("code", "name", "parent_id"):
            self.index.setdefault(stem(name), []).append((code, parent or ""))

    def find(self, name: str, town: str | None) -> tuple[str | None, str]:
        """(code, "") or (None, why: ambiguous_village, out_of_area or unknown_village)."""
        found = self.index.get(stem(name), [])
        if len(found) > 1 and town:
            found = [(c, p) for c, p in found
                     if town_stem(_town_name(p, self.towns)) == town_stem(town)]
        if len(found) == 1:
            return found[0][0], ""
        if len(found) > 1:
            return None, "ambiguous_village"
        if self.prefix and _exists_elsewhere(name, self.elsewhere):
            return None, "out_of_area"
        return None, "unknown_village"


def _town_name(code: str, towns: dict[str, str]) -> str:
    if code in towns:
        return towns[code]
    region = Region.objects.filter(code=code).only("name").first()
    towns[code] = region.name if region else ""
    return towns[code]


def _exists_elsewhere(name: str, memo: dict[str, bool]) -> bool:
    if name in memo:
        return memo[name]
    s = stem(name)
    memo[name] = Region.objects.filter(level=Level.VILLAGE, name__in=[s, f"{s}村", f"{s}村委会",
                                 f"{s}村民委员会", f"{s}社区", f"{s}居委会"]).exists()
    return memo[name]
