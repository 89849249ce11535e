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
        """The seed texts, then demo books, reports and a chart built from them (library.demo)."""
        from jianpin.library import demo

        demo.setup(out)
