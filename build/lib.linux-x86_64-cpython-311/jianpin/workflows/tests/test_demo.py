"""The demo hooks of workflows and assistance fill the demo county's first village."""
from __future__ import annotations

import io

from django.apps import apps

from jianpin.conftest import VILLAGE
from jianpin.registry.demo_users import ensure_demo_users
from jianpin.workflows.models import Case, Grievance
from jianpin.workflows.tests.helpers import make_household


def test_demo_cases_and_helpers(db, settings):  # type: ignore[no-untyped-def]
    from jianpin.assistance.models import Helper, Pairing

    ensure_demo_users()
    for _ in range(6):
        make_household(VILLAGE, income="5000")
    for _ in range(5):
        make_household(VILLAGE, monitoring_kind="边缘易致贫户", income="5000")
    out = io.StringIO()
    apps.get_app_config("workflows").demo_setup(out)
    apps.get_app_config("assistance").demo_setup(out)
    statuses = sorted(Case.objects.values_list("status", flat=True))
    assert statuses == ["announced", "opened", "township_review", "visited"]
    assert Case.objects.filter(status="opened").get().due_on < Case.objects.get(
        status="visited").due_on
    assert Grievance.objects.count() == 1
    assert (Helper.objects.count(), Pairing.objects.count()) == (3, 6)
    assert "业务办理：演示事项 4 件" in out.getvalue() and "帮扶：3 名帮扶责任人结对 6 户" in out.getvalue()
    apps.get_app_config("workflows").demo_setup(out)
    assert Case.objects.count() == 4
