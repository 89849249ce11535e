"""The allow-listed household-year features a rule may use, with their types and Chinese labels.

Types: `number` (money, ratios; floating point), `int` (counts), `bool`, `text`. Any feature may
be NULL (unknown), e.g. last year's income when no record exists.
"""
from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class FeatureSpec:
    name: str
    type: str
    label: str


def _specs(kind: str, rows: str) -> list[FeatureSpec]:
    out = []
    for line in rows.strip().splitlines():
        name, label = line.split(maxsplit=1)
        out.append(FeatureSpec(name, kind, label))
    return out


NUMBERS = _specs("number", """
per_capita_net 人均纯收入
per_capita_net_prev 上年人均纯收入
income_change_ratio 人均纯收入较上年变化率
net_income 家庭纯收入
wage_income 工资性收入
wage_income_prev 上年工资性收入
wage_change_ratio 工资性收入较上年变化率
business_net 生产经营净收入
business_net_prev 上年生产经营净收入
business_change_ratio 生产经营净收入较上年变化率
transfer_income 转移性收入
rigid_spending 合规刚性支出
rigid_share 刚性支出占家庭纯收入比例
medical_oop 合规自付医疗支出
education_spending 教育支出
disaster_loss 灾害损失
dept_medical_oop 医保报销自付金额（部门数据）
dept_disaster_loss 受灾损失（部门数据）
std_poverty_line 贫困线（标准）
std_monitoring_line 防止返贫监测线（标准）
std_exit_income 脱贫收入标准（标准）
std_relative_line 相对贫困线（标准）
std_labour_exit_income 有劳动力户脱贫收入线（标准）
std_income_drop_ratio 收入骤减比例（标准）
std_wage_drop_ratio 务工收入骤减比例（标准）
std_rigid_share 刚性支出占比上限（标准）
std_medical_oop_large 大额自付医疗支出（标准）
std_disaster_loss_large 重大灾害损失（标准）
std_elimination_min_months 风险消除最短监测月数（标准）
""")

INTS = _specs("int", """
household_size 家庭人口（登记）
members 在世成员数
heads 户主人数
members_chronic 长期慢性病人数
members_serious_illness 大病人数
members_disabled 残疾人数
members_severe_disabled 一二级残疾人数
members_with_labour 有劳动能力人数
members_without_labour 丧失或无劳动能力人数
members_working 务工人数
members_in_school 在校生人数
members_dropout 辍学人数
children_out_of_school 6至15岁未在校人数
members_elderly 60岁以上人数
members_minor 16岁以下人数
members_no_medical_insurance 未参加基本医疗保险人数
members_no_serious_insurance 未参加大病保险人数
members_dibao 享受低保人数
members_tekun 特困供养人数
members_missing_id 缺少身份证号人数
months_monitored 纳入监测月数
dept_disability_cert 持残疾证人数（部门数据）
dept_dropout 学籍辍学人数（部门数据）
helpers_active 在岗帮扶责任人数
measures_count 帮扶措施数
""")

BOOLS = _specs("bool", """
has_income 有本年度收入记录
has_income_prev 有上年度收入记录
is_monitored 是否监测对象
relocated 易地扶贫搬迁户
water_safe 饮水安全
dept_vehicle 有车辆登记（部门数据）
dept_real_estate 有城镇商品房或商铺（部门数据）
dept_business 有工商登记（部门数据）
dept_public_payroll 有财政供养人员（部门数据）
dept_housing_unsafe 住房鉴定为危房（部门数据）
dept_dibao 低保在册（部门数据）
dept_tekun 特困在册（部门数据）
""")

TEXTS = _specs("text", """
status 户类型
monitoring_kind 监测对象类型
attribute 户属性
housing_grade 住房安全等级
""")

CATALOG: dict[str, FeatureSpec] = {f.name: f for f in NUMBERS + INTS + BOOLS + TEXTS}
# Key columns every feature row carries besides the features themselves.
KEY_COLUMNS = ("household_id", "household_number", "village_code")


def label(name: str) -> str:
    spec = CATALOG.get(name)
    return spec.label if spec else name


def value_type(name: str) -> str:
    """The checker's type of a feature: `number`, `bool` or `text` (ints count as numbers)."""
    kind = CATALOG[name].type
    return "number" if kind == "int" else kind
