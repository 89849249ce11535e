"""Response headers for every page: a Content-Security-Policy and no caching of personal data.

Scripts run only from our own static files or from an inline block carrying this response's
nonce (`<script nonce="{{ request.csp_nonce }}">`); inline event handlers (`onclick=`) are
blocked. Styles may be inline (`style=` attributes are used throughout the templates and do not
run code). Any response to a logged-in user, every API response, every download and every
page under the registry, workflow, assistance, screening and job paths is sent with
`Cache-Control: no-store`, so neither the browser nor a proxy keeps a copy.
"""
from __future__ import annotations

import secrets
from collections.abc import Callable

from django.http import HttpRequest, HttpResponse

PRIVATE_PREFIXES = ("/api/", "/registry/", "/workflows/", "/assistance/", "/screening/",
                    "/jobs/", "/standards/", "/accounts/", "/villages/")


def csp(nonce: str) -> str:
    return "; ".join((
        "default-src 'self'",
        f"script-src 'self' 'nonce-{nonce}'",
        "style-src 'self' 'unsafe-inline'",
        "img-src 'self' data: blob:",
        "font-src 'self'",
        "connect-src 'self'",
        "object-src 'none'",
        "base-uri 'self'",
        "form-action 'self'",
        "frame-ancestors 'none'",
    ))


def is_private(request: HttpRequest, response: HttpResponse) -> bool:
    if request.path.startswith(PRIVATE_PREFIXES):
        return True
    if response.get("Content-Disposition", "").startswith("attachment"):
        return True
    user = getattr(request, "user", None)
    return bool(user is not None and user.is_authenticated)


class SecurityHeadersMiddleware:
    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        nonce = secrets.token_urlsafe(16)
        request.csp_nonce = nonce  # type: ignore[attr-defined]
        response = self.get_response(request)
        response.setdefault("Content-Security-Policy", csp(nonce))
        if is_private(request, response):
            response["Cache-Control"] = "no-store"
            response["Pragma"] = "no-cache"
        return response
