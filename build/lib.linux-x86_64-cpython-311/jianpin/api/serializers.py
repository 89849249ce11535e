"""API representations: sensitive values are masked here, on the server, for every role."""
from __future__ import annotations

from rest_framework import serializers

from jianpin.kernel import masking
from jianpin.registry.models import Household, IncomeRecord, Member


class MemberSerializer(serializers.ModelSerializer):
    id_number = serializers.SerializerMethodField()
    phone = serializers.SerializerMethodField()
    birth_year = serializers.SerializerMethodField(
        help_text="出生年份（完整出生日期会补全脱敏的身份证号，故只给年份）")

    class Meta:
        model = Member
        fields = ["id", "name", "id_number", "sex", "birth_year", "relation", "education",
                  "school_status", "labour_ability", "work_status", "work_months",
                  "medical_insurance", "serious_illness_insurance", "dibao", "tekun", "phone",
                  "deceased_on"]

    def get_id_number(self, obj: Member) -> str:
        return masking.mask_id(obj.id_number)

    def get_phone(self, obj: Member) -> str:
        return masking.mask_phone(obj.phone)

    def get_birth_year(self, obj: Member) -> int | None:
        return masking.birth_year(obj.birth_date)


class IncomeSerializer(serializers.ModelSerializer):
    class Meta:
        model = IncomeRecord
        fields = ["year", "persons", "wage_income", "business_income", "business_cost",
                  "property_income", "transfer_income", "net_income", "per_capita_net",
                  "rigid_spending"]


class HouseholdListSerializer(serializers.ModelSerializer):
    village_code = serializers.CharField(source="village_id")
    village_name = serializers.CharField(source="village.name")
    monitored = serializers.BooleanField(read_only=True, help_text=(
        "当前是否为监测对象：有监测对象类型且风险未消除（registry.monitoring）"))

    class Meta:
        model = Household
        fields = ["id", "number", "head_name", "size", "village_code", "village_name", "status",
                  "monitoring_kind", "risk_eliminated", "monitored", "attribute", "main_cause"]


class HouseholdSerializer(HouseholdListSerializer):
    phone = serializers.SerializerMethodField()
    bank_account = serializers.SerializerMethodField()
    members = MemberSerializer(many=True, read_only=True)
    incomes = IncomeSerializer(many=True, read_only=True)

    class Meta(HouseholdListSerializer.Meta):
        fields = [*HouseholdListSerializer.Meta.fields, "phone", "bank_account", "risk_types",
                  "housing_grade", "water_safe", "identified_on", "exited_on",
                  "monitoring_since", "version", "members", "incomes"]

    def get_phone(self, obj: Household) -> str:
        return masking.mask_phone(obj.phone)

    def get_bank_account(self, obj: Household) -> str:
        return masking.mask_bank(obj.bank_account)
