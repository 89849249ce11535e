"""Shared fixtures: the shipped division tree loaded once, and one persona per role.

Areas used throughout the tests (2023 codes, Wuhua County, Meizhou, Guangdong):
  county   441424000000 五华县           township 441424100000 水寨镇
  village  441424100200 协和村委会        sibling village 441424100201 河尾村委会
  sibling township 441424101000 河东镇    other county 441481000000 兴宁市
"""
from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from hypothesis import settings as hypothesis_settings

from jianpin.accounts.models import Role, User
from jianpin.regions.models import Region

COUNTY, TOWNSHIP, VILLAGE = "441424000000", "441424100000", "441424100200"
SIBLING_VILLAGE, SIBLING_TOWNSHIP, OTHER_COUNTY = "441424100201", "441424101000", "441481000000"
PREFECTURE = "441400000000"
PASSWORD = "Jianpin-Test-2026!"

# No timed assertions in tests: Hypothesis's per-example deadline fails a correct property when the
# machine is busy, so examples are not timed.
hypothesis_settings.register_profile("jianpin", deadline=None)
hypothesis_settings.load_profile("jianpin")


@pytest.fixture(scope="session")
def django_db_setup(django_db_setup, django_db_blocker):  # type: ignore[no-untyped-def]
    from jianpin.regions.loader import load_core

    with django_db_blocker.unblock():
        if not Region.objects.filter(code=VILLAGE).exists():
            load_core()
    yield
    # Live-server request threads can leave a PostgreSQL session open; the test database
    # cannot be dropped while one is.
    from django.db import connection

    with django_db_blocker.unblock():
        if connection.vendor == "postgresql":
            with connection.cursor() as cursor:
                cursor.execute("SELECT pg_terminate_backend(pid) FROM pg_stat_activity "
                               "WHERE datname = current_database() AND pid <> pg_backend_pid()")


@pytest.hookimpl(hookwrapper=True)
def pytest_runtest_teardown(item, nextitem):  # type: ignore[no-untyped-def]
    """Transactional tests end with a flush of every table: put the division tree back."""
    yield
    marker = item.get_closest_marker("django_db")
    if nextitem is None or marker is None or not marker.kwargs.get("transaction"):
        return  # after the last test the test database itself is gone
    from pytest_django.plugin import blocking_manager_key

    from jianpin.regions.loader import load_core

    with item.config.stash[blocking_manager_key].unblock():
        if not Region.objects.filter(code=VILLAGE).exists():
            load_core()


def files_under(folder: Path) -> set[str]:
    """The files below `folder`, as paths relative to it."""
    return {p.relative_to(folder).as_posix() for p in folder.rglob("*") if p.is_file()}


@pytest.fixture(scope="session", autouse=True)
def _temporary_media_root(tmp_path_factory):  # type: ignore[no-untyped-def]
    """No test writes into the configured data folder (the working tree's var/ by default):
    files saved outside a test's own folder (module fixtures such as a demo county) go to a
    folder of the run; at its end the configured media folder must hold no new file."""
    from django.conf import settings
    from django.test import override_settings

    configured = Path(settings.MEDIA_ROOT)
    before = files_under(configured)
    data = tmp_path_factory.mktemp("run-data")
    with override_settings(DATA_DIR=data, MEDIA_ROOT=data / "media"):
        yield
    left = sorted(files_under(configured) - before)
    assert not left, f"the test run wrote into {configured}: {left[:10]}"


@pytest.fixture(autouse=True)
def _private_data_dir(settings, tmp_path_factory):  # type: ignore[no-untyped-def]
    """Files a test writes (uploads, vouchers, attachments, kept import checks, snapshots) go
    to its own folder."""
    settings.DATA_DIR = tmp_path_factory.mktemp("data")
    settings.MEDIA_ROOT = settings.DATA_DIR / "media"


@pytest.fixture(autouse=True)
def _source_language():  # type: ignore[no-untyped-def]
    """Each test starts in Chinese: a request with the English cookie leaves English active in
    the test's thread, which would leak into actions the next test calls directly."""
    from django.conf import settings
    from django.utils import translation

    translation.activate(settings.LANGUAGE_CODE)
    yield
    translation.deactivate()


@pytest.fixture(autouse=True)
def _fast_password_hashing(settings):  # type: ignore[no-untyped-def]
    """Tests create many users; a deliberately slow hash would dominate their run time."""
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


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


CHROMIUM_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking",
                 "--disable-component-update", "--disable-sync", "--no-first-run",
                 "--disable-dev-shm-usage"]


# Browser languages of the tests: a context's `locale` sets navigator.language and
# Accept-Language, but chromium draws date and month inputs in its own application language,
# which only `--lang` with the matching locale file (Debian's chromium-l10n) sets.
BROWSER_LOCALES = {"zh-CN": "zh_CN", "en": "en_US"}


class Browsers:
    """Debian's chromium (never a downloaded browser), one per language, and pages in it."""

    def __init__(self, pw, url: str) -> None:  # type: ignore[no-untyped-def]
        self.pw, self.url = pw, url
        self.open: dict[str, Any] = {}

    def page(self, locale: str = "zh-CN"):  # type: ignore[no-untyped-def]
        """A page whose browser speaks `locale`; English pages also ask the site for English."""
        import os

        if locale not in self.open:
            env = {**os.environ, "LANGUAGE": BROWSER_LOCALES[locale]}
            self.open[locale] = self.pw.chromium.launch(
                executable_path="/usr/bin/chromium", args=[*CHROMIUM_ARGS, f"--lang={locale}"],
                env=env)
        context = self.open[locale].new_context(locale=locale,
                                                viewport={"width": 1280, "height": 900})
        if locale != "zh-CN":
            context.add_cookies([{"name": "django_language", "value": "en", "url": self.url}])
        page = context.new_page()
        page.set_default_timeout(15000)
        return page

    def close(self) -> None:
        for browser in self.open.values():
            browser.close()


@pytest.fixture
def browsers(live_server):  # type: ignore[no-untyped-def]
    """`browsers.page("en")` for an English run beside `browser_page`'s Chinese one."""
    import os

    from playwright.sync_api import sync_playwright

    os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = "true"
    with sync_playwright() as pw:
        found = Browsers(pw, live_server.url)
        try:
            yield found
        finally:
            found.close()


@pytest.fixture
def browser_page(browsers):  # type: ignore[no-untyped-def]
    """A playwright page in chromium speaking zh-CN, as officials' browsers do."""
    return browsers.page("zh-CN")


def shown_date(page, selector: str) -> str:  # type: ignore[no-untyped-def]
    """What a date or month input shows (its fields as drawn, e.g. 2025/03/01), read from
    chromium's accessibility tree."""
    backend = page.context.new_cdp_session(page)
    doc = backend.send("DOM.getDocument", {"depth": 0})
    node = backend.send("DOM.querySelector", {"nodeId": doc["root"]["nodeId"],
                                              "selector": selector})
    target = backend.send("DOM.describeNode", {"nodeId": node["nodeId"]})["node"]["backendNodeId"]
    nodes = {n["nodeId"]: n for n in backend.send("Accessibility.getFullAXTree")["nodes"]}
    top = next(n for n in nodes.values() if n.get("backendDOMNodeId") == target)
    out: list[str] = []

    def walk(n: dict) -> None:  # type: ignore[type-arg]
        if n.get("role", {}).get("value") == "InlineTextBox":
            out.append(str(n.get("name", {}).get("value", "")))
        for child in n.get("childIds", []):
            if child in nodes:
                walk(nodes[child])
    walk(top)
    return "".join(out)


def artefact_path(name: str) -> str:
    """Where browser tests save screenshots (kept by CI as test artefacts)."""
    from pathlib import Path

    folder = Path(__file__).resolve().parent.parent / "var" / "test-artifacts"
    folder.mkdir(parents=True, exist_ok=True)
    return str(folder / name)


def login(page, live_server, username: str) -> None:  # type: ignore[no-untyped-def]
    """Log a persona in through the real login form."""
    page.goto(f"{live_server.url}/accounts/login/")
    page.fill("input[name=username]", username)
    page.fill("input[name=password]", PASSWORD)
    page.click("button[type=submit]")
