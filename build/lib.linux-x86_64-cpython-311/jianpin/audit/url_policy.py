from jianpin.accounts.policy import Cap, Rule

POLICY = {
    "audit:events": Rule(Cap.AUDIT_LOG, note="events whose region code lies in the user's area"),
    "audit:export": Rule(Cap.AUDIT_LOG, note="the same rows as the page; the export is audited"),
}
