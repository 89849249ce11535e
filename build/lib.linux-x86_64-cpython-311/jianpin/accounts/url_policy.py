from jianpin.accounts.policy import Cap, Rule

_ADMIN_POST = Rule(Cap.MANAGE_USERS, obj="user", writes=("POST",), get=False)
POLICY = {
    "accounts:login": Rule(None),
    "accounts:logout": Rule(None, writes=("POST",), get=False),
    "accounts:totp": Rule(None, owner_only=True, note="the logged-in user's own second factor"),
    "accounts:users": Rule(Cap.MANAGE_USERS, note="accounts whose region lies in the actor's area"),
    "accounts:user_new": Rule(Cap.MANAGE_USERS, writes=("POST",),
                              note="the region given must lie in the actor's area"),
    "accounts:user_detail": Rule(Cap.MANAGE_USERS, obj="user"),
    "accounts:user_disable": _ADMIN_POST,
    "accounts:user_enable": _ADMIN_POST,
    "accounts:user_unlock": _ADMIN_POST,
    "accounts:user_totp_reset": _ADMIN_POST,
    "accounts:user_password": _ADMIN_POST,
    "accounts:user_role": _ADMIN_POST,
}
