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
    v = {name: values.get(name) or ZERO for name in INCOME_FIELDS}
    transfer = sum((v[f] for f in TRANSFER_FIELDS), ZERO)
    net = v["wage_income"] + v["business_income"] - v["business_cost"] + v["property_income"] \
        + transfer
    rigid = sum((v[f] for f in RIGID_FIELDS), ZERO)
    return Totals(transfer, net, per_capita(net, persons), rigid)
