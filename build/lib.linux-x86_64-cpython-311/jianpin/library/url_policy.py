"""Who may call each library URL. The library is public to read; editing needs EDIT_LIBRARY.

Library documents are national reference material, so editing is not limited by area.
"""
from __future__ import annotations

from jianpin.accounts.policy import Cap, Rule

DOC = "library_document"
PUBLIC = "公开：文献库无需登录即可阅读"
OWN = "登录用户：只看、只改自己的收藏"
EDIT = "政策库编辑（及管理员）；文献为全国共享资料，不按区域限制"

POLICY = {
    "library:index": Rule(None, note=PUBLIC),
    "library:detail": Rule(None, obj=DOC, scoped=False, note=PUBLIC),
    "library:original": Rule(None, obj=DOC, scoped=False, note=PUBLIC),
    "library:text": Rule(None, obj=DOC, scoped=False, note=PUBLIC),
    "library:regions": Rule(None, note=PUBLIC),
    "library:region": Rule(None, obj="library_region", scoped=False, note=PUBLIC),
    "library:targets": Rule(None, note=PUBLIC),
    "library:targets_export": Rule(None, note=PUBLIC),
    "library:rankings": Rule(None, note=PUBLIC),
    "library:authors": Rule(None, note=PUBLIC),
    "library:figures_export": Rule(None, obj=DOC, scoped=False, note=PUBLIC),
    "library:chart_csv": Rule(None, obj="library_chart", scoped=False, note=PUBLIC),
    "library:chart_upload": Rule(Cap.EDIT_LIBRARY, obj=DOC, writes=("POST",), get=False,
                                 scoped=False, note=EDIT),
    "library:chart_from_figures": Rule(Cap.EDIT_LIBRARY, obj=DOC, writes=("POST",), get=False,
                                       scoped=False, note=EDIT),
    "library:block_word": Rule(Cap.EDIT_LIBRARY, writes=("POST",), get=False, note=EDIT),
    "library:unblock_word": Rule(Cap.EDIT_LIBRARY, writes=("POST",), get=False,
                                 extra=(("pk", "1"),), note=EDIT),
    # Each signed-in user's own list; tested in the library's own tests.
    "library:favourite": Rule(None, obj=DOC, writes=("POST",), get=False, scoped=False,
                              owner_only=True, note=OWN),
    "library:favourites": Rule(None, owner_only=True, note=OWN),
    "library:upload": Rule(Cap.EDIT_LIBRARY, writes=("POST",), note=EDIT),
    "library:edit": Rule(Cap.EDIT_LIBRARY, obj=DOC, writes=("POST",), scoped=False, note=EDIT),
    "library:synonyms": Rule(Cap.EDIT_LIBRARY, writes=("POST",), note=EDIT),
    "library:synonym_edit": Rule(Cap.EDIT_LIBRARY, writes=("POST",), get=False,
                                 extra=(("pk", "1"),), note=EDIT),
    "library:synonym_delete": Rule(Cap.EDIT_LIBRARY, writes=("POST",), get=False,
                                   extra=(("pk", "1"),), note=EDIT),
    "library:delete": Rule(Cap.EDIT_LIBRARY, obj=DOC, writes=("POST",), get=False,
                           scoped=False, note=EDIT),
}
