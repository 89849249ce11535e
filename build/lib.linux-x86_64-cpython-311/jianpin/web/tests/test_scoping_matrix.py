"""Every URL × role × area relation × method: nobody reads or writes outside their area.

The URL names come from the resolver, so a new endpoint without an entry in its app's
`url_policy.py` fails `test_every_url_has_a_policy`. Objects named in URLs are placed by each
app's `tests/factories.py` in villages that stand in a fixed relation to each persona's area.
"""
from __future__ import annotations

import importlib
from collections.abc import Callable, Iterator

import pytest
from django.apps import apps
from django.test import Client
from django.urls import URLPattern, URLResolver, get_resolver, reverse

from jianpin.accounts.models import Role
from jianpin.accounts.policy import can
from jianpin.audit.models import AuditEvent
from jianpin.conftest import make_user
from jianpin.regions.scoping import in_area
from jianpin.web.url_policy import Rule, collect

# persona → (role, assigned region, {relation: village code where the object is placed})
PERSONAS: dict[str, tuple[str, str | None, dict[str, str]]] = {
    "cadre": (Role.VILLAGE_CADRE, "441424100200", {
        "own": "441424100200", "sibling": "441424100201", "parent": "441424100205",
        "other_county": "441481001001"}),
    "reviewer": (Role.TOWNSHIP_REVIEWER, "441424100000", {
        "own": "441424100000", "child": "441424100200", "sibling": "441424101001",
        "parent": "441424103001", "other_county": "441481001001"}),
    "officer": (Role.COUNTY_OFFICER, "441424000000", {
        "own": "441424000000", "child": "441424100200", "sibling": "441403001001",
        "parent": "441402004001", "other_county": "441481001001"}),
    # a township finance officer (乡级报账): funds of its township only
    "finance": (Role.FINANCE_OFFICER, "441424100000", {
        "own": "441424100000", "child": "441424100200", "sibling": "441424101001",
        "parent": "441424103001", "other_county": "441481001001"}),
    "auditor": (Role.AUDITOR, "441424000000", {
        "own": "441424000000", "child": "441424100200", "other_county": "441481001001"}),
    "provider": (Role.DEPT_PROVIDER, "441424000000", {
        "own": "441424000000", "other_county": "441481001001"}),
    "editor": (Role.LIBRARY_EDITOR, None, {"other_county": "441481001001"}),
    "admin": (Role.ADMIN, None, {"own": "441424100200", "other_county": "441481001001"}),
}
OK = {200, 204, 302}
DENIED = {302, 403, 404, 405}


def _names(resolver: URLResolver, prefix: str = "") -> Iterator[tuple[str, URLPattern]]:
    for p in resolver.url_patterns:
        if isinstance(p, URLResolver):
            ns = f"{prefix}{p.namespace}:" if p.namespace else prefix
            yield from _names(p, ns)
        elif p.name:
            yield f"{prefix}{p.name}", p


def url_names() -> dict[str, URLPattern]:
    return dict(_names(get_resolver()))


def factories() -> dict[str, Callable[[str], dict[str, object]]]:
    found: dict[str, Callable[[str], dict[str, object]]] = {}
    for config in apps.get_app_configs():
        if config.name.startswith("jianpin."):
            try:
                module = importlib.import_module(f"{config.name}.tests.factories")
            except ModuleNotFoundError:
                continue
            found.update(getattr(module, "AREA_FACTORIES", {}))
    return found


POLICY = collect()
NAMES = sorted(url_names())


def test_every_url_has_a_policy() -> None:
    missing = [n for n in NAMES if n not in POLICY]
    assert missing == [], f"URL names without an access policy: {missing}"


def test_every_object_kind_has_a_factory() -> None:
    kinds = {r.obj for r in POLICY.values() if r.obj}
    assert sorted(kinds - set(factories())) == []


def _village_in(code: str) -> str:
    """A village code at or under `code` (objects live in villages)."""
    from jianpin.regions.models import Region

    region = Region.objects.get(code=code)
    if region.level == 5:
        return code
    return Region.objects.filter(prefix__startswith=region.prefix, level=5).order_by("code")[0].code


def _login(persona: str) -> tuple[Client, object]:
    role, region, _ = PERSONAS[persona]
    user = make_user(f"m_{persona}", role, region)
    client = Client()
    client.force_login(user)
    return client, user


def _expect_allowed(user: object, rule: Rule, village: str | None) -> bool:
    if rule.cap is None:
        return True
    if not can(user, rule.cap):
        return False
    return village is None or not rule.scoped or in_area(user, village)


@pytest.mark.django_db
@pytest.mark.parametrize("name", [n for n in NAMES if n in POLICY and not POLICY[n].owner_only])
def test_url_matrix(name: str) -> None:
    rule = POLICY[name]
    make = factories().get(rule.obj) if rule.obj else None
    for persona, (_, _, relations) in PERSONAS.items():
        client, user = _login(persona)
        cases: list[tuple[str, str | None]] = [("-", None)] if rule.obj is None else [
            (rel, _village_in(code)) for rel, code in relations.items()]
        for relation, village in cases:
            kwargs = dict(rule.extra)
            if make is not None and village is not None:
                kwargs.update(make(village))
            url = reverse(name, kwargs=kwargs or None)
            allowed = _expect_allowed(user, rule, village)
            where = f"{name} as {persona} on {relation} ({url})"
            if rule.get:
                status = client.get(url).status_code
                if allowed:
                    assert status in OK, f"{where}: GET {status}, expected success"
                else:
                    assert status in DENIED - {302} or (status == 302 and rule.cap is None), \
                        f"{where}: GET {status}, expected refusal"
            if not allowed:
                for method in rule.writes:
                    before = AuditEvent.objects.count()
                    status = getattr(client, method.lower())(url, {}).status_code
                    assert status in {403, 404, 405}, f"{where}: {method} {status}, expected refusal"
                    assert AuditEvent.objects.count() == before, f"{where}: {method} wrote"
        client.logout()
        user.delete()


@pytest.mark.django_db
@pytest.mark.parametrize("name", [n for n in NAMES if n in POLICY and POLICY[n].cap is not None
                                  and POLICY[n].obj is None and POLICY[n].get])
def test_anonymous_is_sent_to_login(name: str) -> None:
    rule = POLICY[name]
    response = Client().get(reverse(name, kwargs=dict(rule.extra) or None))
    assert response.status_code in (302, 401, 403)  # 401: the API's token challenge
    if response.status_code == 302:
        assert "/accounts/login/" in response["Location"]


CANARY = "越界户甲"
SIBLING_CANARY = "邻村户丙"


@pytest.mark.django_db
@pytest.mark.parametrize("name", [n for n in NAMES if n in POLICY and POLICY[n].obj is None
                                  and POLICY[n].get and POLICY[n].cap is not None])
def test_lists_hold_no_out_of_area_rows(name: str) -> None:
    from jianpin.registry.tests.helpers import make_household

    make_household("441481001001", head_name=CANARY)  # another county
    make_household("441424100201", head_name=SIBLING_CANARY)  # sibling of the cadre's village
    rule = POLICY[name]
    url = reverse(name, kwargs=dict(rule.extra) or None)
    for persona in ("cadre", "reviewer", "officer", "auditor"):
        client, user = _login(persona)
        for query in ("", "?q=越界户", "?q=越界", "?q=邻村户"):
            body = client.get(url + query).content.decode(errors="replace")
            assert CANARY not in body, f"{name} as {persona} shows another county's household"
            if persona == "cadre":
                assert SIBLING_CANARY not in body, f"{name} as cadre shows a sibling village"
        user.delete()
