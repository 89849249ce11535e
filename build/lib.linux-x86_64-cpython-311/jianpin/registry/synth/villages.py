"""The villages of an area, with their 村民小组 (created when missing) and their addresses."""
from __future__ import annotations

from jianpin.regions.models import Level, Region
from jianpin.registry.synth.frame import Village, group_count


def villages_under(area_code: str) -> tuple[Village, ...]:
    """Every village under `area_code` in code order; groups are created where a village has none."""
    area = Region.objects.get(code=area_code)
    rows = list(Region.objects.filter(level=Level.VILLAGE, prefix__startswith=area.prefix)
                .order_by("code").values_list("code", "name"))
    if not rows:
        raise LookupError(f"{area.name}（{area_code}）下没有行政村，请先导入区划")
    names = _ancestor_names({c for code, _ in rows for c in _ancestors(code)})
    groups = _groups(area.prefix, [code for code, _ in rows])
    return tuple(Village(
        code=code,
        address="".join(names.get(a, "") for a in _ancestors(code)) + name.removesuffix("委会"),
        county_name=names.get(_ancestors(code)[2], ""), province_name=names.get(_ancestors(code)[0], ""),
        groups=groups[code]) for code, name in rows)


def _ancestors(code: str) -> list[str]:
    """Province, prefecture, county and township codes of a village code."""
    return [code[:n].ljust(12, "0") for n in (2, 4, 6, 9)]


def _ancestor_names(codes: set[str]) -> dict[str, str]:
    names = dict(Region.objects.filter(code__in=codes).values_list("code", "name"))
    # 省直辖县级 units and municipalities have no separate prefecture row of their own name
    return {c: n for c, n in names.items() if n not in ("市辖区", "县", "省直辖县级行政区划")}


def _groups(prefix: str, villages: list[str]) -> dict[str, tuple[str, ...]]:
    have: dict[str, list[str]] = {v: [] for v in villages}
    for code, parent in Region.objects.filter(level=Level.GROUP, prefix__startswith=prefix) \
            .order_by("code").values_list("code", "parent_id"):
        if parent in have:
            have[parent].append(code)
    new = [Region(code=f"{v}{k:03d}", name=f"第{k}村民小组", level=Level.GROUP, parent_id=v,
                  prefix=f"{v}{k:03d}")
           for v, got in have.items() if not got for k in range(1, group_count(v) + 1)]
    Region.objects.bulk_create(new, batch_size=5000, ignore_conflicts=True)
    for g in new:
        have[g.parent_id].append(g.code)   # type: ignore[index]
    return {v: tuple(got) for v, got in have.items()}
