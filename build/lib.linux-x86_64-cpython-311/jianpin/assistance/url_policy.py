"""Who may call each assistance URL."""
from __future__ import annotations

from jianpin.accounts.policy import Cap, Rule

R, W = Cap.READ_REGISTRY, Cap.WRITE_ASSISTANCE
POLICY = {
    "assistance:index": Rule(R),
    "assistance:helper_new": Rule(W, writes=("POST",), get=False),
    "assistance:helper_detail": Rule(R, obj="helper"),
    "assistance:mine": Rule(R),
    "assistance:household": Rule(R, obj="household"),
    "assistance:pair": Rule(W, obj="household", writes=("POST",), get=False),
    "assistance:plan_save": Rule(W, obj="household", writes=("POST",), get=False),
    "assistance:measure_add": Rule(W, obj="household", writes=("POST",), get=False),
    "assistance:visit_new": Rule(W, obj="household", writes=("POST",)),
    "assistance:pairing_end": Rule(W, obj="pairing", writes=("POST",), get=False),
    "assistance:photo": Rule(R, obj="photo"),
    "assistance:checks_run": Rule(W, writes=("POST",), get=False),
}
