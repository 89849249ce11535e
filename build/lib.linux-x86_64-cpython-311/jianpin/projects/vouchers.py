"""Payment vouchers (凭证): PDF, OFD or a photo, checked by content, within the document limits."""
from __future__ import annotations

from typing import Any

from django.utils.translation import gettext as _

from jianpin.kernel.errors import DomainError
from jianpin.uploads.limits import document_limits

# What the content must start with, by the extension it is stored under.
MAGIC = {"pdf": (b"%PDF-",), "jpg": (b"\xff\xd8\xff",), "jpeg": (b"\xff\xd8\xff",),
         "png": (b"\x89PNG\r\n\x1a\n",), "ofd": (b"PK\x03\x04",)}


def check_voucher(upload: Any) -> str:
    """Return the extension to store `upload` under, or refuse it."""
    limit = document_limits().max_file_bytes
    if not upload.size or upload.size > limit:
        raise DomainError("voucher_size", _("凭证文件为空或超过大小上限（%(mb)s MB）")
                          % {"mb": limit // (1024 * 1024)})
    name = upload.name or ""
    ext = name.rsplit(".", 1)[-1].lower() if "." in name else ""
    upload.seek(0)
    head = upload.read(16)
    upload.seek(0)
    if ext not in MAGIC or not head.startswith(MAGIC[ext]):
        raise DomainError("voucher_type", _("凭证须为 PDF、OFD、JPEG 或 PNG 文件，且内容与扩展名一致"))
    return "jpg" if ext == "jpeg" else ext
