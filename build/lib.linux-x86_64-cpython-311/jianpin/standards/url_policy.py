from __future__ import annotations

from jianpin.accounts.policy import Cap, Rule

POLICY = {
    "standards:index": Rule(Cap.EDIT_STANDARDS, writes=("POST",)),
    "standards:delete": Rule(Cap.EDIT_STANDARDS, obj="standard", writes=("POST",), get=False),
    "standards:delete_reference": Rule(Cap.EDIT_STANDARDS, obj="reference", writes=("POST",),
                                       get=False),
}
