"""Rule errors carry a Chinese reason and the line/column where the problem starts."""
from __future__ import annotations


class RuleError(ValueError):
    """A refused rule: `reason` in Chinese, `line` and `column` counted from 1."""

    def __init__(self, reason: str, line: int = 0, column: int = 0) -> None:
        self.reason = reason
        self.line = line
        self.column = column
        super().__init__(self.message)

    @property
    def message(self) -> str:
        if self.line:
            return f"第{self.line}行第{self.column}列：{self.reason}"
        return self.reason
