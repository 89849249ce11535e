"""The editors' page for search synonym groups (检索同义词): list, add, edit, delete."""
from __future__ import annotations

from django.contrib import messages
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from jianpin.accounts.access import requires
from jianpin.accounts.policy import Cap
from jianpin.kernel.errors import DomainError
from jianpin.library import synonym_actions, synonym_store
from jianpin.library.models import SynonymGroup


def _group(pk: int) -> SynonymGroup:
    group = SynonymGroup.objects.filter(pk=pk).first()
    if group is None:
        raise Http404
    return group


@requires(Cap.EDIT_LIBRARY)
@require_http_methods(["GET", "POST"])
def synonyms(request: HttpRequest) -> HttpResponse:
    text = ""
    if request.method == "POST":
        text = request.POST.get("words", "")[:1000]
        try:
            group = synonym_actions.do_add_synonym_group(request.user, text)
        except DomainError as exc:
            messages.error(request, exc.message)
        else:
            messages.success(request, _("已添加同义词组：%(words)s") % {"words": group.words})
            return redirect("library:synonyms")
    return render(request, "library/synonyms.html", {
        "groups": synonym_store.groups(), "text": text, "can_edit": True})


@requires(Cap.EDIT_LIBRARY)
@require_POST
def synonym_edit(request: HttpRequest, pk: int) -> HttpResponse:
    try:
        group = synonym_actions.do_update_synonym_group(
            request.user, _group(pk), request.POST.get("words", "")[:1000])
    except DomainError as exc:
        messages.error(request, exc.message)
    else:
        messages.success(request, _("已保存同义词组：%(words)s") % {"words": group.words})
    return redirect("library:synonyms")


@requires(Cap.EDIT_LIBRARY)
@require_POST
def synonym_delete(request: HttpRequest, pk: int) -> HttpResponse:
    group = _group(pk)
    synonym_actions.do_delete_synonym_group(request.user, group)
    messages.success(request, _("已删除同义词组：%(words)s") % {"words": group.words})
    return redirect("library:synonyms")
