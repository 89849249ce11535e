"""Place accounts in a given village for the scoping matrix."""
from __future__ import annotations

from jianpin.accounts.models import Role, User


def user(village_code: str) -> dict[str, object]:
    n = User.objects.count()
    made = User.objects.create_user(username=f"matrix_{village_code}_{n}", password=None,
                                    role=Role.VILLAGE_CADRE, region_id=village_code)
    return {"pk": made.pk}


AREA_FACTORIES = {"user": user}
