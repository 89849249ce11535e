"""The `jianpin` console script: a thin wrapper over Django's management commands.

`jianpin demo`, `jianpin serve`, `jianpin regions load FILE`, `jianpin import FILE`,
`jianpin export --area CODE`,
`jianpin screen ...`, `jianpin library ingest ...`: each maps to a management command.
"""
from __future__ import annotations

import os
import sys

ALIASES = {"serve": "serve", "import": "import_households", "export": "export_households",
           "regions": "regions"}


def main(argv: list[str] | None = None) -> None:
    argv = list(sys.argv[1:] if argv is None else argv)
    # Files jianpin creates (database, uploads, kept imports, backups) hold personal data.
    os.umask(0o077)
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")
    from django.core.management import execute_from_command_line

    if not argv or argv[0] in {"-h", "--help", "help"}:
        print("用法: jianpin <命令> [参数]\n常用命令: demo, serve, regions load FILE, import FILE, "
              "export --area CODE, "
              "screen, indicators refresh|show, library ingest|search, worker, migrate, "
              "createsuperuser")
        if not argv:
            return
        argv = ["help"]
    argv[0] = ALIASES.get(argv[0], argv[0])
    execute_from_command_line(["jianpin", *argv])


if __name__ == "__main__":
    main()
