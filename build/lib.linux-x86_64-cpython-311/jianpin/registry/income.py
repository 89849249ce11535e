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
    get = values.get
    transfer = sum((get(f) or ZERO for f in TRANSFER_FIELDS), ZERO)
    net = (get("wage_income") or ZERO) + (get("business_income") or ZERO) \
        - (get("business_cost") or ZERO) + (get("property_income") or ZERO) + transfer
    rigid = sum((get(f) or ZERO for f in RIGID_FIELDS), ZERO)
    return Totals(transfer, net, per_capita(net, persons), rigid)
