"""Forms: search (GET), upload, metadata edit."""
from __future__ import annotations

from typing import TYPE_CHECKING, Any

from django import forms
from django.utils.translation import gettext_lazy as _

from jianpin.library.models import Category, DocType, Document, Status
from jianpin.library.search import SORTS, SearchParams
from jianpin.library.subjects import SUBJECTS
from jianpin.regions.models import Region

if TYPE_CHECKING:
    from django_stubs_ext import StrOrPromise

BLANK: list[tuple[str, StrOrPromise]] = [("", _("全部"))]
MAX_PAGE = 10_000


class MultipleFileInput(forms.ClearableFileInput):
    allow_multiple_selected = True


class MultipleFileField(forms.FileField):
    def __init__(self, *args: Any, **kwargs: Any) -> None:
        kwargs.setdefault("widget", MultipleFileInput())
        super().__init__(*args, **kwargs)

    def clean(self, data: Any, initial: Any = None) -> Any:
        single = super().clean
        if isinstance(data, (list, tuple)):
            return [single(d, initial) for d in data]
        return [single(data, initial)]


def region_choices() -> list[tuple[str, StrOrPromise]]:
    """Regions that hold documents, with their ancestors, indented by level."""
    codes = set(Document.objects.exclude(region__isnull=True)
                .values_list("region_id", flat=True).distinct()[:500])
    wanted = set(codes)
    for code in codes:
        wanted |= {code[:2] + "0" * 10, code[:4] + "0" * 8}
    rows = Region.objects.filter(code__in=wanted, level__lte=3).order_by("code")
    return BLANK + [(r.code, "　" * (r.level - 1) + r.name) for r in rows]


class SearchForm(forms.Form):
    q = forms.CharField(label=_("检索词"), required=False, max_length=500, widget=forms.TextInput(
        attrs={"placeholder": _("如：精准扶贫 易地扶贫搬迁；title:方案 NOT 新闻"), "size": 48}))
    region = forms.ChoiceField(label=_("地区（含下级）"), required=False)
    doc_type = forms.ChoiceField(label=_("文种"), required=False, choices=[*BLANK, *DocType.choices])
    category = forms.ChoiceField(label=_("资源类型"), required=False, choices=[*BLANK, *Category.choices])
    status = forms.ChoiceField(label=_("效力"), required=False, choices=[*BLANK, *Status.choices])
    issuer = forms.CharField(label=_("发文机关"), required=False, max_length=100)
    doc_number = forms.CharField(label=_("文号"), required=False, max_length=80)
    date_from = forms.DateField(label=_("起始日期"), required=False,
                                widget=forms.DateInput(attrs={"type": "date"}))
    date_to = forms.DateField(label=_("截止日期"), required=False,
                              widget=forms.DateInput(attrs={"type": "date"}))
    year = forms.IntegerField(label=_("年份"), required=False, min_value=1949, max_value=2100)
    subject = forms.ChoiceField(label=_("主题"), required=False,
                                choices=BLANK + [(s.code, s.label) for s in SUBJECTS])
    author = forms.CharField(label=_("作者"), required=False, max_length=50)
    sort = forms.ChoiceField(label=_("排序"), required=False, choices=list(SORTS.items()))
    page = forms.IntegerField(required=False, min_value=1, max_value=MAX_PAGE,
                              widget=forms.HiddenInput)

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        region = self.fields["region"]
        assert isinstance(region, forms.ChoiceField)
        region.choices = region_choices()

    def params(self) -> SearchParams:
        # A bad field (a page past the end, a year of letters) is dropped, the rest is kept.
        data: dict[str, Any] = {}
        if self.is_bound:
            self.is_valid()
            data = self.cleaned_data
        return SearchParams(
            q=data.get("q") or "", region=data.get("region") or "",
            doc_type=data.get("doc_type") or "", category=data.get("category") or "",
            status=data.get("status") or "", issuer=data.get("issuer") or "",
            doc_number=data.get("doc_number") or "", date_from=data.get("date_from"),
            date_to=data.get("date_to"), year=data.get("year"),
            subject=data.get("subject") or "", author=(data.get("author") or "").strip(),
            sort=data.get("sort") or ("relevance" if data.get("q") else "newest"),
            page=data.get("page") or 1,
        )


class UploadForm(forms.Form):
    # the posted field is named files, as BaseForm.files (the uploaded data) is
    files = MultipleFileField(label=_("文件（.txt .html .docx .pdf，可多选）"))  # type: ignore[assignment]
    category = forms.ChoiceField(label=_("资源类型"), required=False,
                                 choices=[("", _("自动识别"))] + Category.choices)


class DocumentForm(forms.ModelForm):  # type: ignore[type-arg]  # generic only in the stubs
    region_code = forms.CharField(label=_("地区代码（12位）"), required=False, max_length=12)
    subject_codes = forms.MultipleChoiceField(
        label=_("主题分类"), required=False, widget=forms.CheckboxSelectMultiple,
        choices=[(s.code, s.label) for s in SUBJECTS])

    class Meta:
        model = Document
        fields = ["title", "issuer", "doc_number", "issued_on", "published_on", "doc_type",
                  "category", "status", "publisher", "authors", "institution", "pub_year",
                  "isbn", "expert_view"]
        widgets = {"issued_on": forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
                   "published_on": forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")}

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["region_code"].initial = self.instance.region_id or ""
        self.fields["subject_codes"].initial = self.instance.subjects.split()

    def clean_isbn(self) -> str:
        isbn = (self.cleaned_data.get("isbn") or "").replace("-", "").replace(" ", "").upper()
        if isbn and not isbn_valid(isbn):
            raise forms.ValidationError(_("ISBN 校验位不正确"))
        return isbn

    def clean_region_code(self) -> str | None:
        code = self.cleaned_data.get("region_code") or ""
        if code and not Region.objects.filter(code=code).exists():
            raise forms.ValidationError(_("区划代码不存在"))
        return code or None

    def changes(self) -> dict[str, Any]:
        data = {name: self.cleaned_data[name] for name in self.Meta.fields}
        data["region_id"] = self.cleaned_data["region_code"]
        data["subjects"] = " ".join(self.cleaned_data["subject_codes"])
        return data


def isbn_valid(isbn: str) -> bool:
    """ISBN-10 or ISBN-13 (digits, an X as ISBN-10 check digit) with a right check digit."""
    if len(isbn) == 13 and isbn.isdigit():
        total = sum(int(c) * (1 if i % 2 == 0 else 3) for i, c in enumerate(isbn[:12]))
        return (10 - total % 10) % 10 == int(isbn[12])
    if len(isbn) == 10 and isbn[:9].isdigit() and (isbn[9].isdigit() or isbn[9] == "X"):
        total = sum((10 - i) * int(c) for i, c in enumerate(isbn[:9]))
        check = 10 if isbn[9] == "X" else int(isbn[9])
        return (total + check) % 11 == 0
    return False
