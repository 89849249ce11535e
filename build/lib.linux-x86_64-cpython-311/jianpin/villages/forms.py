from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from jianpin.villages.actions import COUNTS, FLAGS, NUMBERS, TEXTS
from jianpin.villages.models import IncomeSource, PairingKind, VillageYear

UNIT_ROWS = 4


class VillageYearForm(forms.Form):
    """The record's fields, one amount per income source and a few paired-unit rows."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        model = {f.name: f for f in VillageYear._meta.fields}
        for name in FLAGS:
            self.fields[name] = forms.BooleanField(label=model[name].verbose_name,
                                                   required=False)
        for name in NUMBERS:
            self.fields[name] = forms.CharField(label=model[name].verbose_name, required=False,
                                                max_length=20)
        for name in COUNTS:
            self.fields[name] = forms.IntegerField(label=model[name].verbose_name,
                                                   required=False, min_value=0)
        for name in TEXTS:
            self.fields[name] = forms.CharField(label=model[name].verbose_name, required=False,
                                                max_length=model[name].max_length)
        for key, label in IncomeSource.choices:
            self.fields[f"source_{key}"] = forms.CharField(label=label, required=False,
                                                           max_length=20)
        for i in range(UNIT_ROWS):
            self.fields[f"unit_kind_{i}"] = forms.ChoiceField(
                label=_("帮扶类型"), choices=[("", "—"), *PairingKind.choices], required=False)
            self.fields[f"unit_name_{i}"] = forms.CharField(label=_("帮扶单位"),
                                                            required=False, max_length=100)

    def flag_fields(self) -> list[forms.BoundField]:
        return [self[n] for n in FLAGS]

    def value_fields(self) -> list[forms.BoundField]:
        return [self[n] for n in [*NUMBERS, *COUNTS, *TEXTS]]

    def source_fields(self) -> list[forms.BoundField]:
        return [self[f"source_{k}"] for k in IncomeSource.values]

    def unit_rows(self) -> list[tuple[forms.BoundField, forms.BoundField]]:
        return [(self[f"unit_kind_{i}"], self[f"unit_name_{i}"]) for i in range(UNIT_ROWS)]

    def parts(self) -> tuple[dict[str, Any], dict[str, Any], list[tuple[str, str]]]:
        data = self.cleaned_data
        fields = {n: data.get(n) for n in [*FLAGS, *NUMBERS, *COUNTS, *TEXTS]}
        sources = {k: data.get(f"source_{k}") for k in IncomeSource.values}
        units = [(data.get(f"unit_kind_{i}") or "", data.get(f"unit_name_{i}") or "")
                 for i in range(UNIT_ROWS)]
        return fields, sources, units


def initial_from(row: VillageYear | None) -> dict[str, Any]:
    if row is None:
        return {}
    out: dict[str, Any] = {n: getattr(row, n) for n in [*FLAGS, *NUMBERS, *COUNTS, *TEXTS]}
    for s in row.sources.all():
        out[f"source_{s.source}"] = s.amount
    for i, u in enumerate(list(row.units.all())[:UNIT_ROWS]):
        out[f"unit_kind_{i}"], out[f"unit_name_{i}"] = u.kind, u.name
    return out
