from jianpin.accounts.policy import Rule

POLICY = {
    "accounts:login": Rule(None),
    "accounts:logout": Rule(None, writes=("POST",), get=False),
    "accounts:totp": Rule(None, owner_only=True, note="the logged-in user's own second factor"),
}
