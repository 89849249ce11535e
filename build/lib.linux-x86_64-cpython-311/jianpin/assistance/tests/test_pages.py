"""Assistance pages: load view, the helper's phone list, household plan, visit with photos."""
from __future__ import annotations

from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client

from jianpin.assistance import actions
from jianpin.assistance.models import Helper, Measure, Visit
from jianpin.assistance.tests.factories import png_bytes
from jianpin.conftest import VILLAGE
from jianpin.regions.models import Region
from jianpin.workflows.tests.helpers import days_ago, make_household


def client_for(user) -> Client:  # type: ignore[no-untyped-def]
    c = Client()
    c.force_login(user)
    return c


def test_load_view_and_helper_list(cadre, reviewer):  # type: ignore[no-untyped-def]
    region = Region.objects.get(pk=VILLAGE)
    busy = actions.do_create_helper(cadre, region, name="郑卫东", user=cadre)
    idle = actions.do_create_helper(cadre, region, name="冯丽")
    a, b = make_household(VILLAGE, head="陈阿大"), make_household(VILLAGE, head="林阿二")
    actions.do_pair(cadre, busy, a)
    actions.do_pair(cadre, busy, b)
    actions.do_record_visit(cadre, b, busy, visited_on=days_ago(3), findings="正常")
    body = client_for(reviewer).get("/assistance/").content.decode()
    assert body.index("郑卫东") < body.index("冯丽") and "<b>2</b>" in body
    assert idle.pk
    c = client_for(cadre)
    r = c.get("/assistance/mine/")
    assert r["Location"] == f"/assistance/helpers/{busy.pk}/"
    page = c.get(r["Location"]).content.decode()
    assert page.index("陈阿大") < page.index("林阿二") and "尚未走访" in page
    assert "3天前" in page


def test_visit_form_with_photo(cadre):  # type: ignore[no-untyped-def]
    helper = actions.do_create_helper(cadre, Region.objects.get(pk=VILLAGE), name="褚红")
    hh = make_household(VILLAGE)
    c = client_for(cadre)
    c.post(f"/assistance/households/{hh.pk}/pair/", {"helper": helper.pk})
    assert "褚红" in c.get(f"/assistance/households/{hh.pk}/visits/new/").content.decode()
    r = c.post(f"/assistance/households/{hh.pk}/visits/new/", {
        "helper": helper.pk, "visited_on": days_ago(0).isoformat(), "findings": "家中老人住院",
        "photos": [SimpleUploadedFile("病房.png", png_bytes(), "image/png")]})
    assert r.status_code == 302
    visit = Visit.objects.get(household=hh)
    photo = visit.photos.get()
    page = c.get(f"/assistance/households/{hh.pk}/").content.decode()
    assert "家中老人住院" in page and f"/assistance/photos/{photo.pk}/" in page
    assert b"".join(c.get(f"/assistance/photos/{photo.pk}/").streaming_content) == png_bytes()


def test_measure_form(cadre, reviewer):  # type: ignore[no-untyped-def]
    hh = make_household(VILLAGE)
    c = client_for(cadre)
    c.post(f"/assistance/households/{hh.pk}/measures/", {
        "category": "就业", "description": "推荐到园区务工", "on": days_ago(1).isoformat(),
        "provider": "县人社局"})
    assert list(Measure.objects.values_list("category", "provider")) == [("就业", "县人社局")]
    r = client_for(reviewer).get(f"/assistance/households/{hh.pk}/")
    assert "推荐到园区务工" in r.content.decode()
    assert Helper.objects.count() == 0


def test_household_page_shows_case_and_assistance_blocks(cadre):  # type: ignore[no-untyped-def]
    helper = actions.do_create_helper(cadre, Region.objects.get(pk=VILLAGE), name="卫兰")
    hh = make_household(VILLAGE, monitoring_kind="边缘易致贫户")
    actions.do_pair(cadre, helper, hh)
    body = client_for(cadre).get(f"/registry/households/{hh.pk}/").content.decode()
    assert "业务办理" in body and "发起风险消除" in body
    assert "帮扶责任人：卫兰" in body and f"/assistance/households/{hh.pk}/" in body
