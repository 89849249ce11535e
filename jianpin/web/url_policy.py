"""The access policy of every URL, collected from each app's `url_policy.py`.

The scoping-matrix test walks the URL resolver and fails for a URL name without an entry here,
so a new endpoint cannot ship without a decision about who may call it.
"""
from __future__ import annotations

import importlib
from dataclasses import dataclass, field

from django.conf import settings

from jianpin.accounts.policy import Cap


@dataclass(frozen=True)
class Rule:
    cap: Cap | None                 # None: public (no login needed)
    obj: str | None = None          # object kind in the URL kwargs, placed in an area by tests
    writes: tuple[str, ...] = field(default=())  # methods that change state, e.g. ("POST",)
    extra: tuple[tuple[str, str], ...] = ()  # other URL kwargs, e.g. (("field", "phone"),)
    get: bool = True                # False for POST-only endpoints
    scoped: bool = True             # False: object not tied to an area (policy documents)
    owner_only: bool = False        # access by ownership, proven in the app's own tests
    note: str = ""


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
    "web:healthz": Rule(None, note="load balancers: status, counts and version only, no personal data"),
}
# The API app is URL-only (not an installed app); its table lives beside its views.
from jianpin.api.url_policy import POLICY as _API  # noqa: E402

POLICY.update(_API)
