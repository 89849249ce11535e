from __future__ import annotations

from typing import Any

from django.apps import AppConfig

# The hooks below import inside their bodies: this module is loaded while Django builds
# its app registry, before any models may be imported.


class LibraryConfig(AppConfig):
    name = "jianpin.library"
    verbose_name = "政策文献库"

    def ready(self) -> None:
        from jianpin.library import (
            jobs,  # noqa: F401  (registers the job kind)
            synonym_store,
        )

        synonym_store.install()

    def demo_setup(self, out: Any) -> None:
        """Ingest the policy texts kept with the project (the seeds and labelled samples)."""
        from pathlib import Path

        from jianpin.accounts.models import Role, User
        from jianpin.library.actions import do_ingest
        from jianpin.library.models import Document

        if Document.objects.exists():
            return
        editor = User.objects.filter(role=Role.LIBRARY_EDITOR).first()
        folder = Path(__file__).resolve().parent / "tests" / "data"
        files = sorted([*folder.glob("seeds/*"), *folder.glob("samples/*")])
        for path in files:
            do_ingest(editor, path.name, path.read_bytes())
        out.write(f"政策文献库：已收录 {len(files)} 篇示例文献")
