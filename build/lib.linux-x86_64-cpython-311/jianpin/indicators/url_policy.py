"""Who may call each indicators URL."""
from __future__ import annotations

from jianpin.accounts.policy import Cap, Rule

POLICY = {
    "indicators:dashboard": Rule(Cap.READ_REGISTRY,
                                 note="aggregates only; an area outside the user's is ignored"),
    "indicators:targets": Rule(Cap.EDIT_STANDARDS, writes=("POST",)),
    "indicators:target_delete": Rule(Cap.EDIT_STANDARDS, obj="target", writes=("POST",),
                                     get=False),
    "indicators:reports": Rule(Cap.READ_REGISTRY, writes=("POST",),
                               note="reports of the user's area only"),
    "indicators:report_download": Rule(Cap.READ_REGISTRY, obj="report"),
}
