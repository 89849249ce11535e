"""The English UI: every page a demo user can reach by following links is free of Chinese
outside data (names, places, code-list values, what users typed), and the switcher persists.

The walk starts at the home page of each demo role over a small generated demo county and
follows every same-site link. Chinese is allowed only in data, in elements marked
`lang="zh-Hans"` (the switcher's own label, notices meant for villagers) and in elements marked
`translate="no"` (a workflow's diagram from its module docstring).
"""
from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass, field
from html.parser import HTMLParser
from pathlib import Path
from urllib.parse import urldefrag, urlsplit

import pytest
from django.apps import apps
from django.db import connection, models
from django.test import Client
from django.urls import Resolver404, resolve

from jianpin.accounts.models import User
from jianpin.conftest import VILLAGE
from jianpin.kernel.masking import mask_name
from jianpin.registry.demo_users import DEMO_USERS

# URL prefixes of an app whose English is not complete yet (fetched, not read), and CSS classes
# of the blocks it renders inside other pages. Empty: every app's pages are walked.
NOT_YET_TRANSLATED: tuple[str, ...] = ()
NOT_YET_TRANSLATED_BLOCKS: tuple[str, ...] = ()
# Never followed: they change state on GET-like links or leave the HTML UI.
NOT_PAGES = ("/static/", "/media/", "/api/", "/i18n/", "/healthz")
# Roles that read the registry, and pages the walk must reach for them (so a change to the demo
# data cannot quietly shrink the walk).
READERS = ("cun", "xiang", "xian", "ducha", "admin")
READER_PAGES = {"registry:household_list", "registry:household_detail", "workflows:inbox",
                "workflows:case_list", "workflows:case_detail", "workflows:grievance_detail",
                "workflows:notice_detail", "workflows:approval_list", "assistance:index",
                "assistance:household", "assistance:helper_detail"}
PAGES_PER_VIEW = 3  # distinct URLs fetched per URL name (detail pages repeat one template)
CJK = re.compile(r"[\u3400-\u9fff\uf900-\ufaff]+")
HOUSEHOLDS = 120


class _Page(HTMLParser):
    """Collect links and the visible text (and titles, placeholders) outside lang="zh-Hans"."""

    SKIP = {"script", "style"}
    VOID = {"area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta",
            "source", "track", "wbr"}

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.links: list[str] = []
        self.text: list[str] = []
        self._stack: list[tuple[str, bool]] = []  # (tag, chinese on purpose or not shown)

    def _quiet(self) -> bool:
        return any(q for _, q in self._stack)

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        a = dict(attrs)
        if tag == "a" and a.get("href"):
            self.links.append(a["href"] or "")
        classes = (a.get("class") or "").split()
        quiet = (tag in self.SKIP or (a.get("lang") or "").lower().startswith("zh")
                 or a.get("translate") == "no"  # code, e.g. a workflow's diagram
                 or any(c in NOT_YET_TRANSLATED_BLOCKS for c in classes))
        if not quiet and not self._quiet():
            self.text.extend(v or "" for k, v in attrs if k in ("title", "placeholder", "alt",
                                                                 "aria-label"))
        if tag not in self.VOID:
            self._stack.append((tag, quiet))

    def handle_endtag(self, tag: str) -> None:
        for i in range(len(self._stack) - 1, -1, -1):
            if self._stack[i][0] == tag:
                del self._stack[i:]
                return

    def handle_data(self, data: str) -> None:
        if not self._quiet():
            self.text.append(data)


def _strings(value: object) -> Iterator[str]:
    if isinstance(value, str):
        yield value
    elif isinstance(value, dict):
        for k, v in value.items():
            yield from _strings(k)
            yield from _strings(v)
    elif isinstance(value, list | tuple):
        for v in value:
            yield from _strings(v)


def data_runs() -> set[str]:
    """Chinese runs found in stored data and in the registry's code lists (not translated)."""
    from jianpin.assistance import codes as assistance_codes
    from jianpin.registry import codes as registry_codes

    found: set[str] = set()
    for model in apps.get_models():
        fields = [f.name for f in model._meta.concrete_fields
                  if isinstance(f, models.CharField | models.TextField | models.JSONField)]
        for row in model.objects.values_list(*fields) if fields else ():
            for text in _strings(list(row)):
                found.update(CJK.findall(text))
                if model._meta.app_label == "registry":  # names as public pages mask them
                    found.update(CJK.findall(mask_name(text)))
    for model in apps.get_models():  # field labels of those apps, shown in the audit log
        if f"/{model._meta.app_label}/" in NOT_YET_TRANSLATED:
            for f in model._meta.fields:
                found.update(CJK.findall(str(f.verbose_name)))
    for module in (registry_codes, assistance_codes):
        for obj in vars(module).values():
            if isinstance(obj, type) and issubclass(obj, models.Choices):
                for value, label in obj.choices:
                    found.update(CJK.findall(f"{value} {label}"))
    return found


def untranslated(html: str, allowed: set[str]) -> list[str]:
    page = _Page()
    page.feed(html)
    return sorted({run for text in page.text for run in CJK.findall(text) if run not in allowed})


def _untranslated_app(path: str) -> bool:
    return path.startswith(NOT_YET_TRANSLATED)


@dataclass
class Walk:
    problems: dict[str, list[str]] = field(default_factory=dict)  # page → Chinese outside data
    refused: dict[str, str] = field(default_factory=dict)  # link answered 403 → page showing it
    shown: set[str] = field(default_factory=set)  # view names of the pages checked


def walk(client: Client, allowed: set[str]) -> Walk:
    """Follow same-site links from the home page. Pages of apps not yet translated are only
    fetched (a link a role may not use must not be shown), not read."""
    result, seen, per_view = Walk(), set(), {}
    queue: list[tuple[str, str]] = [("/", "")]
    while queue:
        url, source = queue.pop(0)
        if url in seen:
            continue
        seen.add(url)
        response = client.get(url)
        if response.status_code == 403:
            result.refused[url] = source
        if (response.status_code != 200 or _untranslated_app(urlsplit(url).path)
                or "text/html" not in response.get("Content-Type", "")):
            continue
        result.shown.add(resolve(urlsplit(url).path).view_name)
        html = response.content.decode()
        found = untranslated(html, allowed)
        if found:
            result.problems[url] = found
        parser = _Page()
        parser.feed(html)
        for href in parser.links:
            target = _local(url, href)
            if target is None or target in seen or urlsplit(target).path.startswith(NOT_PAGES):
                continue
            view = _view_name(target)
            if view is None or per_view.get(view, 0) >= PAGES_PER_VIEW:
                continue
            per_view[view] = per_view.get(view, 0) + 1
            queue.append((target, url))
    return result


def _local(base: str, href: str) -> str | None:
    href = urldefrag(href)[0]
    if not href or href.startswith(("http:", "https:", "mailto:", "javascript:", "//")):
        return None
    if href.startswith("?"):
        return urlsplit(base).path + href
    if not href.startswith("/"):
        return None
    return href


def _view_name(url: str) -> str | None:
    try:
        match = resolve(urlsplit(url).path)
    except Resolver404:
        return None
    query = "?" if urlsplit(url).query else ""
    return f"{match.view_name}{query}"


@dataclass(frozen=True)
class DemoCounty:
    allowed: set[str]  # data strings the pages may show in Chinese
    data_dir: Path     # where the demo's files are (each test gets its own folder otherwise)


@pytest.fixture(scope="module")
def demo_county(django_db_setup, django_db_blocker):  # type: ignore[no-untyped-def]
    """A small demo county with every app's demo data (cases, notices, visits ...)."""
    import io

    from django.conf import settings

    from jianpin.registry import demo
    from jianpin.registry.demo_users import ensure_demo_users
    from jianpin.registry.management.commands.demo import Command
    from jianpin.registry.models import Household
    from jianpin.registry.tests.helpers import make_household

    data_dir = settings.DATA_DIR  # the run's folder: files the demo saves (library originals)
    with django_db_blocker.unblock():
        # Everything the migrations shipped (divisions, standards, indicators ...), put back
        # after the flush below so that later tests find the database as migrations left it.
        snapshot = connection.creation.serialize_db_to_string()
        try:
            demo.generate(HOUSEHOLDS, 441424, lambda done, total: None)
            for name in ("甲", "乙", "丙", "丁"):  # the demo cases need four in the cadre's village
                make_household(VILLAGE, head_name=f"演示{name}", size=2, status="一般农户")
            # Whichever households the demo cases pick, a finding supports identifying them.
            Household.objects.filter(village_id=VILLAGE).update(water_safe=False)
            ensure_demo_users()
            command = Command(stdout=io.StringIO())
            command._hooks("demo_setup")
            command._hooks("demo_refresh")
            allowed = data_runs()
        except BaseException:
            _reset_database(snapshot)
            raise
    yield DemoCounty(allowed, data_dir)
    with django_db_blocker.unblock():
        _reset_database(snapshot)


def _reset_database(snapshot: str) -> None:
    """The demo data is committed outside any test transaction: empty the tables and put back
    what was there before."""
    from django.core.management import call_command
    from django.core.management.color import no_style

    call_command("flush", verbosity=0, interactive=False, inhibit_post_migrate=True)
    connection.creation.deserialize_db_from_string(snapshot)
    # Rows came back with their ids: PostgreSQL's sequences must move past them.
    with connection.cursor() as cursor:
        for statement in connection.ops.sequence_reset_sql(no_style(), apps.get_models()):
            cursor.execute(statement)


def _english_client(username: str) -> Client:
    client = Client()
    client.force_login(User.objects.get(username=username))
    client.cookies["django_language"] = "en"
    return client


@pytest.mark.slow
@pytest.mark.django_db
@pytest.mark.parametrize("username", [u[0] for u in DEMO_USERS])
def test_english_pages_have_no_untranslated_chinese(demo_county, settings, username: str) -> None:  # type: ignore[no-untyped-def]
    settings.DATA_DIR, settings.MEDIA_ROOT = demo_county.data_dir, demo_county.data_dir / "media"
    result = walk(_english_client(username), demo_county.allowed)
    assert result.problems == {}
    assert result.refused == {}, "pages link to what this role may not open"
    assert {"web:home"} <= result.shown
    if username in READERS:  # every page kind of the translated apps was reached
        assert READER_PAGES <= result.shown, sorted(READER_PAGES - result.shown)


@pytest.mark.django_db
def test_switcher_sets_a_lasting_cookie_and_keeps_the_page(cadre) -> None:  # type: ignore[no-untyped-def]
    client = Client()
    client.force_login(cadre)
    page = client.get("/registry/households/").content.decode()
    assert '<html lang="zh-Hans">' in page and 'value="en"' in page and "农户档案" in page
    response = client.post("/i18n/setlang/", {"language": "en", "next": "/registry/households/"})
    assert (response.status_code, response["Location"]) == (302, "/registry/households/")
    cookie = response.cookies["django_language"]
    assert (cookie.value, cookie["max-age"], cookie["samesite"]) == ("en", 365 * 24 * 3600, "Lax")
    english = client.get("/registry/households/").content.decode()
    assert '<html lang="en">' in english and "Households" in english and "农户档案" not in english
    assert 'value="zh-hans"' in english
    client.post("/i18n/setlang/", {"language": "zh-hans", "next": "/"})
    assert "农户档案" in client.get("/registry/households/").content.decode()


def test_walker_reports_chinese_outside_data_and_marked_elements() -> None:
    html = ('<html><head><title>农户</title><script>var a = "脚本";</script></head><body>'
            '<p title="提示">张三 Household <b>档案</b></p><input placeholder="输入">'
            '<span lang="zh-Hans">中文</span><br><p>尾</p></body></html>')
    assert untranslated(html, {"张三"}) == sorted(["尾", "提示", "档案", "农户", "输入"])


@pytest.mark.django_db
def test_refusals_and_missing_pages_in_english(provider, reviewer) -> None:  # type: ignore[no-untyped-def]
    client = Client()
    client.force_login(provider)
    client.cookies["django_language"] = "en"
    refused = client.get("/registry/households/")
    body = refused.content.decode()
    assert refused.status_code == 403 and "Access denied" in body
    assert "Your role may not open this page" in body
    assert untranslated(body, {"五华县"}) == []  # the provider's area in the header is data
    client.force_login(reviewer)
    client.cookies["django_language"] = "en"
    missing = client.get("/registry/households/999999/")
    body = missing.content.decode()
    assert missing.status_code == 404 and "outside your area" in body
    assert untranslated(body, {"水寨镇"}) == []  # the reviewer's area in the header is data
