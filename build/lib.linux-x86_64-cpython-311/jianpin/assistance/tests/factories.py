"""Place assistance objects in a given village for the URL scoping matrix."""
from __future__ import annotations

import io
import itertools

from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone

from jianpin.accounts.models import Role, User
from jianpin.assistance.models import Helper, Pairing, Visit, VisitPhoto
from jianpin.workflows.tests.helpers import make_household

_N = itertools.count(1)


def png_bytes() -> bytes:
    from PIL import Image

    buf = io.BytesIO()
    Image.new("RGB", (8, 8), (200, 30, 30)).save(buf, "PNG")
    return buf.getvalue()


def make_helper(code: str) -> Helper:
    return Helper.objects.create(name=f"帮扶人{next(_N)}", region_id=code, work_unit="县农业农村局")


def make_pairing(code: str) -> Pairing:
    user = User.objects.create(username=f"as_factory_{next(_N)}", role=Role.VILLAGE_CADRE,
                               region_id=code)
    return Pairing.objects.create(helper=make_helper(code), household=make_household(code),
                                  since=timezone.localdate(), created_by=user)


def _helper(code: str) -> dict[str, object]:
    return {"pk": make_helper(code).pk}


def _pairing(code: str) -> dict[str, object]:
    return {"pk": make_pairing(code).pk}


def _photo(code: str) -> dict[str, object]:
    p = make_pairing(code)
    visit = Visit.objects.create(household=p.household, helper=p.helper,
                                 visited_on=timezone.localdate(), findings="走访", created_by=p.created_by)
    photo = VisitPhoto.objects.create(visit=visit, name="p.png", sha256="0",
                                      file=SimpleUploadedFile("p.png", png_bytes()))
    return {"pk": photo.pk}


AREA_FACTORIES = {"helper": _helper, "pairing": _pairing, "photo": _photo}
