"""The allow-listed household-year features a rule may use, with their types and labels.

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
    label_en: str = ""


def _specs(kind: str, rows: str) -> list[FeatureSpec]:
    out = []
    for line in rows.strip().splitlines():
        name, labels = line.split(maxsplit=1)
        label, _, label_en = labels.partition(" | ")
        out.append(FeatureSpec(name, kind, label.strip(), label_en.strip()))
    return out


NUMBERS = _specs("number", """
per_capita_net 人均纯收入 | net income per person
per_capita_net_prev 上年人均纯收入 | net income per person last year
income_change_ratio 人均纯收入较上年变化率 | change of net income per person
net_income 家庭纯收入 | household net income
wage_income 工资性收入 | wage income
wage_income_prev 上年工资性收入 | wage income last year
wage_change_ratio 工资性收入较上年变化率 | change of wage income
business_net 生产经营净收入 | net business income
business_net_prev 上年生产经营净收入 | net business income last year
business_change_ratio 生产经营净收入较上年变化率 | change of net business income
transfer_income 转移性收入 | transfer income
rigid_spending 合规刚性支出 | eligible rigid spending
rigid_share 刚性支出占家庭纯收入比例 | rigid spending as share of net income
medical_oop 合规自付医疗支出 | eligible out-of-pocket medical costs
education_spending 教育支出 | education spending
disaster_loss 灾害损失 | disaster losses
dept_medical_oop 医保报销自付金额（部门数据） | out-of-pocket medical costs (department data)
dept_disaster_loss 受灾损失（部门数据） | disaster losses (department data)
std_poverty_line 贫困线（标准） | poverty line (standard)
std_monitoring_line 防止返贫监测线（标准） | monitoring line (standard)
std_exit_income 脱贫收入标准（标准） | exit income (standard)
std_relative_line 相对贫困线（标准） | relative poverty line (standard)
std_labour_exit_income 有劳动力户脱贫收入线（标准） | exit income for households with labour (standard)
std_income_drop_ratio 收入骤减比例（标准） | sharp income drop ratio (standard)
std_wage_drop_ratio 务工收入骤减比例（标准） | sharp wage drop ratio (standard)
std_rigid_share 刚性支出占比上限（标准） | rigid spending share limit (standard)
std_medical_oop_large 大额自付医疗支出（标准） | large out-of-pocket medical costs (standard)
std_disaster_loss_large 重大灾害损失（标准） | heavy disaster losses (standard)
std_elimination_min_months 风险消除最短监测月数（标准） | minimum months before elimination (standard)
""")

INTS = _specs("int", """
household_size 家庭人口（登记） | household size (registered)
members 在世成员数 | living members
heads 户主人数 | heads of household
members_chronic 长期慢性病人数 | members with chronic illness
members_serious_illness 大病人数 | members with serious illness
members_disabled 残疾人数 | disabled members
members_severe_disabled 一二级残疾人数 | members with grade 1-2 disability
members_with_labour 有劳动能力人数 | members able to work
members_without_labour 丧失或无劳动能力人数 | members unable to work
members_working 务工人数 | members working away
members_in_school 在校生人数 | members in school
members_dropout 辍学人数 | members who dropped out
children_out_of_school 6至15岁未在校人数 | children 6-15 out of school
members_elderly 60岁以上人数 | members aged 60 or over
members_minor 16岁以下人数 | members under 16
members_no_medical_insurance 未参加基本医疗保险人数 | members without basic medical insurance
members_no_serious_insurance 未参加大病保险人数 | members without serious illness insurance
members_dibao 享受低保人数 | members on dibao
members_tekun 特困供养人数 | members in extreme-poverty support
members_missing_id 缺少身份证号人数 | members without ID number
months_monitored 纳入监测月数 | months monitored
dept_disability_cert 持残疾证人数（部门数据） | members with disability certificate (department data)
dept_dropout 学籍辍学人数（部门数据） | dropouts on the school roll (department data)
helpers_active 在岗帮扶责任人数 | assigned helpers
measures_count 帮扶措施数 | assistance measures
""")

BOOLS = _specs("bool", """
has_income 有本年度收入记录 | income record this year
has_income_prev 有上年度收入记录 | income record last year
is_monitored 是否监测对象（风险未消除） | monitored household (risk not eliminated)
risk_eliminated 风险已消除 | risk eliminated
relocated 易地扶贫搬迁户 | relocated household
water_safe 饮水安全 | safe drinking water
dept_vehicle 有车辆登记（部门数据） | vehicle registered (department data)
dept_real_estate 有城镇商品房或商铺（部门数据） | flat or shop in town (department data)
dept_business 有工商登记（部门数据） | business registered (department data)
dept_public_payroll 有财政供养人员（部门数据） | on public payroll (department data)
dept_housing_unsafe 住房鉴定为危房（部门数据） | house assessed unsafe (department data)
dept_dibao 低保在册（部门数据） | on the dibao list (department data)
dept_tekun 特困在册（部门数据） | on the extreme-poverty list (department data)
""")

TEXTS = _specs("text", """
status 户类型 | household status
monitoring_kind 监测对象类型 | monitoring category
attribute 户属性 | household attribute
housing_grade 住房安全等级 | housing safety grade
""")

CATALOG: dict[str, FeatureSpec] = {f.name: f for f in NUMBERS + INTS + BOOLS + TEXTS}
# Key columns every feature row carries besides the features themselves.
KEY_COLUMNS = ("household_id", "household_number", "village_code")


def label(name: str, english: bool = False) -> str:
    spec = CATALOG.get(name)
    if spec is None:
        return name
    return spec.label_en or spec.label if english else spec.label


def value_type(name: str) -> str:
    """The checker's type of a feature: `number`, `bool` or `text` (ints count as numbers)."""
    kind = CATALOG[name].type
    return "number" if kind == "int" else kind
