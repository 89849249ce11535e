from __future__ import annotations

import pytest

from jianpin.kernel.errors import DomainError, FormErrors, PermissionDenied


class Form:
    def __init__(self) -> None:
        self.errors: list[tuple[str | None, str]] = []

    def add_error(self, field: str | None, error: str) -> None:
        self.errors.append((field, error))


def test_a_domain_error_becomes_a_form_error_on_its_field() -> None:
    form = Form()
    with FormErrors(form, {"bad_rule": "condition"}) as failed:
        raise DomainError("bad_rule", "条件无法解析")
    assert bool(failed) is True
    assert form.errors == [("condition", "条件无法解析")]


def test_other_codes_go_on_the_whole_form() -> None:
    form = Form()
    with FormErrors(form, {"bad_rule": "condition"}) as failed:
        raise PermissionDenied("该记录不在您的管辖区域内")
    assert failed.error is not None and failed.error.code == "forbidden"
    assert form.errors == [(None, "该记录不在您的管辖区域内")]


def test_success_adds_nothing_and_other_exceptions_pass_through() -> None:
    form = Form()
    with FormErrors(form) as failed:
        pass
    assert bool(failed) is False
    with pytest.raises(ValueError), FormErrors(form):
        raise ValueError("not a domain error")
    assert form.errors == []
