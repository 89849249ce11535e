"""Who a project benefits, computed from the registry (never typed): households and persons,
脱贫户 and 监测对象 among them, and the income projects paid to a household."""
from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

from django.db.models import Count, Q

from jianpin.kernel.masking import mask_name
from jianpin.projects.models import Project, ProjectIncome
from jianpin.registry.codes import HouseholdStatus
from jianpin.registry.models import Household, Member
from jianpin.registry.monitoring import monitored_q

EXITED = Q(household__status=HouseholdStatus.EXITED)
MONITORED = monitored_q("household")  # 风险已消除 households are not counted


@dataclass(frozen=True)
class Counts:
    households: int = 0
    persons: int = 0               # living members of those households
    exited_households: int = 0     # 脱贫户 (registry status)
    monitored_households: int = 0  # 监测对象 now (registry.monitoring: risk not eliminated)
    poor_persons: int = 0          # living members of households that are either: 脱贫（监测）人口


def counts_for(ids: Iterable[int]) -> dict[int, Counts]:
    """The counts of many projects in two queries (lists, exports)."""
    ids = list(ids)
    through = Project.beneficiaries.through
    homes = {r["project_id"]: r for r in through.objects.filter(project_id__in=ids)
             .values("project_id").annotate(
                 n=Count("household_id"),
                 exited=Count("household_id", filter=EXITED),
                 monitored=Count("household_id", filter=MONITORED))}
    poor = EXITED | MONITORED
    people = {r["household__projects"]: r for r in Member.objects
              .filter(household__projects__in=ids, deceased_on__isnull=True)
              .values("household__projects")
              .annotate(n=Count("id"), poor=Count("id", filter=poor))}
    out = {}
    none: dict[str, int] = {}
    for pk in ids:
        h, m = homes.get(pk, none), people.get(pk, none)
        out[pk] = Counts(h.get("n", 0), m.get("n", 0), h.get("exited", 0),
                         h.get("monitored", 0), m.get("poor", 0))
    return out


def counts(project: Project) -> Counts:
    return counts_for([project.pk])[project.pk]


def public_mask(name: str) -> str:
    """张三丰 → 张*丰, 张三 → 张*; a one-character name shows nothing of itself."""
    return "*" if len(name) <= 1 else mask_name(name)


def masked_for(ids: Iterable[int], limit: int = 200) -> dict[int, list[str]]:
    """Heads of the beneficiary households with the names masked, for disclosure (one query)."""
    out: dict[int, list[str]] = {pk: [] for pk in ids}
    rows = Project.beneficiaries.through.objects.filter(project_id__in=list(out)) \
        .order_by("project_id", "household__number") \
        .values_list("project_id", "household__head_name")
    for pk, name in rows:
        if len(out[pk]) < limit:
            out[pk].append(public_mask(name))
    return out


def beneficiaries(project: Project, limit: int = 200) -> list[Household]:
    return list(project.beneficiaries.order_by("number")[:limit])


def incomes_of(household: Household) -> list[ProjectIncome]:
    return list(ProjectIncome.objects.filter(household=household)
                .select_related("project", "share__income__asset").order_by("-year", "id"))


def pending_years(household: Household) -> list[int]:
    """Years with project income still waiting whose income record now exists."""
    return sorted(set(ProjectIncome.objects.filter(household=household, applied=False)
                      .filter(year__in=household.incomes.values("year"))
                      .values_list("year", flat=True)))


def project_incomes(project: Project) -> list[ProjectIncome]:
    return list(ProjectIncome.objects.filter(project=project)
                .select_related("household").order_by("-year", "id"))
