"""Who may call each village-record URL."""
from __future__ import annotations

from jianpin.accounts.policy import Cap, Rule

POLICY = {
    "villages:index": Rule(Cap.READ_REGISTRY, note="villages of the user's area only"),
    "villages:record": Rule(Cap.READ_REGISTRY, obj="village_record", writes=("POST",),
                            note="writes need WRITE_REGISTRY; outside the area 404"),
}
