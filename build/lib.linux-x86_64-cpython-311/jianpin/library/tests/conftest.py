from __future__ import annotations

import pytest

from jianpin.accounts.models import Role, User
from jianpin.conftest import make_user


@pytest.fixture
def editor(db) -> User:  # type: ignore[no-untyped-def]
    return make_user("editor", Role.LIBRARY_EDITOR, None)
