"""Narrow an actor (request.user, or None on the command line) to what a model field stores."""
from __future__ import annotations

from typing import TYPE_CHECKING

from django.core.exceptions import PermissionDenied

from jianpin.accounts.models import User

if TYPE_CHECKING:
    from jianpin.regions.scoping import Actor


def acting_user(actor: Actor) -> User:
    """The user behind an actor that check_can let through (the anonymous never are)."""
    if not isinstance(actor, User):
        raise PermissionDenied("您的角色无权执行此操作")
    return actor


def saved_user(actor: Actor | None) -> User | None:
    """The actor for a nullable user foreign key: None for the anonymous and the command line."""
    return actor if isinstance(actor, User) and actor.pk is not None else None


def region_code(actor: Actor | None) -> str:
    """The actor's region code, '' when there is none (national, anonymous, command line)."""
    return (actor.region_id or "") if isinstance(actor, User) else ""
