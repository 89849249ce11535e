"""The audit-log viewer: the user's area only, filters, masking, highlighted reveals, export."""
from __future__ import annotations

import datetime as dt
import io

import openpyxl
import pytest
from django.test import Client
from django.urls import reverse

from jianpin.audit.actions import record
from jianpin.audit.models import AuditEvent
from jianpin.conftest import VILLAGE
from jianpin.registry.tests.helpers import make_household

OTHER_VILLAGE = "441481001001"


@pytest.fixture
def events(db, officer, cadre):  # type: ignore[no-untyped-def]
    home = make_household(VILLAGE, head_name="本县户")
    far = make_household(OTHER_VILLAGE, head_name="外县户")
    member = home.members.get()
    made = {
        "reveal": record(cadre, "registry.reveal", home, region_code=VILLAGE,
                         diff={"field": "phone"}),
        "edit": record(cadre, "registry.member.update", member, region_code=VILLAGE,
                       diff={"health": ["1", "2"], "phone": ["13800138000", "13900139000"]}),
        "export": record(officer, "registry.export", None, object_type="registry.household",
                         region_code=VILLAGE, note="=HYPERLINK(\"http://x\")"),
        "far": record(None, "registry.reveal", far, region_code=OTHER_VILLAGE, note="外县事件"),
        "national": record(None, "accounts.lockout.ip", None, object_type="accounts.ip",
                           note="全国事件"),
    }
    AuditEvent.objects.filter(pk=made["edit"].pk).update(at=dt.datetime(2026, 3, 1, 8, 0,
                                                                        tzinfo=dt.UTC))
    return made


def _client(user) -> Client:  # type: ignore[no-untyped-def]
    client = Client()
    client.force_login(user)
    return client


def test_scoped_to_the_users_area(events, auditor, admin_user):
    rows = _client(auditor).get(reverse("audit:events")).context["rows"]
    assert sorted(r["code"] for r in rows) == [
        "registry.export", "registry.member.update", "registry.reveal"]
    body = _client(auditor).get(reverse("audit:events")).content.decode()
    assert "外县事件" not in body and "全国事件" not in body
    assert len(_client(admin_user).get(reverse("audit:events")).context["rows"]) == 5


def test_roles_without_the_viewer_are_refused(events, cadre, reviewer, provider):
    for user in (cadre, reviewer, provider):
        assert _client(user).get(reverse("audit:events")).status_code == 403
        assert _client(user).get(reverse("audit:export")).status_code == 403
    assert not AuditEvent.objects.filter(action="audit.export").exists()


def test_filters(events, officer):
    client = _client(officer)
    url = reverse("audit:events")

    def codes(**params: str) -> list[str]:
        return [r["code"] for r in client.get(url, params).context["rows"]]

    assert codes(group="reveal") == ["registry.reveal"]
    assert codes(group="export") == ["registry.export"]
    assert codes(actor="officer") == ["registry.export"]
    assert codes(type="registry.member", object=str(events["edit"].object_id)) == [
        "registry.member.update"]
    assert codes(since="2026-03-01", until="2026-03-01") == ["registry.member.update"]
    assert codes(until="2026-02-28") == []


def test_masked_like_the_change_log_and_reveals_stand_out(events, auditor, officer):
    page = _client(auditor).get(reverse("audit:events"))
    edit = next(r for r in page.context["rows"] if r["code"] == "registry.member.update")
    # jsonb keeps keys in its own order on PostgreSQL
    assert sorted(edit["detail"].split("；")) == ["健康状况：已修改（内容不公开）",
                                                 "联系电话：已修改（内容不公开）"]
    body = page.content.decode()
    assert "13800138000" not in body and "13900139000" not in body
    assert 'class="ev-reveal"' in body and 'class="ev-export"' in body
    officer_edit = next(r for r in _client(officer).get(reverse("audit:events")).context["rows"]
                        if r["code"] == "registry.member.update")
    assert "→" in officer_edit["detail"]
    assert "13900139000" not in officer_edit["detail"]  # stored masked in the first place


def test_export_is_scoped_escaped_and_audited(events, auditor):
    response = _client(auditor).get(reverse("audit:export"), {"group": "export"})
    assert response.status_code == 200
    sheet = openpyxl.load_workbook(io.BytesIO(response.content)).active
    rows = [[c.value for c in r] for r in sheet.iter_rows()]
    assert rows[0] == ["时间", "操作人", "操作", "操作代码", "对象", "对象编号", "区划", "区划代码",
                       "内容"]
    assert [r[3] for r in rows[1:]] == ["registry.export"]
    assert rows[1][6:8] == ["协和村委会", VILLAGE]
    assert rows[1][8] == "'=HYPERLINK(\"http://x\")"
    assert all(not (isinstance(v, str) and v.startswith("=")) for r in rows for v in r)
    assert sheet["A2"].fill.fgColor.rgb.endswith("FFF3D6")
    exported = AuditEvent.objects.get(action="audit.export")
    assert (exported.actor_id, exported.diff) == (auditor.pk, {"filters": "group=export",
                                                                "rows": 1})


def test_pages_in_english(events, officer, admin_user):
    client = _client(officer)
    body = client.get(reverse("audit:events"), HTTP_ACCEPT_LANGUAGE="en").content.decode()
    assert "<h1>Audit log</h1>" in body and "Reveal of sensitive data" in body
    body = _client(admin_user).get(reverse("accounts:users"),
                                   HTTP_ACCEPT_LANGUAGE="en").content.decode()
    assert "<h1>User administration</h1>" in body and "New account" in body


def test_areas_and_accounts_are_named_with_their_codes_beside(db, officer, cadre, admin_user):
    from jianpin.conftest import COUNTY, TOWNSHIP

    User = type(cadre)
    User.objects.filter(pk=cadre.pk).update(display_name="李村干")
    record(admin_user, "accounts.user.unlock", cadre, region_code=COUNTY)
    record(admin_user, "accounts.user.disable", None, object_type="accounts.user",
           object_id="999999", region_code="441424999999")
    record(None, "assistance.checks", None, object_type="regions.region", object_id=TOWNSHIP,
           region_code=TOWNSHIP)
    client = _client(officer)
    with django_assert_queries_bounded(client):
        response = client.get(reverse("audit:events"), HTTP_ACCEPT_LANGUAGE="en")
    rows = {r["code"]: r for r in response.context["rows"]}
    unlock, gone = rows["accounts.user.unlock"], rows["accounts.user.disable"]
    area = rows["assistance.checks"]
    assert (area["object"], area["object_code"], area["region"]) == (
        "Area 水寨镇", f"regions.region {TOWNSHIP}", "水寨镇")
    assert (unlock["object"], unlock["object_code"]) == ("Account 李村干", f"accounts.user {cadre.pk}")
    assert (unlock["region"], unlock["region_code"]) == ("五华县", COUNTY)
    # A deleted account and an unknown code are shown as stored.
    assert (gone["object"], gone["region"]) == ("Account 999999", "441424999999")
    body = response.content.decode()
    assert f'<span title="{COUNTY}">五华县</span>' in body and "<th class=\"hide-sm\">Area</th>" in body
    assert f'<span title="accounts.user {cadre.pk}">Account 李村干</span>' in body


def django_assert_queries_bounded(client):  # type: ignore[no-untyped-def]
    """The names of a page cost two queries, not one per row."""
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    class Bounded(CaptureQueriesContext):
        def __exit__(self, *exc):  # type: ignore[no-untyped-def]
            super().__exit__(*exc)
            names = [q for q in self.captured_queries if "regions_region" in q["sql"]
                     and "IN" in q["sql"]]
            assert len(names) == 1, names
    return Bounded(connection)
