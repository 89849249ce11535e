"""Read-only registry API over the same scoped queries as the pages."""
from __future__ import annotations

from django.db.models import QuerySet
from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework import permissions, serializers, viewsets
from rest_framework.decorators import action
from rest_framework.exceptions import PermissionDenied as ApiDenied
from rest_framework.exceptions import ValidationError
from rest_framework.request import Request
from rest_framework.response import Response

from jianpin.accounts.policy import Cap, can
from jianpin.api.serializers import HouseholdListSerializer, HouseholdSerializer
from jianpin.registry import queries
from jianpin.registry.models import Household

ID_IN_URL = "身份证号不得放在网址中（会留在访问日志里），请用 POST /api/households/search/"
NUL_CHARACTER = "不能包含空字符（NUL）"


class SearchSerializer(serializers.Serializer):
    q = serializers.CharField(max_length=40, help_text="完整身份证号、姓名开头或户编号开头")
    area = serializers.CharField(max_length=15, required=False)
    status = serializers.ChoiceField(choices=["一般农户", "贫困户", "脱贫户"], required=False)


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
        p = self.request.data if self.action == "search" else self.request.query_params
        given = {name: str(p.get(name, "")) for name in ("q", "area", "status")}
        if bad := {name: NUL_CHARACTER for name, value in given.items() if "\x00" in value}:
            raise ValidationError(bad)   # the databases refuse them (PostgreSQL) or match nothing
        q = given["q"][:40]
        if self.request.method == "GET" and queries.ID_LIKE.match(q.strip()):
            raise ValidationError({"q": ID_IN_URL})
        try:
            qs = queries.search(self.request.user, queries.Filters(
                q=q, area=given["area"][:15], status=given["status"]))
        except Exception as exc:  # PermissionDenied from the access check
            raise ApiDenied(str(exc)) from exc
        qs = qs.select_related("village").order_by("village_id", "number")
        if self.action == "retrieve":
            qs = qs.prefetch_related("members", "incomes")
        return qs

    @extend_schema(request=SearchSerializer, responses=HouseholdListSerializer(many=True))
    @action(detail=False, methods=["post"])
    def search(self, request: Request) -> Response:
        """按完整身份证号等条件检索（条件放在请求体中，不进入网址和日志）。"""
        SearchSerializer(data=request.data).is_valid(raise_exception=True)
        page = self.paginate_queryset(self.get_queryset())
        return self.get_paginated_response(HouseholdListSerializer(page, many=True).data)
