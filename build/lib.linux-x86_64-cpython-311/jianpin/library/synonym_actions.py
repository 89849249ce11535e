"""Editors' changes to the search synonym groups: add, edit, delete; each audited.

Each change raises the version the searches read (synonym_store), so the next search in any
process uses the new groups; the index holds words as written and is not rebuilt.
"""
from __future__ import annotations

import re
from typing import Any

from django.db import transaction
from django.utils.translation import gettext

from jianpin.accounts.access import check_can
from jianpin.accounts.policy import Cap
from jianpin.audit.actions import record
from jianpin.kernel.errors import DomainError
from jianpin.library import synonym_store
from jianpin.library.models import SynonymGroup
from jianpin.library.text.fold import fold
from jianpin.library.text.segment import query_tokens

MAX_WORDS = 20
MAX_WORD = 50
_APART = re.compile(r"[\s,，、;；/]+")


def clean_words(text: str) -> str:
    """The group as stored: its words apart by one space, repeats dropped; or DomainError."""
    words = list(dict.fromkeys(w for w in _APART.split(text) if w))
    if len({fold(w) for w in words}) < 2:
        raise DomainError("synonyms.too_few", gettext("同义词组至少需要两个不同的词"))
    if len(words) > MAX_WORDS:
        raise DomainError("synonyms.too_many",
                          gettext("同义词组最多 %(n)d 个词") % {"n": MAX_WORDS})
    for word in words:
        if len(word) > MAX_WORD or not query_tokens(word):
            raise DomainError("synonyms.bad_word",
                              gettext("不能检索的词：%(word)s") % {"word": word[:MAX_WORD]})
    return " ".join(words)


def _check_new(words: str, exclude: int | None = None) -> None:
    same = SynonymGroup.objects.filter(words=words)
    if (same.exclude(pk=exclude) if exclude is not None else same).exists():
        raise DomainError("synonyms.duplicate", gettext("已有相同的同义词组"))


def _by(actor: Any) -> Any:
    return actor if getattr(actor, "pk", None) else None


def do_add_synonym_group(actor: Any, text: str) -> SynonymGroup:
    check_can(actor, Cap.EDIT_LIBRARY)
    words = clean_words(text)
    with transaction.atomic():
        synonym_store.ensure_stored()
        _check_new(words)
        group = SynonymGroup.objects.create(words=words, updated_by=_by(actor))
        record(actor, "library.synonyms.create", group, diff={"words": words})
        synonym_store.bump()
    return group


def do_update_synonym_group(actor: Any, group: SynonymGroup, text: str) -> SynonymGroup:
    check_can(actor, Cap.EDIT_LIBRARY)
    words = clean_words(text)
    with transaction.atomic():
        group = SynonymGroup.objects.select_for_update().get(pk=group.pk)
        if words == group.words:
            return group
        _check_new(words, exclude=group.pk)
        before = group.words
        group.words, group.updated_by = words, _by(actor)
        group.save(update_fields=["words", "updated_by", "updated_at"])
        record(actor, "library.synonyms.update", group, diff={"words": [before, words]})
        synonym_store.bump()
    return group


def do_delete_synonym_group(actor: Any, group: SynonymGroup) -> None:
    check_can(actor, Cap.EDIT_LIBRARY)
    with transaction.atomic():
        record(actor, "library.synonyms.delete", group, diff={"words": group.words})
        group.delete()
        synonym_store.bump()
