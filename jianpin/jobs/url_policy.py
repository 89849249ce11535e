from jianpin.accounts.policy import Rule

# Jobs belong to their owner, not an area (jianpin/jobs/tests/test_jobs.py proves it).
POLICY = {
    "jobs:progress": Rule(None, owner_only=True),
    "jobs:cancel": Rule(None, writes=("POST",), get=False, owner_only=True),
    "jobs:retry": Rule(None, writes=("POST",), get=False, owner_only=True),
}
