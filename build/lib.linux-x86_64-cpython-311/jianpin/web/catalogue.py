"""Text the English catalogue must hold although no template or gettext call in the translated
apps names it: it reaches pages as a value and is translated there with {% translate value %}.

`makemessages` keeps these entries because they are marked here. Remove an entry once its own
app marks it (accounts' role labels, the indicators' units).
"""
from __future__ import annotations

from django.utils.translation import gettext_noop

# Refusals raised in Chinese below the web layer (kernel, accounts); the 403 page shows them.
REFUSALS = (gettext_noop("无权执行此操作"), gettext_noop("您的角色无权执行此操作"),
            gettext_noop("您的角色无权访问此页面"), gettext_noop("该记录不在您的管辖区域内"),
            gettext_noop("该记录已被他人修改，请刷新页面后重新编辑"))
# accounts.models.Role labels, shown in the header as {% translate user.get_role_display %}.
ROLES = (gettext_noop("村级干部/驻村工作队"), gettext_noop("乡镇审核员"), gettext_noop("县级业务人员"),
         gettext_noop("部门数据提供方"), gettext_noop("督查/审计"), gettext_noop("政策库编辑"),
         gettext_noop("系统管理员"))
# Units of the shipped indicators (data), shown as {% translate r.unit %} on the dashboard.
UNITS = (gettext_noop("户"), gettext_noop("人"), gettext_noop("元"))
