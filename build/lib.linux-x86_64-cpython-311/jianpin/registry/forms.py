"""Registry forms with Chinese validation messages."""
from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from typing import Any, cast

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from jianpin.kernel import ids
from jianpin.kernel.errors import InvalidId
from jianpin.kernel.masking import MASKERS, is_masked_form
from jianpin.registry import codes, income
from jianpin.registry.actions import HOUSEHOLD_EDITABLE, MEMBER_EDITABLE
from jianpin.registry.fields import LIVING, PLANNED_WORK, WORK_PERIOD
from jianpin.registry.models import Household, IncomeRecord, Member, WorkPeriod

DATE = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")


class IdField(forms.CharField):
    def clean(self, value: Any) -> str | None:
        value = super().clean(value)
        if not value:
            return None
        try:
            return ids.parse(value, today=timezone.localdate()).number
        except InvalidId as exc:
            raise forms.ValidationError(_(exc.message), code=exc.code) from None


class MaskedEdit:
    """Edit forms show sensitive fields masked unless opened in the (audited) reveal mode.

    In masked mode the input starts empty with the masked value as a hint; left blank or
    holding the masked value, the stored value is kept, so saving never needs the full one.
    """

    masked: tuple[str, ...] = ()

    def _mask_fields(self, reveal: bool) -> None:
        form: Any = self
        if reveal or form.instance.pk is None:
            return
        for name in self.masked:
            stored = getattr(form.instance, name)
            field = form.fields[name]
            field.widget.attrs["placeholder"] = MASKERS[name](stored) if stored else ""
            field.help_text = _("留空则保持原值") if stored else ""
            form.initial[name] = ""
            field.clean = _keep_stored(field.clean, stored, name)


def _keep_stored(clean: Callable[[Any], Any], stored: str | None,
                 name: str) -> Callable[[Any], Any]:
    """A field's clean that returns the stored value for a blank or masked submission.

    The submitted text stays in the form's data, so a re-rendered form never shows the
    stored value.
    """
    def wrapped(value: Any) -> Any:
        return stored if is_masked_form(value, stored, name) else clean(value)
    return wrapped


class Sections:
    """A form shown in parts: `sections` names the fields under a heading (after the rest)."""

    sections: tuple[tuple[Any, tuple[str, ...]], ...] = ()

    def grouped(self) -> list[tuple[Any, list[Any]]]:
        form: Any = self
        later = {name for _title, names in self.sections for name in names}
        parts = [(None, [form[n] for n in form.fields if n not in later
                         and not form.fields[n].widget.is_hidden])]
        parts += [(title, [form[n] for n in names if n in form.fields])
                  for title, names in self.sections]
        return [(title, fields) for title, fields in parts if fields]


# 户信息 in the national sheet's order: 是否有卫生户厕 sits before the toilet's details.
_AT = LIVING.index("toilet_type")
LIVING_SECTION = (*LIVING[:_AT], "sanitary_toilet", *LIVING[_AT:])


class HouseholdForm(Sections, MaskedEdit, forms.ModelForm):  # type: ignore[type-arg]  # generic only in the stubs
    masked = ("phone", "bank_account")
    version = forms.IntegerField(widget=forms.HiddenInput)
    other_causes = forms.MultipleChoiceField(label=_("其他致贫原因"), required=False,
                                             choices=codes.Cause.choices,
                                             widget=forms.CheckboxSelectMultiple)

    sections = ((_("生活条件（户信息）"), LIVING_SECTION),)

    class Meta:
        model = Household
        fields = [f for f in HOUSEHOLD_EDITABLE if f != "group_id"]

    def __init__(self, *args: Any, reveal: bool = False, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self._mask_fields(reveal)


class MemberForm(Sections, MaskedEdit, forms.ModelForm):  # type: ignore[type-arg]  # generic only in the stubs
    masked = ("id_number", "phone")
    sections = ((_("计划外出务工"), PLANNED_WORK),)
    id_number = IdField(label=_("身份证号"), required=False, max_length=20)
    version = forms.IntegerField(widget=forms.HiddenInput, required=False)

    class Meta:
        model = Member
        fields = list(MEMBER_EDITABLE)
        widgets = {"birth_date": DATE}

    def __init__(self, *args: Any, reveal: bool = False, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["sex"].required = False  # read from the ID number when one is given
        self._mask_fields(reveal)
        if not reveal and self.instance.id_number:
            # The birth date follows from the ID and would fill its hidden digits.
            del self.fields["birth_date"]

    def validate_unique(self) -> None:
        """The action checks that the ID is free: it knows the actor's area (no oracle)."""

    def clean(self) -> dict[str, Any]:
        super().clean()
        data = self.cleaned_data
        if not data.get("id_number") and not data.get("sex"):
            self.add_error("sex", _("请填写性别（填写身份证号时自动识别）"))
        if data.get("id_number") and data.get("birth_date"):
            parsed = ids.parse(data["id_number"], today=timezone.localdate())
            if parsed.birth_date != data["birth_date"]:
                self.add_error("birth_date", _("出生日期与身份证号不一致"))
        return data


class NewHouseholdForm(forms.Form):
    village = forms.ChoiceField(label=_("行政村"))
    number = forms.CharField(label=_("户编号"), max_length=32)
    head_name = forms.CharField(label=_("户主姓名"), max_length=50)
    head_id = IdField(label=_("户主身份证号"), max_length=20)
    phone = forms.CharField(label=_("联系电话"), max_length=20, required=False)
    address = forms.CharField(label=_("住址"), max_length=200, required=False)
    attribute = forms.ChoiceField(label=_("户属性"), choices=codes.Attribute.choices)

    def __init__(self, *args: Any, villages: list[tuple[str, str]], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        cast(forms.ChoiceField, self.fields["village"]).choices = villages


class IncomeForm(forms.ModelForm):  # type: ignore[type-arg]  # generic only in the stubs
    class Meta:
        model = IncomeRecord
        fields = ["year", "persons", *income.INCOME_FIELDS]

    def clean(self) -> dict[str, Any]:
        super().clean()
        data = self.cleaned_data
        for name in income.INCOME_FIELDS:
            if data.get(name) is not None and data[name] < 0:
                self.add_error(name, _("金额不能为负数"))
        if data.get("persons") == 0:
            self.add_error("persons", _("计算人口至少为1人"))
        return data


class MoveForm(forms.Form):
    target_number = forms.CharField(label=_("迁入户的户编号"), max_length=32)
    reason = forms.CharField(label=_("原因"), max_length=200)


class DeceasedForm(forms.Form):
    deceased_on = forms.DateField(label=_("死亡日期"), widget=DATE)
    note = forms.CharField(label=_("说明"), max_length=200, required=False)

    def clean_deceased_on(self) -> dt.date:
        value: dt.date = self.cleaned_data["deceased_on"]
        if value > timezone.localdate():
            raise forms.ValidationError(_("死亡日期不能晚于今天"))
        return value


class WorkPeriodForm(forms.ModelForm):  # type: ignore[type-arg]  # generic only in the stubs
    """One period of migrant work (已外出务工信息); the action checks it again."""

    version = forms.IntegerField(widget=forms.HiddenInput, required=False)

    class Meta:
        model = WorkPeriod
        fields = list(WORK_PERIOD)
        widgets = {"start": DATE, "end": DATE}
        help_texts = {"end": _("仍在务工则留空")}

    def clean(self) -> dict[str, Any]:
        super().clean()
        data = self.cleaned_data
        if data.get("start") and data.get("end") and data["end"] < data["start"]:
            self.add_error("end", _("结束时间不能早于开始时间"))
        for name in ("monthly_income", "travel_subsidy"):
            if data.get(name) is not None and data[name] < 0:
                self.add_error(name, _("金额不能为负数"))
        return data


class ConfirmForm(forms.Form):
    version = forms.IntegerField(widget=forms.HiddenInput, required=False)
