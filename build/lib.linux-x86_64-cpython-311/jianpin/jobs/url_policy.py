from jianpin.accounts.policy import Cap, Rule

# Jobs belong to their owner, not an area (jianpin/jobs/tests/test_jobs.py proves it).
# Schedules belong to a county: the page lists the counties of the user's area and the action
# checks the county (jianpin/jobs/tests/test_schedules.py).
POLICY = {
    "jobs:progress": Rule(None, owner_only=True),
    "jobs:cancel": Rule(None, writes=("POST",), get=False, owner_only=True),
    "jobs:retry": Rule(None, writes=("POST",), get=False, owner_only=True),
    "jobs:schedules": Rule(Cap.RUN_SCREENING, note="counties of the user's area only"),
    "jobs:schedule_save": Rule(Cap.RUN_SCREENING, writes=("POST",), get=False,
                               note="the county is checked by the action"),
}
