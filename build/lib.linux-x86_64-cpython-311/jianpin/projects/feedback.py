"""How the project pages answer a refused action."""
from __future__ import annotations

from django.contrib import messages
from django.http import HttpRequest

from jianpin.kernel.errors import DomainError


def refuse_or_show(request: HttpRequest, exc: DomainError) -> None:
    """A refusal for want of rights stays an error (403); any other is shown as a message."""
    if exc.code == "forbidden":
        raise exc
    messages.error(request, exc.message)
