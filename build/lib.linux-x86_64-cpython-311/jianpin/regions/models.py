"""The official division tree (12-digit statistical codes) plus groups below villages."""
from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _


class Level(models.IntegerChoices):
    PROVINCE = 1, "省级"
    PREFECTURE = 2, "地级"
    COUNTY = 3, "县级"
    TOWNSHIP = 4, "乡级"
    VILLAGE = 5, "村级"
    GROUP = 6, "组/自然村"


# Significant code digits per level: 2+2+2+3+3, and 3 more for groups.
PREFIX_LENGTH = {1: 2, 2: 4, 3: 6, 4: 9, 5: 12, 6: 15}


def code_prefix(code: str, level: int) -> str:
    return code[: PREFIX_LENGTH[level]]


def next_prefix(prefix: str) -> str | None:
    """The smallest digit string of the same length above every code starting with prefix."""
    if set(prefix) == {"9"}:
        return None
    return str(int(prefix) + 1).zfill(len(prefix))


class Region(models.Model):
    code = models.CharField(_("区划代码"), max_length=15, primary_key=True)
    name = models.CharField(_("名称"), max_length=100)
    level = models.PositiveSmallIntegerField(_("级别"), choices=Level.choices)
    parent = models.ForeignKey(
        "self", null=True, blank=True, on_delete=models.PROTECT, related_name="children",
        db_constraint=False,
    )
    # Materialised significant prefix: every descendant's code starts with it.
    prefix = models.CharField(max_length=15, db_index=True)

    class Meta:
        ordering = ["code"]
        verbose_name = _("行政区划")
        verbose_name_plural = _("行政区划")

    def __str__(self) -> str:
        return self.name

    def is_ancestor_of(self, code: str) -> bool:
        return code.startswith(self.prefix) and code != self.code
