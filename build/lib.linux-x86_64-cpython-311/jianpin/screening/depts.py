"""Department datasets keyed by resident ID: read CSV/Excel, check IDs, store a new version."""
from __future__ import annotations

import hashlib
import tempfile
from dataclasses import dataclass, field
from decimal import Decimal, InvalidOperation
from pathlib import Path
from typing import Any

from django.db import transaction
from django.db.models import Max
from django.utils import timezone
from django.utils.translation import gettext

from jianpin.accounts.access import check_can
from jianpin.accounts.policy import Cap
from jianpin.audit.actions import record
from jianpin.kernel import ids
from jianpin.kernel.errors import DomainError, InvalidId
from jianpin.regions.models import Region
from jianpin.regions.scoping import prefix_q
from jianpin.registry.models import Member
from jianpin.screening.dept_grants import check_dept_kind
from jianpin.screening.models import DeptKind, DeptRecord, DeptUpload
from jianpin.uploads import workbook
from jianpin.uploads.limits import sheet_limits

MAX_PROBLEMS = 1000
ID_HEADERS = ("身份证号", "身份证号码", "公民身份号码", "证件号码", "id_number")
AMOUNT_HEADERS = ("自付金额", "个人自付", "损失金额", "金额", "amount")
VALUE_HEADERS = {
    DeptKind.EDUCATION: ("学籍状态", "在校状态", "status"),
    DeptKind.HOUSING: ("鉴定等级", "安全等级", "grade"),
    DeptKind.ASSISTANCE: ("救助类型", "保障类型", "type"),
    DeptKind.DISABILITY: ("残疾等级", "grade"),
}
NEEDS_AMOUNT = {DeptKind.MEDICAL, DeptKind.DISASTER}
NEEDS_VALUE = {DeptKind.EDUCATION, DeptKind.HOUSING, DeptKind.ASSISTANCE}


@dataclass
class Parsed:
    records: list[DeptRecord] = field(default_factory=list)
    row_numbers: list[int] = field(default_factory=list)
    problems: list[dict[str, Any]] = field(default_factory=list)
    total: int = 0
    malformed: int = 0


def read_table(name: str, content: bytes) -> list[list[str]]:
    """Rows of the first sheet of a CSV (UTF-8 or GB18030) or Excel file as text cells.

    The file goes through the shared upload checks first (size, zip and entity bombs, sheet
    extent and cell references bounded before the reader allocates anything)."""
    limits = sheet_limits("dept")
    if len(content) > limits.max_file_bytes:
        raise DomainError("file_too_large", gettext("文件超过%(mb)sMB，请分批上传")
                          % {"mb": limits.max_file_bytes // 1048576})
    suffix = Path(name).suffix.lower()[:8] or ".csv"
    with tempfile.TemporaryDirectory(prefix="dept-") as folder:
        path = Path(folder) / f"upload{suffix}"
        path.write_bytes(content)
        check = workbook.check_file(path, name, limits)
        rows: list[list[str]] = []
        for sheet in workbook.open_sheets(path, check, limits):
            for row in sheet.rows:
                if len(rows) >= limits.max_rows:    # the header row and at most max rows
                    raise DomainError("too_many_rows", gettext("数据超过%(n)s行，请分批上传")
                                      % {"n": limits.max_rows - 1})
                rows.append([_cell(c) for c in row])
            break
    return rows


def _cell(value: Any) -> str:
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return "" if value is None else str(value).strip()


def _column(header: list[str], names: tuple[str, ...]) -> int | None:
    for i, h in enumerate(header):
        if h.strip() in names:
            return i
    return None


def parse_rows(kind: str, rows: list[list[str]]) -> Parsed:
    """Check every row's ID (and amount/value where the dataset needs one)."""
    if not rows:
        raise DomainError("empty_file", gettext("文件中没有数据"))
    header = [h.strip() for h in rows[0]]
    id_col = _column(header, ID_HEADERS)
    if id_col is None:
        raise DomainError("no_id_column", gettext("未找到身份证号列（表头应为“身份证号”）"))
    amount_col = _column(header, AMOUNT_HEADERS)
    value_col = _column(header, VALUE_HEADERS.get(DeptKind(kind), ()))
    if kind in NEEDS_AMOUNT and amount_col is None:
        raise DomainError("no_amount_column", gettext("该类数据需要金额列（如“自付金额”“损失金额”）"))
    if kind in NEEDS_VALUE and value_col is None:
        names = "、".join(VALUE_HEADERS[DeptKind(kind)][:2])
        raise DomainError("no_value_column", gettext("该类数据需要“%(names)s”列") % {"names": names})
    out = Parsed()
    for number, row in enumerate(rows[1:], start=2):
        if not any(c.strip() for c in row):
            continue
        out.total += 1
        cell = row[id_col] if id_col < len(row) else ""
        try:
            id_number = ids.parse(cell, today=timezone.localdate()).number
        except InvalidId as exc:
            out.malformed += 1
            out.problems.append({"row": number, "reason": exc.message.split("：")[0]})
            continue
        amount = None
        if amount_col is not None and amount_col < len(row) and row[amount_col].strip():
            try:
                amount = Decimal(row[amount_col].replace(",", "").strip()).quantize(Decimal("0.01"))
            except InvalidOperation:
                out.malformed += 1
                out.problems.append({"row": number, "reason": "金额格式错误"})
                continue
        value = row[value_col].strip()[:32] if value_col is not None and value_col < len(row) else ""
        extra = {h: row[i] for i, h in enumerate(header)
                 if i not in {id_col, amount_col, value_col} and i < len(row) and h}
        out.records.append(DeptRecord(kind=kind, id_number=id_number, amount=amount,
                                      value=value, data=extra))
        out.row_numbers.append(number)
    return out


@transaction.atomic
def do_upload_dept_data(actor: Any, *, kind: str, file_name: str, content: bytes,
                        region_code: str | None = None) -> DeptUpload:
    """Store a new version of a department dataset; report unknown and malformed IDs."""
    code = region_code or getattr(actor, "region_id", None) or ""
    check_can(actor, Cap.UPLOAD_DEPT_DATA, code or None)
    if kind not in DeptKind.values:
        raise DomainError("dept_kind", gettext("未知的部门数据类型：%(kind)s") % {"kind": kind})
    check_dept_kind(actor, kind)
    parsed = parse_rows(kind, read_table(file_name, content))
    wanted = {r.id_number for r in parsed.records}
    # Match only people registered in the upload's own area, so an upload can neither flag
    # nor probe households elsewhere.
    region = Region.objects.filter(code=code).first()
    in_region = prefix_q("household__village_id", region.prefix if region else "")
    known: set[str] = set()
    batch = list(wanted)
    for start in range(0, len(batch), 900):
        known.update(str(n) for n in Member.objects.filter(
            in_region, id_number__in=batch[start:start + 900]).values_list("id_number", flat=True))
    unknown_rows = 0
    for number, rec in zip(parsed.row_numbers, parsed.records, strict=True):
        if rec.id_number not in known:
            unknown_rows += 1
            parsed.problems.append({"row": number, "id": ids.mask_safe(rec.id_number),
                                    "reason": "档案中无此身份证号"})
    version = (DeptUpload.objects.select_for_update().filter(kind=kind, region_code=code)
               .aggregate(v=Max("version"))["v"] or 0) + 1
    upload = DeptUpload.objects.create(
        kind=kind, version=version, region_code=code, file_name=file_name[:200],
        file_sha256=hashlib.sha256(content).hexdigest(), rows_total=parsed.total,
        rows_matched=len(parsed.records) - unknown_rows, rows_unknown=unknown_rows,
        rows_malformed=parsed.malformed, uploaded_by=actor,
        problems=sorted(parsed.problems, key=lambda p: p["row"])[:MAX_PROBLEMS])
    for rec in parsed.records:
        rec.upload = upload
    DeptRecord.objects.bulk_create(parsed.records, batch_size=2000)
    record(actor, "screening.dept.upload", upload, region_code=code,
           diff={"kind": kind, "version": version, "rows": parsed.total,
                 "matched": upload.rows_matched, "unknown": unknown_rows,
                 "malformed": parsed.malformed, "sha256": upload.file_sha256})
    return upload
