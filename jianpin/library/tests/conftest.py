from __future__ import annotations

import pytest

from jianpin.accounts.models import Role, User
from jianpin.conftest import make_user


@pytest.fixture(autouse=True)
def media_root(settings, tmp_path):  # type: ignore[no-untyped-def]
    settings.MEDIA_ROOT = tmp_path / "media"
    return settings.MEDIA_ROOT


@pytest.fixture
def editor(db) -> User:  # type: ignore[no-untyped-def]
    return make_user("editor", Role.LIBRARY_EDITOR, None)
