"""Who may call each project URL."""
from __future__ import annotations

from jianpin.accounts.policy import Cap, Rule

R, P, D, F = Cap.READ_PROJECTS, Cap.PROPOSE_PROJECT, Cap.DECIDE_PROJECT, Cap.MANAGE_FUNDS
POLICY = {
    "projects:list": Rule(R),
    "projects:new": Rule(P, writes=("POST",)),
    "projects:public": Rule(None, note="disclosure: projects from the notice on, whitelisted "
                                       "fields and beneficiaries' masked names, no personal data"),
    "projects:detail": Rule(R, obj="project"),
    "projects:notice_pdf": Rule(None, obj="public_project", scoped=False,
                                note="printable notice of a published project: the disclosure's "
                                     "whitelisted fields only"),
    "projects:objection_new": Rule(P, obj="project", writes=("POST",), get=False),
    "projects:objection_resolve": Rule(D, obj="project_objection", writes=("POST",), get=False),
    "projects:edit": Rule(P, obj="project", writes=("POST",)),
    # Each step checks its own capability (review: township, decide: county) in the machine.
    "projects:step": Rule(P, obj="project", writes=("POST",), get=False),
    "projects:actuals": Rule(D, obj="project", writes=("POST",), get=False),
    "projects:beneficiaries": Rule(P, obj="project", writes=("POST",), get=False),
    "projects:income": Rule(P, obj="project", writes=("POST",), get=False),
    "projects:funds": Rule(R),
    "projects:batch_new": Rule(F, writes=("POST",), get=False),
    "projects:batch": Rule(R, obj="batch"),
    "projects:allocate": Rule(F, obj="batch", writes=("POST",), get=False),
    "projects:pay": Rule(F, obj="allocation", writes=("POST",), get=False),
    "projects:voucher": Rule(R, obj="disbursement"),
    "projects:export": Rule(R, extra=(("kind", "library"),),
                            note="workbook of the user's own area only (scoped queries)"),
    # The upload (POST) needs a project write capability besides; each row is then checked by
    # its action (propose, decide or manage funds) in the row's area.
    "projects:import": Rule(R, writes=("POST",),
                            note="preview and confirm run every row through the actions"),
    "projects:import_confirm": Rule(R, writes=("POST",), get=False,
                                    note="writes only the file this session previewed"),
    "projects:apply_income": Rule(Cap.WRITE_REGISTRY, obj="household", writes=("POST",),
                                  get=False, note="adds waiting project income to the "
                                                  "household's year records (registry write layer)"),
    "projects:assets": Rule(R),
    "projects:asset_new": Rule(D, writes=("POST",)),
    "projects:asset": Rule(R, obj="asset"),
    "projects:asset_income": Rule(P, obj="asset", writes=("POST",), get=False),
    "projects:asset_dispose": Rule(D, obj="asset", writes=("POST",), get=False),
}
