"""The small `[[field, op, value], …]` filter lists of fund and village indicators."""
from __future__ import annotations

import json
from typing import Any

from jianpin.rules.errors import RuleError


def items(text: str, what: str) -> list[list[Any]]:
    """The filter's items as lists; RuleError in Chinese when the text is not such a list."""
    if not text.strip():
        return []
    message = f"{what}的筛选条件应为 [[字段, 运算, 值], …]"
    try:
        raw = json.loads(text)
    except ValueError:
        raise RuleError(message) from None
    if not isinstance(raw, list):
        raise RuleError(message)
    for item in raw:
        if not isinstance(item, list):
            raise RuleError(f"无法理解的条件：{item}")
    return raw
