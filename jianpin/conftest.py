"""Shared fixtures: the shipped division tree loaded once, and one persona per role.

Areas used throughout the tests (2023 codes, Wuhua County, Meizhou, Guangdong):
  county   441424000000 五华县           township 441424100000 水寨镇
  village  441424100200 协和村委会        sibling village 441424100201 河尾村委会
  sibling township 441424101000 河东镇    other county 441481000000 兴宁市
"""
from __future__ import annotations

import pytest

from jianpin.accounts.models import Role, User
from jianpin.regions.models import Region

COUNTY, TOWNSHIP, VILLAGE = "441424000000", "441424100000", "441424100200"
SIBLING_VILLAGE, SIBLING_TOWNSHIP, OTHER_COUNTY = "441424100201", "441424101000", "441481000000"
PREFECTURE = "441400000000"
PASSWORD = "Jianpin-Test-2026!"


@pytest.fixture(scope="session")
def django_db_setup(django_db_setup, django_db_blocker):  # type: ignore[no-untyped-def]
    from jianpin.regions.loader import load_core

    with django_db_blocker.unblock():
        if not Region.objects.filter(code=VILLAGE).exists():
            load_core()


def make_user(username: str, role: str, region_code: str | None) -> User:
    user = User.objects.create_user(username=username, password=PASSWORD, role=role,
                                    region_id=region_code, display_name=username)
    return user


@pytest.fixture
def cadre(db) -> User:  # type: ignore[no-untyped-def]
    return make_user("cadre", Role.VILLAGE_CADRE, VILLAGE)


@pytest.fixture
def reviewer(db) -> User:  # type: ignore[no-untyped-def]
    return make_user("reviewer", Role.TOWNSHIP_REVIEWER, TOWNSHIP)


@pytest.fixture
def officer(db) -> User:  # type: ignore[no-untyped-def]
    return make_user("officer", Role.COUNTY_OFFICER, COUNTY)


@pytest.fixture
def auditor(db) -> User:  # type: ignore[no-untyped-def]
    return make_user("auditor", Role.AUDITOR, COUNTY)


@pytest.fixture
def provider(db) -> User:  # type: ignore[no-untyped-def]
    return make_user("provider", Role.DEPT_PROVIDER, COUNTY)


@pytest.fixture
def admin_user(db) -> User:  # type: ignore[no-untyped-def]
    return make_user("sysadmin", Role.ADMIN, None)
