"""What each role may do. Views ask `can(user, capability)`; areas are checked by scoping."""
from __future__ import annotations

from dataclasses import dataclass, field
from enum import StrEnum

from jianpin.accounts.models import Role


class Cap(StrEnum):
    READ_REGISTRY = "read_registry"
    WRITE_REGISTRY = "write_registry"
    REVEAL = "reveal"              # see full ID, phone, bank numbers (logged)
    IMPORT = "import"
    EXPORT = "export"
    EDIT_STANDARDS = "edit_standards"
    RUN_SCREENING = "run_screening"
    TRIAGE_WARNINGS = "triage_warnings"
    UPLOAD_DEPT_DATA = "upload_dept_data"
    READ_AUDIT = "read_audit"
    EDIT_LIBRARY = "edit_library"
    MANAGE_USERS = "manage_users"
    HANDLE_CASE = "handle_case"          # village steps of a workflow case (visit, review, notice)
    REVIEW_CASE = "review_case"          # township review (审核)
    DECIDE_CASE = "decide_case"          # county decision and announcement (审定, 公告)
    APPROVE_DATA = "approve_data"        # approve a period's data at one's own level
    HANDLE_GRIEVANCE = "handle_grievance"
    WRITE_ASSISTANCE = "write_assistance"  # helpers, plans, measures, visits
    EDIT_RULES = "edit_rules"            # screening rules are national: administrators only
    READ_PROJECTS = "read_projects"      # the project library (项目库)
    PROPOSE_PROJECT = "propose_project"  # enter, apply (申报), notices and implementation
    REVIEW_PROJECT = "review_project"    # township review (审核)
    DECIDE_PROJECT = "decide_project"    # county decision, library, plan, acceptance, assets
    AUDIT_LOG = "audit_log"              # the audit-log viewer of one's area
    MANAGE_FUNDS = "manage_funds"        # finance: issue batches (下达), allocate, pay (拨付/报账)


_OFFICIALS = {Cap.READ_REGISTRY, Cap.WRITE_REGISTRY, Cap.REVEAL, Cap.IMPORT, Cap.EXPORT,
              Cap.READ_AUDIT, Cap.APPROVE_DATA, Cap.HANDLE_GRIEVANCE, Cap.WRITE_ASSISTANCE}

CAPABILITIES: dict[str, frozenset[Cap]] = {
    Role.VILLAGE_CADRE: frozenset(_OFFICIALS | {Cap.HANDLE_CASE, Cap.READ_PROJECTS,
                                                 Cap.PROPOSE_PROJECT}),
    Role.TOWNSHIP_REVIEWER: frozenset(
        _OFFICIALS | {Cap.TRIAGE_WARNINGS, Cap.RUN_SCREENING, Cap.REVIEW_CASE,
                      Cap.READ_PROJECTS, Cap.PROPOSE_PROJECT, Cap.REVIEW_PROJECT}
    ),
    Role.COUNTY_OFFICER: frozenset(
        _OFFICIALS | {Cap.TRIAGE_WARNINGS, Cap.RUN_SCREENING, Cap.EDIT_STANDARDS,
                      Cap.UPLOAD_DEPT_DATA, Cap.DECIDE_CASE, Cap.READ_PROJECTS,
                      Cap.PROPOSE_PROJECT, Cap.DECIDE_PROJECT, Cap.AUDIT_LOG, Cap.MANAGE_FUNDS}
    ),
    # Funds only: reads the library and funds pages of its area (where batches, allocations
    # and payments are entered) and writes nothing but funds.
    Role.FINANCE_OFFICER: frozenset({Cap.READ_PROJECTS, Cap.MANAGE_FUNDS}),
    Role.DEPT_PROVIDER: frozenset({Cap.UPLOAD_DEPT_DATA}),
    Role.AUDITOR: frozenset({Cap.READ_REGISTRY, Cap.READ_AUDIT, Cap.EXPORT, Cap.READ_PROJECTS,
                             Cap.AUDIT_LOG}),
    Role.LIBRARY_EDITOR: frozenset({Cap.EDIT_LIBRARY}),
    Role.ADMIN: frozenset(set(Cap)),
}


def can(user: object, cap: Cap) -> bool:
    if not getattr(user, "is_authenticated", False) or not getattr(user, "is_active", False):
        return False
    return cap in CAPABILITIES.get(getattr(user, "role", ""), frozenset())


@dataclass(frozen=True)
class Rule:
    """Who may call one URL: each app's `url_policy.py` maps URL names to rules.

    It lives here, beside the capabilities it names, so that domain apps declare their policy
    without importing `web` (the layer contract forbids that).
    """

    cap: Cap | None                 # None: public (no login needed)
    obj: str | None = None          # object kind in the URL kwargs, placed in an area by tests
    writes: tuple[str, ...] = field(default=())  # methods that change state, e.g. ("POST",)
    extra: tuple[tuple[str, str], ...] = ()  # other URL kwargs, e.g. (("field", "phone"),)
    get: bool = True                # False for POST-only endpoints
    scoped: bool = True             # False: object not tied to an area (policy documents)
    owner_only: bool = False        # access by ownership, proven in the app's own tests
    note: str = ""
