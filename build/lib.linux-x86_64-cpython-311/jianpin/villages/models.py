"""Village records per year: type, collective economy, infrastructure and services, the
resident work team and paired units (the village figures of the texts)."""
from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


class IncomeSource(models.TextChoices):
    """Income items of a village collective economic organisation's accounts."""

    BUSINESS = "business", _("经营收入")
    CONTRACTING = "contracting", _("发包及上交收入")
    INVESTMENT = "investment", _("投资收益")
    SUBSIDY = "subsidy", _("补助收入")
    ASSET = "asset", _("扶贫资产收益")
    OTHER = "other", _("其他收入")


class PairingKind(models.TextChoices):
    DESIGNATED = "designated", _("定点帮扶")
    EAST_WEST = "east_west", _("东西部协作")
    ENTERPRISE = "enterprise", _("企业帮村")
    OTHER = "other", _("其他结对帮扶")


class VillageYear(models.Model):
    village = models.ForeignKey("regions.Region", on_delete=models.PROTECT, related_name="+",
                                db_constraint=False, verbose_name=_("行政村"))
    year = models.PositiveSmallIntegerField(_("年度"))
    # Type (a village can be several at once).
    exited_poor_village = models.BooleanField(_("脱贫村"), default=False)
    relocation_site = models.BooleanField(_("易地搬迁安置点"), default=False)
    key_assisted = models.BooleanField(_("乡村振兴重点帮扶村"), default=False)
    # 相对贫困村: computed from the standards when saved (None: criteria not in force).
    relative_poor = models.BooleanField(_("相对贫困村"), null=True, blank=True)
    per_capita_disposable = models.DecimalField(_("村人均可支配收入（元）"), max_digits=12,
                                                decimal_places=2, null=True, blank=True)
    registered_population = models.PositiveIntegerField(_("户籍人口"), null=True, blank=True)
    poor_population = models.PositiveIntegerField(_("贫困人口"), null=True, blank=True)
    collective_income = models.DecimalField(_("村集体经济收入（元）"), max_digits=14,
                                            decimal_places=2, null=True, blank=True)
    # Infrastructure and services.
    road_hardened = models.BooleanField(_("30户以上自然村通硬化路"), default=False)
    safe_water = models.BooleanField(_("饮水安全"), default=False)
    power = models.BooleanField(_("通动力电"), default=False)
    broadband = models.BooleanField(_("通宽带"), default=False)
    clinic_with_doctor = models.BooleanField(_("卫生室有合格村医"), default=False)
    school = models.BooleanField(_("有学校或教学点"), default=False)
    # Resident work team.
    work_team_size = models.PositiveSmallIntegerField(_("驻村工作队人数"), default=0)
    first_secretary = models.CharField(_("第一书记"), max_length=50, blank=True)
    first_secretary_unit = models.CharField(_("第一书记派出单位"), max_length=100, blank=True)
    note = models.CharField(_("备注"), max_length=200, blank=True)
    updated_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True,
                                   on_delete=models.SET_NULL, related_name="+")
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["village_id", "-year"]
        verbose_name = _("村级年度档案")
        verbose_name_plural = _("村级年度档案")
        constraints = [models.UniqueConstraint(fields=["village", "year"],
                                               name="one_village_record_per_year")]
        indexes = [models.Index(fields=["year", "village"])]

    def __str__(self) -> str:
        return f"{self.village_id} {self.year}"


class CollectiveIncome(models.Model):
    record = models.ForeignKey(VillageYear, on_delete=models.CASCADE, related_name="sources")
    source = models.CharField(_("收入来源"), max_length=16, choices=IncomeSource.choices)
    amount = models.DecimalField(_("金额（元）"), max_digits=14, decimal_places=2)

    class Meta:
        ordering = ["record_id", "source"]
        constraints = [models.UniqueConstraint(fields=["record", "source"],
                                               name="one_income_source_per_record")]


class PairedUnit(models.Model):
    record = models.ForeignKey(VillageYear, on_delete=models.CASCADE, related_name="units")
    kind = models.CharField(_("帮扶类型"), max_length=16, choices=PairingKind.choices)
    name = models.CharField(_("帮扶单位"), max_length=100)

    class Meta:
        ordering = ["record_id", "kind", "name"]
