"""The project application form: the project's fields, budget by source, performance targets."""
from __future__ import annotations

import re
from decimal import Decimal
from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from jianpin.projects.actions import FIELDS, TargetRow
from jianpin.projects.codes import FundSource
from jianpin.projects.models import Project

TARGET_ROWS = 6


class ProjectForm(forms.ModelForm):  # type: ignore[type-arg]
    region = forms.CharField(label=_("建设地点（区划代码）"), max_length=12)
    version = forms.IntegerField(widget=forms.HiddenInput, required=False)
    households = forms.CharField(label=_("关联受益农户（户编号，以逗号或换行分隔）"), required=False,
                                 max_length=20000, widget=forms.Textarea(attrs={"rows": 2}))

    class Meta:
        model = Project
        fields = [f for f in FIELDS if f != "plan_year"]
        widgets = {"start_on": forms.DateInput(attrs={"type": "date"}),
                   "end_on": forms.DateInput(attrs={"type": "date"}),
                   "tasks": forms.Textarea(attrs={"rows": 3}),
                   "linkage": forms.Textarea(attrs={"rows": 3})}

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        for source, label in FundSource.choices:
            self.fields[f"budget_{source}"] = forms.DecimalField(
                label=label, required=False, min_value=Decimal(0), max_digits=14,
                decimal_places=2)
        for i in range(TARGET_ROWS):
            self.fields[f"indicator_{i}"] = forms.CharField(label=_("绩效指标"), max_length=100,
                                                            required=False)
            self.fields[f"target_{i}"] = forms.CharField(label=_("目标值"), max_length=50,
                                                         required=False)
        project = self.instance
        if project.pk:
            self.initial.setdefault("region", project.region_id)
            self.initial.setdefault("version", project.version)
            self.initial.setdefault("households", "，".join(
                project.beneficiaries.values_list("number", flat=True)))
            for b in project.budget.all():
                self.initial[f"budget_{b.source}"] = b.amount
            for i, t in enumerate(list(project.targets.all())[:TARGET_ROWS]):
                self.initial[f"indicator_{i}"] = t.indicator
                self.initial[f"target_{i}"] = t.target_value

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        for i in range(TARGET_ROWS):
            if bool(data.get(f"indicator_{i}")) != bool(data.get(f"target_{i}")):
                self.add_error(f"target_{i}", _("绩效指标与目标值须同时填写"))
        return data

    def budget_fields(self) -> list[Any]:
        return [self[f"budget_{s}"] for s in FundSource.values]

    def target_fields(self) -> list[tuple[Any, Any]]:
        return [(self[f"indicator_{i}"], self[f"target_{i}"]) for i in range(TARGET_ROWS)]

    def budget(self) -> dict[str, Decimal]:
        return {s: self.cleaned_data[f"budget_{s}"] for s in FundSource.values
                if self.cleaned_data.get(f"budget_{s}")}

    def targets(self) -> list[TargetRow]:
        return [TargetRow(self.cleaned_data[f"indicator_{i}"], self.cleaned_data[f"target_{i}"])
                for i in range(TARGET_ROWS) if self.cleaned_data.get(f"indicator_{i}")]

    def household_numbers(self) -> list[str]:
        text = self.cleaned_data.get("households") or ""
        return sorted({n for n in re.split(r"[\s,，、;；]+", text) if n})

    def values(self) -> dict[str, Any]:
        return {k: self.cleaned_data[k] for k in FIELDS if k in self.cleaned_data}
