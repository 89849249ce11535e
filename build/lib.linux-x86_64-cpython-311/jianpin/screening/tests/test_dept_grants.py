"""Department accounts upload only the data kinds they carry."""
from __future__ import annotations

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from jianpin.audit.models import AuditEvent
from jianpin.kernel.errors import DomainError, PermissionDenied
from jianpin.screening.dept_grants import allowed_kinds, do_set_dept_kinds
from jianpin.screening.depts import do_upload_dept_data
from jianpin.screening.models import DeptRecord, DeptUpload
from jianpin.screening.tests.test_depts import _csv, new_id

pytestmark = pytest.mark.django_db


def _state() -> tuple:
    return DeptUpload.objects.count(), DeptRecord.objects.count(), AuditEvent.objects.count()


def test_medical_account_cannot_upload_vehicles(provider, admin_user) -> None:  # type: ignore[no-untyped-def]
    assert do_set_dept_kinds(admin_user, provider, ["medical", "disability"]) == ["medical", "disability"]
    assert allowed_kinds(provider) == ["medical", "disability"]
    before = _state()
    for kind in ("vehicle", "real_estate", "business"):
        with pytest.raises(PermissionDenied, match="本账号无权上传"):
            do_upload_dept_data(provider, kind=kind, file_name="v.csv",
                                content=_csv([["身份证号"], [new_id()]]))
    assert _state() == before
    up = do_upload_dept_data(provider, kind="medical", file_name="m.csv",
                             content=_csv([["身份证号", "自付金额"], [new_id(), "12000"]]))
    assert (up.kind, up.rows_total) == ("medical", 1)


def test_an_account_without_kinds_uploads_nothing_and_the_page_offers_none(client, provider) -> None:  # type: ignore[no-untyped-def]
    assert allowed_kinds(provider) == []
    client.force_login(provider)
    page = client.get("/screening/departments/").content.decode()
    assert 'value="vehicle"' not in page and 'value="medical"' not in page
    before = _state()
    f = SimpleUploadedFile("v.csv", _csv([["身份证号"], [new_id()]]))
    assert client.post("/screening/departments/", {"kind": "vehicle", "file": f}).status_code == 400
    assert _state() == before


def test_officers_keep_every_kind_and_only_managers_grant(officer, provider, admin_user) -> None:  # type: ignore[no-untyped-def]
    assert len(allowed_kinds(officer)) == 10
    before = _state()
    with pytest.raises(PermissionDenied):
        do_set_dept_kinds(officer, provider, ["vehicle"])
    with pytest.raises(DomainError, match="只有部门数据提供方账号"):
        do_set_dept_kinds(admin_user, officer, ["vehicle"])
    with pytest.raises(DomainError, match="未知的部门数据类型：boats"):
        do_set_dept_kinds(admin_user, provider, ["boats"])
    assert (_state(), allowed_kinds(provider)) == (before, [])
    do_set_dept_kinds(admin_user, provider, ["vehicle"])
    event = AuditEvent.objects.get(action="screening.dept.kinds")
    assert (event.actor_id, event.diff) == (admin_user.pk, {"before": [], "after": ["vehicle"]})


def test_command_sets_and_lists_kinds(provider) -> None:  # type: ignore[no-untyped-def]
    from io import StringIO

    from django.core.management import call_command

    out = StringIO()
    call_command("dept_kinds", "provider", "medical", "disability", stdout=out)
    call_command("dept_kinds", "provider", stdout=out)
    call_command("dept_kinds", "provider", "--clear", stdout=out)
    assert out.getvalue().splitlines() == [
        "provider：medical、disability", "provider：medical、disability", "provider：（无）"]
