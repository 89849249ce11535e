from __future__ import annotations

from jianpin.accounts.policy import Cap, Rule

POLICY = {
    "screening:inbox": Rule(Cap.TRIAGE_WARNINGS),
    "screening:warnings_bulk": Rule(Cap.TRIAGE_WARNINGS, writes=("POST",), get=False,
                                    note="only the ticked warnings inside the actor's area change"),
    "screening:warning_acknowledge": Rule(Cap.TRIAGE_WARNINGS, obj="warning", writes=("POST",), get=False),
    "screening:warning_dismiss": Rule(Cap.TRIAGE_WARNINGS, obj="warning", writes=("POST",), get=False),
    "screening:warning_case": Rule(Cap.TRIAGE_WARNINGS, obj="warning", writes=("POST",), get=False),
    "screening:runs": Rule(Cap.RUN_SCREENING, writes=("POST",)),
    "screening:run_detail": Rule(Cap.RUN_SCREENING, obj="run"),
    "screening:departments": Rule(Cap.UPLOAD_DEPT_DATA, writes=("POST",)),
    "screening:upload_detail": Rule(Cap.UPLOAD_DEPT_DATA, obj="upload"),
    "screening:rules": Rule(Cap.RUN_SCREENING, writes=("POST",),
                            note="POST also needs EDIT_STANDARDS (checked by the action)"),
}
