"""Domain errors carrying a stable machine code and a Chinese message."""
from __future__ import annotations

from collections.abc import Mapping
from types import TracebackType
from typing import Protocol


class DomainError(Exception):
    """A refused operation: `code` is stable for scripts, `message` is shown to users."""

    def __init__(self, code: str, message: str) -> None:
        super().__init__(message)
        self.code = code
        self.message = message


class InvalidId(DomainError):
    pass


class PermissionDenied(DomainError):
    def __init__(self, message: str = "无权执行此操作") -> None:
        super().__init__("forbidden", message)


class StaleEdit(DomainError):
    def __init__(self, message: str = "该记录已被他人修改，请刷新页面后重新编辑") -> None:
        super().__init__("stale", message)


class SupportsAddError(Protocol):
    def add_error(self, field: str | None, error: str) -> None: ...


class FormErrors:
    """Turn a DomainError raised inside the block into an error on the form (POST views).

        with FormErrors(form, {"bad_rule": "condition"}) as failed:
            actions.do_save_rule(...)
        if not failed:
            return redirect(...)

    `fields` maps an error code to the form field it belongs to; other codes go on the form.
    """

    def __init__(self, form: SupportsAddError, fields: Mapping[str, str] | None = None) -> None:
        self.form = form
        self.fields = dict(fields or {})
        self.error: DomainError | None = None

    def __enter__(self) -> FormErrors:
        return self

    def __exit__(self, kind: type[BaseException] | None, exc: BaseException | None,
                 tb: TracebackType | None) -> bool:
        if not isinstance(exc, DomainError):
            return False
        self.error = exc
        self.form.add_error(self.fields.get(exc.code), exc.message)
        return True

    def __bool__(self) -> bool:
        return self.error is not None
