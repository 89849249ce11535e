"""The reasons and explanations the system stores in Chinese on an import warning are shown in
the reader's language wherever they are read, the change log and the audit log too, without
rewriting what is stored; a reason a person typed is shown as typed."""
from __future__ import annotations

from django.utils import translation

from jianpin.audit.display import describe, describe_all
from jianpin.screening.display import triage_reason

MOVED = "家庭成员迁户后本系统与导入批次 12（县名单.xlsx） 一致，差异已消除"
ADDED = "新增家庭成员后本系统与导入批次 12（县名单.xlsx） 一致，差异已消除"
AGREED = "导入批次 13（复核.xlsx） 与本系统一致，差异已消除"


def test_a_reason_naming_an_edit_reads_in_english():
    with translation.override("en"):
        assert triage_reason(MOVED) == ("Member moved to another household: jianpin now agrees "
                                        "with import batch 12 (县名单.xlsx), the difference is gone")
        assert triage_reason(ADDED) == ("Member added: jianpin now agrees with import batch "
                                        "12 (县名单.xlsx), the difference is gone")
        assert triage_reason("已电话核实，数据无误") == "已电话核实，数据无误"
    with translation.override("zh-hans"):
        assert triage_reason(MOVED) == MOVED


def test_the_change_log_shows_a_warnings_reason_and_explanation_in_the_language():
    diff = {"state": ["new", "resolved"], "active": [True, False], "reason": AGREED}
    with translation.override("en"):
        assert describe_all("screening.warning", diff, True) == (
            "State: New → Resolved; Still hit by the latest run: Yes → No; "
            "Reason for dismissal: Import batch 13 (复核.xlsx) agrees with jianpin: "
            "the difference is gone")
        assert describe("screening.warning", "explanation", [
            {"导入批次": "1（a.xlsx）", "王小芳 与户主关系（导入文件）": "女",
             "王小芳 与户主关系（本系统）": "配偶"},
            {"导入批次": "1（a.xlsx）", "王小芳 与户主关系（导入文件）": "女",
             "王小芳 与户主关系（本系统）": "子"}], True) == (
            "Why it was raised: Import batch=1 (a.xlsx); 王小芳 Relation to head (imported file)"
            "=Daughter; 王小芳 Relation to head (jianpin)=Spouse → Import batch=1 (a.xlsx); "
            "王小芳 Relation to head (imported file)=Daughter; "
            "王小芳 Relation to head (jianpin)=Son")
    with translation.override("zh-hans"):
        assert describe("screening.warning", "reason", AGREED, True) == f"排除理由：{AGREED}"


def test_a_warning_closed_by_an_edit_says_so():
    from jianpin.screening.display import inactive_note

    with translation.override("en"):
        assert inactive_note("import", MOVED) == "an edit brought jianpin in line"
        assert inactive_note("import", "识别案件 7 公告后本系统与导入批次 1（a.xlsx） 一致，差异已消除") \
            == "a decision brought jianpin in line"
        assert inactive_note("import", AGREED) == "the latest import agrees"
    with translation.override("zh-hans"):
        assert inactive_note("import", MOVED) == "修改后已一致"
