"""Income accounting: net income and per-capita net income from the components."""
from __future__ import annotations

from decimal import Decimal
from typing import NamedTuple

from jianpin.kernel.money import ZERO, per_capita

INCOME_FIELDS = ("wage_income", "business_income", "business_cost", "property_income",
                 "family_planning", "dibao_amount", "tekun_amount", "pension",
                 "eco_compensation", "other_transfer", "medical_oop", "education_spending",
                 "disaster_loss")
TRANSFER_FIELDS = ("family_planning", "dibao_amount", "tekun_amount", "pension",
                   "eco_compensation", "other_transfer")
RIGID_FIELDS = ("medical_oop", "education_spending", "disaster_loss")


class Totals(NamedTuple):
    """A plain tuple: an import computes one per household (a frozen dataclass cost three
    times as much to make)."""

    transfer_income: Decimal
    net_income: Decimal
    per_capita_net: Decimal
    rigid_spending: Decimal


def compute(values: dict[str, Decimal], persons: int) -> Totals:
    """Net income = wage + (business − cost) + property + transfer; per capita = net / persons.

    Sums start at ZERO and skip absent and zero components: adding 0.00 to a sum that holds
    0.00 already changes neither its value nor its places (the amounts are exact)."""
    get = values.get
    transfer = ZERO
    for name in TRANSFER_FIELDS:
        amount = get(name)
        if amount:
            transfer += amount
    net = (get("wage_income") or ZERO) + (get("business_income") or ZERO) \
        - (get("business_cost") or ZERO) + (get("property_income") or ZERO) + transfer
    rigid = ZERO
    for name in RIGID_FIELDS:
        amount = get(name)
        if amount:
            rigid += amount
    return Totals(transfer, net, per_capita(net, persons), rigid)
