"""Read-only registry API over the same scoped queries as the pages."""
from __future__ import annotations

from django.db.models import QuerySet
from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework import permissions, viewsets
from rest_framework.exceptions import PermissionDenied as ApiDenied

from jianpin.accounts.policy import Cap, can
from jianpin.api.serializers import HouseholdListSerializer, HouseholdSerializer
from jianpin.registry import queries
from jianpin.registry.models import Household


class CanReadRegistry(permissions.BasePermission):
    message = "您的角色无权访问农户数据"

    def has_permission(self, request, view) -> bool:  # type: ignore[no-untyped-def]
        return can(request.user, Cap.READ_REGISTRY)


@extend_schema(parameters=[
    OpenApiParameter("q", str, description="姓名开头、完整身份证号或户编号开头"),
    OpenApiParameter("area", str, description="区划代码（须在本人区域内）"),
    OpenApiParameter("status", str, enum=["一般农户", "贫困户", "脱贫户"]),
])
class HouseholdViewSet(viewsets.ReadOnlyModelViewSet):
    """农户（已按本人区域过滤；身份证号、电话、银行账号脱敏）。"""

    permission_classes = [permissions.IsAuthenticated, CanReadRegistry]
    queryset = Household.objects.none()  # describes the model to the schema; rows come from below
    lookup_value_regex = r"\d+"

    def get_serializer_class(self):  # type: ignore[no-untyped-def]
        return HouseholdSerializer if self.action == "retrieve" else HouseholdListSerializer

    def get_queryset(self) -> QuerySet[Household]:
        p = self.request.query_params
        try:
            qs = queries.search(self.request.user, queries.Filters(
                q=p.get("q", "")[:40], area=p.get("area", "")[:15], status=p.get("status", "")))
        except Exception as exc:  # PermissionDenied from the access check
            raise ApiDenied(str(exc)) from exc
        qs = qs.select_related("village").order_by("number")
        if self.action == "retrieve":
            qs = qs.prefetch_related("members", "incomes")
        return qs
