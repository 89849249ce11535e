"""How `jianpin serve` starts gunicorn: the argument list is built here so a test can read it."""
from __future__ import annotations

import os
import sys

from django.conf import settings

# Path without query string (search terms may be names), status, size, seconds, request id.
ACCESS_FORMAT = '%(h)s "%(m)s %(U)s" %(s)s %(B)s %(L)ss req=%({x-request-id}o)s'


def default_workers() -> int:
    return min(2 * (os.cpu_count() or 1) + 1, 8)


def gunicorn_argv(addrport: str, *, workers: int, timeout: int = 120,
                  python: str = sys.executable) -> list[str]:
    bind = addrport if ":" in addrport else f"127.0.0.1:{addrport}"
    return [
        python, "-m", "gunicorn", "config.wsgi:application",
        "--bind", bind,
        "--workers", str(workers),
        "--timeout", str(timeout),        # imports and PDFs run in jobs, not in requests
        "--graceful-timeout", "30",
        "--access-logfile", "-",
        "--access-logformat", ACCESS_FORMAT,
        "--error-logfile", "-",
        "--forwarded-allow-ips", settings.FORWARDED_ALLOW_IPS,
    ]
