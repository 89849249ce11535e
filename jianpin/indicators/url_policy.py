"""Who may call each indicators URL."""
from __future__ import annotations

from jianpin.accounts.policy import Cap, Rule

POLICY = {
    "indicators:dashboard": Rule(Cap.READ_REGISTRY,
                                 note="aggregates only; an area outside the user's is ignored"),
}
