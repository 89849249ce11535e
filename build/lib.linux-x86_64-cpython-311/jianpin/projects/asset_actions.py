"""Writes of the asset ledger (扶贫项目资产): register (确权登记), income and its distribution
(收益分配), disposal with approval (处置). Access-checked, atomic, audited."""
from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from decimal import ROUND_HALF_UP, Decimal
from typing import Any

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from jianpin.accounts.access import check_can
from jianpin.accounts.policy import Cap
from jianpin.audit.actions import record, snapshot
from jianpin.kernel.errors import DomainError, StaleEdit
from jianpin.projects.benefit_actions import record_shares
from jianpin.projects.codes import AssetKind, AssetStatus, DisposalKind, Ownership
from jianpin.projects.models import Asset, AssetIncome, IncomeShare, Project, Status
from jianpin.regions.models import Region
from jianpin.regions.scoping import prefix_q
from jianpin.registry.models import Household

FIELDS = ["name", "kind", "scale", "value", "formed_on", "ownership", "owner_name", "custodian",
          "upkeep", "operator", "operation_mode"]
FORMED = frozenset({Status.ACCEPTED, Status.COMPLETED, Status.HANDED_OVER, Status.EVALUATED})
CENT = Decimal("0.01")


def _money(value: Any, *, positive: bool = True) -> Decimal:
    amount = Decimal(value).quantize(CENT, rounding=ROUND_HALF_UP)
    if amount < 0 or (positive and amount == 0):
        raise DomainError("bad_amount", _("金额须大于零"))
    return amount


def _household_in(region: Region, pk: int | None) -> Household:
    found = Household.objects.filter(prefix_q("village_id", region.prefix), pk=pk or 0).first()
    if found is None:  # one answer for absent and elsewhere
        raise DomainError("bad_household", _("部分户编号不存在或不在项目建设地点范围内"))
    return found


def _check_owner(region: Region, data: Mapping[str, Any]) -> Household | None:
    if data.get("kind") not in AssetKind.values or data.get("ownership") not in Ownership.values:
        raise DomainError("bad_code", _("资产类别或确权类型不在代码表内"))
    if not str(data.get("custodian", "")).strip():
        raise DomainError("no_custodian", _("请填写管护主体"))
    if data["ownership"] == Ownership.HOUSEHOLD:
        return _household_in(region, data.get("owner_household"))
    if not str(data.get("owner_name", "")).strip():
        raise DomainError("no_owner", _("请填写产权所有人"))
    return None


@transaction.atomic
def do_register_asset(actor: Any, region: Region, data: Mapping[str, Any], *,
                      project: Project | None = None) -> Asset:
    """Enter an asset in the ledger, with its ownership (确权) and custodian (管护主体)."""
    check_can(actor, Cap.DECIDE_PROJECT, region.code)
    if project is not None:
        check_can(actor, Cap.DECIDE_PROJECT, project.region_id)
        if project.status not in FORMED:
            raise DomainError("not_formed", _("项目验收后方可登记其形成的资产"))
    owner = _check_owner(region, data)
    values = {k: data[k] for k in FIELDS if k in data}
    values["value"] = _money(values.get("value", 0), positive=False)
    asset = Asset.objects.create(region=region, project=project, owner_household=owner,
                                 created_by=actor, **values)
    record(actor, "projects.asset.register", asset, region_code=region.code,
           diff=snapshot(asset, FIELDS + ["region_id", "project_id", "owner_household_id"]))
    return asset


@transaction.atomic
def do_record_income(actor: Any, asset: Asset, *, year: int, received_on: dt.date,
                     amount: Decimal, shares: Mapping[int, Decimal], note: str = "") -> AssetIncome:
    """Record an income and how much of it went to each beneficiary household."""
    check_can(actor, Cap.PROPOSE_PROJECT, asset.region_id)
    if asset.status == AssetStatus.DISPOSED:
        raise DomainError("disposed", _("已处置的资产不能登记收益"))
    if received_on > timezone.localdate():
        raise DomainError("future_date", _("日期不能晚于今天"))
    amount = _money(amount)
    parts = {pk: _money(v) for pk, v in shares.items()}
    if sum(parts.values(), Decimal(0)) > amount:
        raise DomainError("over_income", _("分配给农户的金额合计超过收益金额"))
    region = Region.objects.get(code=asset.region_id)
    households = [_household_in(region, pk) for pk in parts]
    income = AssetIncome.objects.create(asset=asset, year=year, received_on=received_on,
                                        amount=amount, note=note.strip()[:200], created_by=actor)
    made = [IncomeShare.objects.create(income=income, household=h, amount=parts[h.pk])
            for h in households]
    project = None if asset.project_id is None else Project.objects.get(pk=asset.project_id)
    record_shares(actor, project, year, made)
    record(actor, "projects.asset.income", asset, region_code=asset.region_id,
           diff={"year": year, "amount": str(amount), "received_on": received_on.isoformat(),
                 "shares": len(parts), "distributed": str(sum(parts.values(), Decimal(0)))})
    return income


@transaction.atomic
def do_dispose(actor: Any, asset: Asset, *, version: int, kind: str, reason: str,
               approval: str, approver: str, disposed_on: dt.date,
               proceeds: Decimal | None = None) -> Asset:
    """Dispose of an asset with its approval (批准文号 and approving body are required)."""
    check_can(actor, Cap.DECIDE_PROJECT, asset.region_id)
    if kind not in DisposalKind.values:
        raise DomainError("bad_code", _("处置方式不在代码表内"))
    if not (approval.strip() and approver.strip() and reason.strip()):
        raise DomainError("no_approval", _("资产处置须填写处置原因、批准单位和批准文号"))
    if disposed_on > timezone.localdate():
        raise DomainError("future_date", _("日期不能晚于今天"))
    changes = {"status": AssetStatus.DISPOSED, "disposal_kind": kind,
               "disposal_reason": reason.strip()[:300], "disposal_approval": approval.strip()[:100],
               "disposal_approver": approver.strip()[:100], "disposed_on": disposed_on,
               "disposal_value": None if proceeds is None else _money(proceeds, positive=False)}
    moved = Asset.objects.filter(pk=asset.pk, version=version) \
        .exclude(status=AssetStatus.DISPOSED).update(**changes, version=version + 1)
    if not moved:
        raise StaleEdit()
    asset.refresh_from_db()
    record(actor, "projects.asset.dispose", asset, region_code=asset.region_id,
           diff=snapshot(asset, list(changes)))
    return asset
