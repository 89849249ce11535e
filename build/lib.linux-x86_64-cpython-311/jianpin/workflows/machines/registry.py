"""Look up the machine for a record."""
from __future__ import annotations

from typing import Any

from jianpin.workflows.machines import (
    approval,
    assessment,
    elimination,
    exit,
    grievance,
    identification,
)
from jianpin.workflows.machines.base import Machine

CASE_MACHINES: dict[str, Machine] = {
    "identification": identification.MACHINE,
    "elimination": elimination.MACHINE,
    "exit": exit.MACHINE,
}
ALL: dict[str, Machine] = {
    **CASE_MACHINES, "grievance": grievance.MACHINE, "assessment": assessment.MACHINE,
    "approval": approval.MACHINE,
}
CHECK_OPEN = {
    "identification": identification.check_open,
    "elimination": elimination.check_open,
    "exit": exit.check_open,
}


def machine_for(obj: Any) -> Machine:
    """The machine of a Case, Grievance, ExitAssessment or DataApproval."""
    name = type(obj).__name__
    if name == "Case":
        return CASE_MACHINES[obj.kind]
    return {"Grievance": grievance.MACHINE, "ExitAssessment": assessment.MACHINE,
            "DataApproval": approval.MACHINE}[name]
