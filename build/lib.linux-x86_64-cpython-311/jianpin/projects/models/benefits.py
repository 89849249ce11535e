"""Income a project pays to a beneficiary household (务工工资, 分红, 资产收益分配)."""
from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from jianpin.projects.models.assets import MONEY, IncomeShare
from jianpin.projects.models.library import Project

USER = settings.AUTH_USER_MODEL


class IncomeKind(models.TextChoices):
    WAGE = "wage", _("务工工资")          # counted as 工资性收入
    DIVIDEND = "dividend", _("分红")      # counted as 财产性收入
    ASSET_SHARE = "asset_share", _("资产收益分配")  # counted as 财产性收入

    @property
    def component(self) -> str:
        """The registry income component (registry.income.INCOME_FIELDS) it belongs to."""
        return "wage_income" if self is IncomeKind.WAGE else "property_income"


class ProjectIncome(models.Model):
    """One payment from a project to a household for one year.

    `applied` says whether it was added to the household's income record of that year through
    the registry's write layer (it is only when that record exists, see benefit_actions).
    """

    # Null for the income of an asset that no project formed (its share says which asset).
    project = models.ForeignKey(Project, null=True, blank=True, on_delete=models.PROTECT,
                                related_name="incomes")
    household = models.ForeignKey("registry.Household", on_delete=models.PROTECT,
                                  related_name="+")
    year = models.PositiveSmallIntegerField(_("收入年度"))
    kind = models.CharField(_("收入类型"), max_length=12, choices=IncomeKind.choices)
    amount = models.DecimalField(_("金额（元）"), **MONEY)
    share = models.OneToOneField(IncomeShare, null=True, blank=True, on_delete=models.CASCADE,
                                 related_name="project_income")
    applied = models.BooleanField(_("已计入年度收入"), default=False)
    created_by = models.ForeignKey(USER, on_delete=models.PROTECT, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["year", "id"]
        verbose_name = _("项目带动收入")
        verbose_name_plural = _("项目带动收入")
        indexes = [models.Index(fields=["household", "year"])]
        constraints = [models.CheckConstraint(condition=models.Q(amount__gt=0),
                                              name="project_income_positive")]
