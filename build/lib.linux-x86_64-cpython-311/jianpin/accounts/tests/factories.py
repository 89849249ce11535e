"""Place accounts in a given village for the scoping matrix."""
from __future__ import annotations

from jianpin.accounts.models import Role, User


def user(village_code: str) -> dict[str, object]:
    n = User.objects.count()
    made = User.objects.create_user(username=f"matrix_{village_code}_{n}", password=None,
                                    role=Role.VILLAGE_CADRE, region_id=village_code)
    return {"pk": made.pk}


AREA_FACTORIES = {"user": user}


RFC_KEY = b"12345678901234567890"  # the RFC 6238 test key


def enrol(account: User, key: bytes = RFC_KEY) -> list[str]:
    """Give the account a confirmed authenticator with `key`; returns its recovery codes."""
    from jianpin.accounts import sealing, second_factor
    from jianpin.accounts.models import TotpDevice

    TotpDevice.objects.create(user=account, name="身份验证器", confirmed=True,
                              sealed_key=sealing.seal(key))
    return second_factor.issue_recovery_codes(account)
