"""Request ids and user ids on every log line.

`RequestIdMiddleware` takes the caller's `X-Request-ID` when it looks like an id (a load
balancer's), or makes one, echoes it on the response and keeps it, with the user's numeric id,
in context variables that `RequestContextFilter` copies onto each log record. Only ids are
logged: never names, ID numbers or query strings (search terms may be names).
"""
from __future__ import annotations

import logging
import re
import time
import uuid
from collections.abc import Callable
from contextvars import ContextVar
from typing import Any

from django.http import HttpRequest, HttpResponse

request_id_var: ContextVar[str] = ContextVar("request_id", default="-")
user_id_var: ContextVar[str] = ContextVar("user_id", default="-")
SAFE_ID = re.compile(r"[A-Za-z0-9._-]{8,64}")
access_log = logging.getLogger("jianpin.request")


def incoming_id(raw: str | None) -> str:
    """The caller's id if it is safe to log and echo, else a new one."""
    if raw and SAFE_ID.fullmatch(raw):
        return raw
    return uuid.uuid4().hex


class RequestContextFilter(logging.Filter):
    def filter(self, record: logging.LogRecord) -> bool:
        record.request_id = request_id_var.get()
        record.user_id = user_id_var.get()
        return True


class NoClientErrorTraceback(logging.Filter):
    """A refused request (403, 404 ...) is one warning line: its traceback shows no fault."""

    def filter(self, record: logging.LogRecord) -> bool:
        if 400 <= getattr(record, "status_code", 0) < 500:
            record.exc_info, record.exc_text = None, None
        return True


class RequestIdMiddleware:
    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        rid = incoming_id(request.headers.get("X-Request-ID"))
        request.request_id = rid  # type: ignore[attr-defined]
        rid_token, uid_token = request_id_var.set(rid), user_id_var.set("-")
        started = time.monotonic()
        try:
            response = self.get_response(request)
            response["X-Request-ID"] = rid
            _set_user(request)
            access_log.info("%s %s %s %dms", request.method, request.path, response.status_code,
                            int((time.monotonic() - started) * 1000))
            return response
        finally:
            request_id_var.reset(rid_token)
            user_id_var.reset(uid_token)

    def process_view(self, request: HttpRequest, *args: Any, **kwargs: Any) -> None:
        _set_user(request)  # authentication has run by now


def _set_user(request: HttpRequest) -> None:
    user = getattr(request, "user", None)
    if user is not None and user.is_authenticated:
        user_id_var.set(str(user.pk))
