"""Session lifetime: idle timeout checked on every request, an absolute maximum age.

Polling requests (progress bars refreshed by htmx) are checked like any other but do not count
as activity, so a page left open with a running progress bar still times out.
"""
from __future__ import annotations

import time
from collections.abc import Callable
from typing import Any

from django.conf import settings
from django.contrib.auth import logout
from django.contrib.auth.signals import user_logged_in
from django.dispatch import receiver
from django.http import HttpRequest, HttpResponse

# URL names that only poll for progress; the htmx-only ones count as polling only under htmx.
POLLING_URL_NAMES = frozenset({"jobs:progress", "registry:import_progress"})
HTMX_POLLING_URL_NAMES = frozenset({"screening:run_detail"})


@receiver(user_logged_in)
def stamp_login(sender: Any, request: HttpRequest | None, user: Any, **kwargs: Any) -> None:
    """A fresh session starts its idle and absolute clocks at login."""
    if request is not None and hasattr(request, "session"):
        now = int(time.time())
        request.session["login_at"] = now
        request.session["last_seen"] = now


def session_expired(session: Any, now: int) -> bool:
    """Idle too long or older than the maximum age; a session without stamps is expired."""
    last, started = session.get("last_seen"), session.get("login_at")
    if not isinstance(last, int) or not isinstance(started, int):
        return True
    return now - last > settings.IDLE_TIMEOUT_SECONDS or now - started > settings.SESSION_COOKIE_AGE


def is_polling(request: HttpRequest) -> bool:
    match = request.resolver_match
    name = match.view_name if match else ""
    if name in POLLING_URL_NAMES:
        return True
    return name in HTMX_POLLING_URL_NAMES and request.headers.get("HX-Request") == "true"


class IdleTimeoutMiddleware:
    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        if request.user.is_authenticated and session_expired(request.session, int(time.time())):
            logout(request)
        return self.get_response(request)

    def process_view(self, request: HttpRequest, view_func: Any, args: Any, kwargs: Any) -> None:
        if request.user.is_authenticated and not is_polling(request):
            now = int(time.time())
            if request.session.get("last_seen") != now:
                request.session["last_seen"] = now
