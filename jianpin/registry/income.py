"""Income accounting: net income and per-capita net income from the components."""
from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal

from jianpin.kernel.money import ZERO, per_capita

INCOME_FIELDS = ("wage_income", "business_income", "business_cost", "property_income",
                 "family_planning", "dibao_amount", "tekun_amount", "pension",
                 "eco_compensation", "other_transfer", "medical_oop", "education_spending",
                 "disaster_loss")
TRANSFER_FIELDS = ("family_planning", "dibao_amount", "tekun_amount", "pension",
                   "eco_compensation", "other_transfer")
RIGID_FIELDS = ("medical_oop", "education_spending", "disaster_loss")


@dataclass(frozen=True)
class Totals:
    transfer_income: Decimal
    net_income: Decimal
    per_capita_net: Decimal
    rigid_spending: Decimal


def compute(values: dict[str, Decimal], persons: int) -> Totals:
    """Net income = wage + (business − cost) + property + transfer; per capita = net / persons."""
    get = lambda name: values.get(name) or ZERO  # noqa: E731
    transfer = sum((get(f) for f in TRANSFER_FIELDS), ZERO)
    net = get("wage_income") + get("business_income") - get("business_cost") \
        + get("property_income") + transfer
    rigid = sum((get(f) for f in RIGID_FIELDS), ZERO)
    return Totals(transfer, net, per_capita(net, persons), rigid)
