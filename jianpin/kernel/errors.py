"""Domain errors carrying a stable machine code and a Chinese message."""
from __future__ import annotations


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
