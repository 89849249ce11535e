"""One demo login per role, each assigned to an area of the demo county."""
from __future__ import annotations

from jianpin.accounts.models import Role, User

DEMO_PASSWORD = "jianpin-demo-2026"
# username, role, region code, display name
DEMO_USERS = (
    ("cun", Role.VILLAGE_CADRE, "441424100200", "协和村驻村干部"),
    ("xiang", Role.TOWNSHIP_REVIEWER, "441424100000", "水寨镇审核员"),
    ("xian", Role.COUNTY_OFFICER, "441424000000", "五华县乡村振兴局"),
    ("caiwu", Role.FINANCE_OFFICER, "441424000000", "五华县乡村振兴局财务人员"),
    ("bumen", Role.DEPT_PROVIDER, "441424000000", "县医保局数据员"),
    ("ducha", Role.AUDITOR, "441424000000", "县督查组"),
    ("bianji", Role.LIBRARY_EDITOR, None, "政策库编辑"),
    ("admin", Role.ADMIN, None, "系统管理员"),
)


def ensure_demo_users() -> list[tuple[str, str, str]]:
    """Create (or reset) the demo users; return (username, role label, area) rows."""
    rows = []
    for username, role, region, label in DEMO_USERS:
        user, _ = User.objects.get_or_create(username=username)
        user.role, user.region_id, user.display_name = role, region, label
        user.is_staff = user.is_superuser = role == Role.ADMIN
        user.failed_logins, user.locked_until = 0, None
        user.set_password(DEMO_PASSWORD)
        user.save()
        rows.append((username, str(Role(role).label), user.region.name if user.region else "全国"))
    return rows
