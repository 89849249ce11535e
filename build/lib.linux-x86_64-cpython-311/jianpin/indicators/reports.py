"""Reports on demand: a request (audited, area-scoped) queues a job that builds the report
from the snapshot and keeps the file under DATA_DIR/reports for download."""
from __future__ import annotations

import os
from pathlib import Path
from typing import TYPE_CHECKING, Any

from django.conf import settings
from django.db import transaction
from django.utils.translation import gettext, gettext_noop

from jianpin.accounts.access import check_can
from jianpin.accounts.actors import acting_user
from jianpin.accounts.policy import Cap
from jianpin.audit.actions import record
from jianpin.indicators.actions import do_refresh
from jianpin.indicators.models import Report, ReportFormat
from jianpin.indicators.report_content import KINDS, build
from jianpin.indicators.report_render import to_pdf, to_xlsx
from jianpin.jobs.models import Job
from jianpin.jobs.runner import Reporter, enqueue, job_kind
from jianpin.kernel.errors import DomainError
from jianpin.regions.models import Region

if TYPE_CHECKING:
    from jianpin.regions.scoping import Actor

JOB_KIND = "indicators.report"
# Region levels each report is made for (3 county, 4 township, 5 village).
LEVELS = {"monitoring_monthly": (3, 4), "incidence_by_village": (1, 2, 3, 4),
          "assistance_coverage": (1, 2, 3, 4), "county_annual": (3,),
          "fund_execution": (1, 2, 3, 4)}
LEVEL_NAMES = {"monitoring_monthly": gettext_noop("县或乡镇"),
               "incidence_by_village": gettext_noop("乡镇及以上区域"),
               "assistance_coverage": gettext_noop("乡镇及以上区域"),
               "county_annual": gettext_noop("县级区域"),
               "fund_execution": gettext_noop("乡镇及以上区域")}


def folder() -> Path:
    path = Path(settings.DATA_DIR) / "reports"
    path.mkdir(mode=0o700, parents=True, exist_ok=True)
    return path


@transaction.atomic
def do_request_report(actor: Actor, *, kind: str, region_code: str, year: int,
                      month: int | None, fmt: str) -> Report:
    check_can(actor, Cap.READ_REGISTRY, region_code)
    if kind not in KINDS:
        raise DomainError("report_kind", gettext("未知的报表：%(kind)s") % {"kind": kind})
    if fmt not in ReportFormat.values:
        raise DomainError("report_format", gettext("未知的格式：%(format)s") % {"format": fmt})
    region = Region.objects.filter(code=region_code).first()
    if region is None or region.level not in LEVELS[kind]:
        raise DomainError("report_level", gettext("%(report)s按%(level)s生成")
                          % {"report": gettext(KINDS[kind]), "level": gettext(LEVEL_NAMES[kind])})
    if not 2000 <= int(year) <= 2100 or (month is not None and not 1 <= month <= 12):
        raise DomainError("report_period", "年度或月份不正确")
    report = Report.objects.create(kind=kind, region=region, year=year, month=month,
                                   format=fmt, created_by=acting_user(actor))
    report.job = enqueue(JOB_KIND, {"report": report.pk}, actor)
    report.save(update_fields=["job"])
    record(actor, "indicators.report.request", report, region_code=region_code,
           diff={"kind": kind, "year": int(year), "month": month, "format": fmt})
    return report


def path_of(report: Report) -> Path | None:
    if not report.file_name:
        return None
    path = folder() / report.file_name
    return path if path.is_file() else None


@job_kind(JOB_KIND)
def run_report(job: Job, reporter: Reporter) -> dict[str, Any]:
    """Build the job's report, or its reports (a schedule's: one per format, after refreshing
    the area's snapshot of the year when `refresh` is set)."""
    pks: list[int] = job.args.get("reports") or [job.args["report"]]
    refresh = job.args.get("refresh")
    reporter.total(len(pks) + (1 if refresh else 0))
    if refresh:
        do_refresh(None, int(refresh["year"]), refresh["area"])
        reporter.advance(1, force=True)
    sizes = [_write(pk) for pk in pks]
    reporter.advance(len(pks), force=True)
    return {"report": pks[0], "bytes": sizes[0]} if len(pks) == 1 else \
        {"reports": pks, "bytes": sizes}


def _write(pk: int) -> int:
    report = Report.objects.select_related("region").get(pk=pk)
    doc = build(report.kind, report.region, report.year, report.month)
    data = to_pdf(doc) if report.format == ReportFormat.PDF else to_xlsx(doc)
    name = f"report-{report.pk}.{report.format}"
    target = folder() / name
    fd = os.open(target, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
    with os.fdopen(fd, "wb") as out:
        out.write(data)
    Report.objects.filter(pk=report.pk).update(file_name=name, size=len(data),
                                               title=doc.title[:200])
    return len(data)
