"""All writes of the assistance app: access-checked, atomic, audited."""
from __future__ import annotations

import datetime as dt
import hashlib
from decimal import Decimal, InvalidOperation
from typing import TYPE_CHECKING, Any

from django.core.files.uploadedfile import UploadedFile
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext

from jianpin.accounts.access import check_can
from jianpin.accounts.actors import acting_user
from jianpin.accounts.policy import Cap
from jianpin.assistance.codes import LOAN_MAX_MONTHS, LOAN_MAX_YUAN, MeasureCategory
from jianpin.assistance.models import Helper, Measure, Pairing, Plan, Visit, VisitPhoto
from jianpin.audit.actions import record, snapshot
from jianpin.kernel.errors import DomainError, StaleEdit
from jianpin.regions.models import Region
from jianpin.registry.models import Household
from jianpin.workflows.locking import check_unlocked

if TYPE_CHECKING:
    from jianpin.accounts.models import User
    from jianpin.regions.scoping import Actor

MAX_PHOTOS = 6
MAX_PHOTO_BYTES = 8 * 1024 * 1024
PHOTO_FORMATS = {"JPEG": "jpg", "PNG": "png", "WEBP": "webp"}


def _today() -> dt.date:
    return timezone.localdate()


@transaction.atomic
def do_create_helper(actor: Actor, region: Region, *, name: str, work_unit: str = "",
                     position: str = "", phone: str = "", user: User | None = None) -> Helper:
    check_can(actor, Cap.WRITE_ASSISTANCE, region.code)
    if not name.strip():
        raise DomainError("empty", "请填写帮扶责任人姓名")
    if user is not None and Helper.objects.filter(user=user).exists():
        raise DomainError("user_taken", "该账号已关联其他帮扶责任人")
    helper = Helper.objects.create(region=region, name=name.strip(), work_unit=work_unit,
                                   position=position, phone=phone, user=user)
    record(actor, "assistance.helper.create", helper, region_code=region.code,
           diff=snapshot(helper, ["name", "work_unit", "position", "region_id", "user_id"]))
    return helper


@transaction.atomic
def do_pair(actor: Actor, helper: Helper, household: Household,
            since: dt.date | None = None) -> Pairing:
    """Pair a helper with a household (结对); one active pairing per helper and household."""
    check_can(actor, Cap.WRITE_ASSISTANCE, household.village_id)
    check_can(actor, Cap.WRITE_ASSISTANCE, helper.region_id)
    user = acting_user(actor)
    if not helper.active:
        raise DomainError("helper_inactive", gettext("%(name)s已不在岗") % {"name": helper.name})
    try:
        with transaction.atomic():
            pairing = Pairing.objects.create(helper=helper, household=household,
                                             since=since or _today(), created_by=user)
    except IntegrityError:
        raise DomainError("already_paired", gettext("%(name)s已与该户结对") % {"name": helper.name}) from None
    record(actor, "assistance.pairing.create", pairing, region_code=household.village_id,
           diff={"helper_id": helper.pk, "household_id": household.pk,
                 "since": pairing.since.isoformat()})
    return pairing


@transaction.atomic
def do_end_pairing(actor: Actor, pairing: Pairing, until: dt.date | None = None) -> Pairing:
    check_can(actor, Cap.WRITE_ASSISTANCE, pairing.household.village_id)
    if pairing.until is not None:
        raise DomainError("already_ended", "该结对已解除")
    pairing.until = until or _today()
    if pairing.until < pairing.since:
        raise DomainError("bad_date", "解除日期不能早于结对日期")
    pairing.save(update_fields=["until"])
    record(actor, "assistance.pairing.end", pairing, region_code=pairing.household.village_id,
           diff={"until": [None, pairing.until.isoformat()]})
    return pairing


@transaction.atomic
def do_save_plan(actor: Actor, household: Household, *, goals: str,
                 version: int | None = None) -> Plan:
    """Create the household's plan or change its goals (version-checked)."""
    check_can(actor, Cap.WRITE_ASSISTANCE, household.village_id)
    user = acting_user(actor)
    plan = Plan.objects.filter(household=household).first()
    if plan is None:
        plan = Plan.objects.create(household=household, goals=goals.strip(), updated_by=user)
        record(actor, "assistance.plan.create", plan, region_code=household.village_id,
               diff={"goals": plan.goals})
        return plan
    expected = plan.version if version is None else version
    if not Plan.objects.filter(pk=plan.pk, version=expected).update(
            goals=goals.strip(), version=expected + 1, updated_by=user,
            updated_at=timezone.now()):
        raise StaleEdit()
    before = plan.goals
    plan.refresh_from_db()
    record(actor, "assistance.plan.update", plan, region_code=household.village_id,
           diff={"goals": [before, plan.goals]})
    return plan


def _amount(raw: Any) -> Decimal | None:
    if raw in (None, ""):
        return None
    try:
        value = Decimal(str(raw).replace(",", "")).quantize(Decimal("0.01"))
    except InvalidOperation:
        raise DomainError("bad_amount", "金额格式不正确") from None
    if value < 0:
        raise DomainError("bad_amount", "金额不能为负数")
    return value


@transaction.atomic
def do_add_measure(actor: Actor, household: Household, *, category: str, description: str,
                   on: dt.date, amount: Any = None, provider: str = "", policy: str = "",
                   months: int | None = None) -> Measure:
    """Add a measure to the household's plan (the plan is created on first use)."""
    check_can(actor, Cap.WRITE_ASSISTANCE, household.village_id)
    user = acting_user(actor)
    if category not in MeasureCategory.values:
        raise DomainError("bad_category", "请选择措施类别")
    if not description.strip():
        raise DomainError("empty", "请填写措施内容")
    check_unlocked(household.village_id, on)
    value = _amount(amount)
    if category == MeasureCategory.FINANCE and (
            (value or 0) > LOAN_MAX_YUAN or (months or 0) > LOAN_MAX_MONTHS):
        raise DomainError("loan_limit", "小额信贷额度不超过5万元、期限不超过3年")
    plan, _ = Plan.objects.get_or_create(household=household, defaults={"updated_by": user})
    measure = Measure.objects.create(plan=plan, category=category, description=description.strip(),
                                     amount=value, on=on, provider=provider, policy=policy,
                                     months=months, created_by=user)
    record(actor, "assistance.measure.create", measure, region_code=household.village_id,
           diff=snapshot(measure, ["category", "description", "amount", "on", "provider",
                                   "policy", "months"]))
    return measure


def _check_photo(upload: UploadedFile[bytes]) -> str:
    """Accept only real JPEG/PNG/WebP images of bounded size; return the sha256.

    The stored file is renamed after its digest and verified format, so it is always served
    as an image whatever name it was uploaded under.
    """
    from PIL import Image, UnidentifiedImageError

    if (upload.size or 0) > MAX_PHOTO_BYTES:
        raise DomainError("photo_too_large", "照片不能超过 8 MB")
    try:
        with Image.open(upload) as image:
            fmt = image.format
            image.verify()
    except (UnidentifiedImageError, OSError, SyntaxError, ValueError):
        raise DomainError("bad_photo", gettext("%(name)s 不是有效的图片") % {"name": upload.name}) from None
    if fmt not in PHOTO_FORMATS:
        raise DomainError("bad_photo", "照片须为 JPEG、PNG 或 WebP 格式")
    upload.seek(0)
    digest = hashlib.sha256()
    for chunk in upload.chunks():
        digest.update(chunk)
    upload.seek(0)
    return f"{digest.hexdigest()}.{PHOTO_FORMATS[fmt]}"


@transaction.atomic
def do_record_visit(actor: Actor, household: Household, helper: Helper, *, visited_on: dt.date,
                    findings: str, follow_ups: str = "",
                    photos: list[UploadedFile[bytes]] | None = None) -> Visit:
    """Log a helper's visit with optional photos; the helper must be paired with the household."""
    check_can(actor, Cap.WRITE_ASSISTANCE, household.village_id)
    user = acting_user(actor)
    if not Pairing.objects.filter(helper=helper, household=household,
                                  until__isnull=True).exists():
        raise DomainError("not_paired", gettext("%(name)s未与该户结对") % {"name": helper.name})
    if visited_on > _today():
        raise DomainError("future_date", "走访日期不能晚于今天")
    if not findings.strip():
        raise DomainError("empty", "请填写走访情况")
    check_unlocked(household.village_id, visited_on)
    photos = list(photos or [])
    if len(photos) > MAX_PHOTOS:
        raise DomainError("too_many_photos", gettext("每次走访最多上传%(n)s张照片") % {"n": MAX_PHOTOS})
    names = [(p.name or "照片")[-200:] for p in photos]
    digests = [_check_photo(p) for p in photos]
    visit = Visit.objects.create(household=household, helper=helper, visited_on=visited_on,
                                 findings=findings.strip(), follow_ups=follow_ups.strip(),
                                 created_by=user)
    for upload, name, stored in zip(photos, names, digests, strict=True):
        upload.name = stored
        VisitPhoto.objects.create(visit=visit, file=upload, name=name, size=upload.size or 0,
                                  sha256=stored.split(".")[0])
    record(actor, "assistance.visit.create", visit, region_code=household.village_id,
           diff={"helper_id": helper.pk, "visited_on": visited_on.isoformat(),
                 "photos": len(photos)})
    return visit
