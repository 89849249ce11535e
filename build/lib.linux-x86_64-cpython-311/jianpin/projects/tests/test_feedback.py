"""A refused action on a project page: a refusal for rights stays one, others become messages."""
from __future__ import annotations

import pytest
from django.contrib.messages import get_messages
from django.contrib.messages.middleware import MessageMiddleware
from django.contrib.sessions.middleware import SessionMiddleware
from django.http import HttpRequest, HttpResponse
from django.test import RequestFactory

from jianpin.kernel.errors import DomainError, PermissionDenied
from jianpin.projects.feedback import refuse_or_show

pytestmark = pytest.mark.django_db


def _page(request: HttpRequest) -> HttpResponse:
    return HttpResponse()


def _request() -> HttpRequest:
    request = RequestFactory().post("/projects/1/edit/")
    SessionMiddleware(_page).process_request(request)
    MessageMiddleware(_page).process_request(request)
    return request


def test_other_refusals_are_shown_as_messages() -> None:
    request = _request()
    refuse_or_show(request, DomainError("bad_household", "部分户编号不存在或不在项目建设地点范围内"))
    assert [(m.level_tag, m.message) for m in get_messages(request)] == [
        ("error", "部分户编号不存在或不在项目建设地点范围内")]


def test_a_refusal_for_rights_is_raised_and_shows_nothing() -> None:
    request = _request()
    with pytest.raises(PermissionDenied):
        refuse_or_show(request, PermissionDenied("该记录不在您的管辖区域内"))
    assert list(get_messages(request)) == []
