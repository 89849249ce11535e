"""Small builders for registry tests (checksum-valid IDs, a household in a given village)."""
from __future__ import annotations

import itertools
from typing import Any

from jianpin.kernel.ids import check_digit
from jianpin.regions.models import Region
from jianpin.registry.models import Household, Member

_serial = itertools.count(1)


def make_id(birth: str = "19800101", seq: int | None = None, area: str = "441424") -> str:
    seq = next(_serial) % 1000 if seq is None else seq
    first17 = f"{area}{birth}{seq:03d}"
    return first17 + check_digit(first17)


def make_household(village_code: str, head_name: str = "张三", size: int = 1,
                   **fields: Any) -> Household:
    """Insert directly (fixture data, not under test): one head, optional extra members."""
    n = next(_serial)
    hh = Household.objects.create(number=f"{village_code}{n:06d}",
                                  village=Region.objects.get(code=village_code),
                                  head_name=head_name, size=size, phone="13800138000",
                                  bank_account="6217001234567890123", **fields)
    Member.objects.create(household=hh, name=head_name, id_number=make_id(), sex="男",
                          relation="本人", phone="13800138000")
    for i in range(size - 1):
        Member.objects.create(household=hh, name=f"{head_name}家{i + 1}", id_number=make_id(),
                              sex="女", relation="配偶" if i == 0 else "女")
    return hh
