"""The sheet layouts: columns as county sheets head them, with the other headings accepted.

Sources of the headings are listed in docs/projects.md. Money columns name their unit in the
heading; （万元） is read as ten thousand yuan, anything else as yuan. Exports write yuan.
"""
from __future__ import annotations

import re
from dataclasses import dataclass

from jianpin.projects.codes import FundSource


@dataclass(frozen=True)
class Column:
    key: str
    header: str
    aliases: tuple[str, ...] = ()
    required: bool = False
    export_only: bool = False


@dataclass(frozen=True)
class Layout:
    kind: str
    sheet: str
    columns: tuple[Column, ...]

    def by_key(self) -> dict[str, Column]:
        return {c.key: c for c in self.columns}


def norm(text: object) -> str:
    """A heading without spaces, line breaks, units or bracket style: 资金规模（万元） -> 资金规模."""
    s = re.sub(r"\s+", "", str(text or "")).replace("（", "(").replace("）", ")")
    s = re.sub(r"\((万元|元|区划代码|万)\)$", "", s)
    return s.rstrip("*＊")


def in_wan(text: object) -> bool:
    return "万元" in str(text or "")


C = Column
PROJECT_NO = C("project_id", "项目编号", ("项目ID", "项目序号"))
_SOURCE_ALIASES = {"central": ("中央资金", "中央财政衔接资金", "中央财政衔接推进乡村振兴补助资金"),
                   "province": ("省级资金", "省级财政衔接资金"), "city": ("市级资金", "市级财政衔接资金"),
                   "county": ("县级资金", "县级财政衔接资金", "区级资金"),
                   "east_west": ("东西部协作", "东西部扶贫协作资金"), "paired": ("定点帮扶",),
                   "social": ("社会帮扶", "社会捐赠资金"), "integrated": ("统筹整合资金", "整合资金"),
                   "self": ("自筹资金", "群众自筹"), "other": ("其他资金",)}
BUDGET = tuple(C(f"budget:{s}", f"{label}（元）", _SOURCE_ALIASES.get(s, ()))
               for s, label in FundSource.choices)

LIBRARY = Layout("library", "项目库", (
    PROJECT_NO,
    C("name", "项目名称", required=True),
    C("category", "项目类别", ("项目类型", "项目类型（大类）"), required=True),
    C("nature", "建设性质"),
    C("region", "建设地点（区划代码）", ("实施地点", "建设地点", "区划代码", "项目地点"),
      required=True),
    C("location_detail", "具体地点", ("详细地点",)),
    C("responsible_unit", "责任单位", ("实施单位", "项目实施单位", "建设单位", "项目主管单位"),
      required=True),
    C("responsible_person", "责任人", ("项目负责人",), required=True),
    C("tasks", "建设任务（内容及规模）", ("建设内容及规模", "建设内容", "建设任务",
                                "主要建设内容"), required=True),
    C("start_on", "计划开工日期", ("开工时间", "计划开工时间")),
    C("end_on", "计划完工日期", ("完工时间", "计划完工时间")),
    C("beneficiary_households", "受益户数", ("受益总户数",)),
    C("beneficiary_persons", "受益人数", ("受益总人数", "受益人口")),
    C("beneficiary_poor_persons", "其中脱贫（监测）人口数",
      ("受益脱贫人口数", "受益脱贫（监测）人口数", "其中脱贫人口")),
    C("linkage", "联农带农机制", ("带贫减贫机制", "联农带农（带贫减贫）机制", "利益联结机制",
                             "联农带农机制及效果"), required=True),
    C("targets", "绩效目标（指标：目标值）", ("绩效目标", "绩效目标及指标"), required=True),
    *BUDGET,
    # A county sheet often gives one source and a total instead of a column per source.
    C("lump_source", "资金来源", ("资金性质",)),
    C("lump", "资金规模（元）", ("投资规模", "资金规模", "计划投资", "总投资", "项目资金")),
    C("status", "状态", export_only=True),
))

PLAN = Layout("plan", "年度计划", (
    C("project_id", "项目编号", PROJECT_NO.aliases, required=True),
    C("name", "项目名称"),
    C("plan_year", "计划年度", ("实施年度", "年度"), required=True),
    C("total", "计划投资（元）", ("资金规模", "投资规模", "计划投资"), export_only=True),
))

ALLOCATIONS = Layout("allocations", "资金下达", (
    C("doc_number", "下达文号", ("文号", "资金文号", "指标文号"), required=True),
    C("source", "资金来源", ("资金性质",), required=True),
    C("issued_on", "下达日期", ("下达时间", "文件日期"), required=True),
    C("year", "资金年度", ("年度",), required=True),
    C("region", "下达地区（区划代码）", ("下达地区",), required=True),
    C("amount", "下达金额（元）", ("下达资金", "下达金额"), required=True),
    C("project_id", "项目编号", PROJECT_NO.aliases),
    C("project_name", "项目名称"),
    C("allocated_on", "安排日期", ("安排时间",)),
    C("allocated", "安排金额（元）", ("安排资金", "安排金额", "分配金额")),
))

ASSETS = Layout("assets", "资产台账", (
    C("name", "资产名称", required=True),
    C("kind", "资产类别", ("资产类型", "资产性质"), required=True),
    C("region", "所在地（区划代码）", ("资产所在地", "所在地", "坐落位置"), required=True),
    C("scale", "规模（数量及单位）", ("规模", "数量", "建设规模")),
    C("value", "资产原值（元）", ("资产原值", "资产价值", "原值", "资产金额", "确权金额"),
      required=True),
    C("formed_on", "形成时间", ("形成日期", "建成时间", "竣工时间")),
    C("project_id", "项目编号", PROJECT_NO.aliases),
    C("ownership", "确权类型", ("确权方式", "确权到"), required=True),
    C("owner_name", "产权所有人", ("所有权人", "产权归属", "所有权主体")),
    C("household_number", "确权农户户编号", ("户编号",)),
    C("custodian", "管护主体", ("管护责任单位", "管护单位"), required=True),
    C("upkeep", "管护责任", ("管护措施", "管护责任人及职责")),
    C("operator", "经营主体", ("经营单位", "经营权人")),
    C("operation_mode", "经营方式", ("经营模式",)),
    C("status", "资产状态", export_only=True),
))

LAYOUTS = {x.kind: x for x in (LIBRARY, PLAN, ALLOCATIONS, ASSETS)}
# A sheet is recognised by its name, else by a heading only its layout has.
BY_SHEET = {x.sheet: x for x in LAYOUTS.values()} | {"项目计划": PLAN, "资产登记": ASSETS,
                                                      "资金安排": ALLOCATIONS}
MARKERS = (("资产名称", ASSETS), ("下达文号", ALLOCATIONS), ("计划年度", PLAN),
           ("项目名称", LIBRARY))
