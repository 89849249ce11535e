"""Access policy of the import and export URLs (merged into registry's url_policy)."""
from __future__ import annotations

from jianpin.accounts.policy import Cap, Rule

POLICY = {
    "registry:import": Rule(Cap.IMPORT, writes=("POST",), note="上传文件并排队预检"),
    "registry:import_template": Rule(Cap.IMPORT),
    "registry:import_batch": Rule(Cap.IMPORT, obj="import_batch"),
    "registry:import_progress": Rule(Cap.IMPORT, obj="import_batch"),
    "registry:import_confirm": Rule(Cap.IMPORT, obj="import_batch", writes=("POST",), get=False),
    "registry:import_cancel": Rule(Cap.IMPORT, obj="import_batch", writes=("POST",), get=False),
    "registry:import_errors": Rule(Cap.IMPORT, obj="import_batch"),
    "registry:import_vocabulary": Rule(Cap.EDIT_STANDARDS, writes=("POST",), scoped=False,
                                       note="国家系统取值对照：县级人员添加，记录审计"),
    "registry:export": Rule(Cap.EXPORT, note="导出按区域过滤，并记录审计"),
}
