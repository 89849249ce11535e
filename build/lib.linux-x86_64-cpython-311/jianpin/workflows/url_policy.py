"""Who may call each workflows URL. Step URLs admit any official in the area; the action then
checks the edge's own capability (handle, review, decide) and the not-submitter rule."""
from __future__ import annotations

from jianpin.accounts.policy import Cap, Rule

R = Cap.READ_REGISTRY
POLICY = {
    "workflows:inbox": Rule(R),
    "workflows:overdue": Rule(R),
    "workflows:case_list": Rule(R),
    "workflows:case_open": Rule(Cap.HANDLE_CASE, writes=("POST",)),
    "workflows:case_from_warning": Rule(Cap.TRIAGE_WARNINGS, obj="warning", writes=("POST",)),
    "workflows:case_detail": Rule(R, obj="case"),
    "workflows:case_step": Rule(R, obj="case", writes=("POST",), get=False,
                                extra=(("action", "visit"),)),
    "workflows:case_proposal": Rule(Cap.HANDLE_CASE, obj="case", writes=("POST",), get=False),
    "workflows:objection_add": Rule(Cap.HANDLE_CASE, obj="case", writes=("POST",), get=False),
    "workflows:objection_resolve": Rule(Cap.HANDLE_CASE, obj="objection", writes=("POST",),
                                        get=False),
    "workflows:attachment": Rule(R, obj="attachment"),
    "workflows:notice_list": Rule(R),
    "workflows:notice_detail": Rule(R, obj="notice"),
    "workflows:notice_pdf": Rule(R, obj="notice"),
    "workflows:notice_masking": Rule(Cap.HANDLE_CASE, obj="notice", writes=("POST",), get=False),
    "workflows:grievance_list": Rule(R),
    "workflows:grievance_new": Rule(Cap.HANDLE_GRIEVANCE, writes=("POST",)),
    "workflows:grievance_detail": Rule(R, obj="grievance"),
    "workflows:grievance_step": Rule(Cap.HANDLE_GRIEVANCE, obj="grievance", writes=("POST",),
                                     get=False, extra=(("action", "assign"),)),
    "workflows:grievance_case": Rule(Cap.HANDLE_CASE, obj="grievance", writes=("POST",),
                                     get=False),
    "workflows:approval_list": Rule(R),
    "workflows:approval_act": Rule(Cap.APPROVE_DATA, writes=("POST",), get=False),
    "workflows:assessment_list": Rule(R, writes=("POST",)),
    "workflows:assessment_detail": Rule(R, obj="assessment"),
    "workflows:assessment_pdf": Rule(R, obj="assessment"),
    "workflows:assessment_step": Rule(Cap.APPROVE_DATA, obj="assessment", writes=("POST",),
                                      get=False, extra=(("action", "submit"),)),
}
