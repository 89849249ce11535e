"""The access policy of every URL, collected from each app's `url_policy.py`.

The scoping-matrix test walks the URL resolver and fails for a URL name without an entry here,
so a new endpoint cannot ship without a decision about who may call it.
"""
from __future__ import annotations

import importlib

from django.conf import settings

from jianpin.accounts.policy import Rule
from jianpin.api.url_policy import POLICY as _API

__all__ = ["POLICY", "Rule", "collect"]


def collect() -> dict[str, Rule]:
    merged: dict[str, Rule] = {}
    for app in settings.INSTALLED_APPS:
        if not app.startswith("jianpin."):
            continue
        try:
            module = importlib.import_module(f"{app}.url_policy")
        except ModuleNotFoundError as exc:
            if exc.name != f"{app}.url_policy":
                raise
            continue
        merged.update(getattr(module, "POLICY", {}))
    return merged


POLICY = {
    "web:home": Rule(None, note="anonymous users are sent to the login page; counts are scoped"),
    "web:favicon": Rule(None, note="the site icon, the same for everybody"),
    "web:healthz": Rule(None, note="load balancers: status, counts and version only, no personal data"),
    "web:set_language": Rule(None, get=False, note="public: sets the language cookie only"),
}
# The API app is URL-only (not an installed app); its table lives beside its views.
POLICY.update(_API)
