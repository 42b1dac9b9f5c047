"""How stored values read on a page.

``{{ task.ref|display_ref }}``: a task's number as the document wrote it. The
extraction keeps every ref unique by suffixing a repeated one ("VI.4#2": the
second row numbered VI.4, "VI.4#2.1" its first sub-row); the suffix is an
internal key, and the reader sees "VI.4" and "VI.4.1".

``{{ doubt|doubt_text }}``: an extraction doubt in the interface's language. The
library writes each doubt as "Vietnamese / English" (it has no translation
machinery); the page shows the half in the active language.
"""

from __future__ import annotations

import re

from django import template
from django.utils import translation

register = template.Library()

_SUFFIX = re.compile(r"#\d+")


def display_ref(ref: str | None) -> str:
    return _SUFFIX.sub("", ref or "")


def doubt_text(doubt: str | None) -> str:
    """ "không hiểu thời hạn / deadline not understood: Quý V" → "không hiểu thời hạn: Quý V"."""
    vietnamese, sep, english = (doubt or "").partition(" / ")
    if not sep:
        return vietnamese
    if (translation.get_language() or "vi").startswith("en"):
        return english
    _label, colon, detail = english.partition(": ")
    return f"{vietnamese}: {detail}" if colon else vietnamese


register.filter("display_ref", display_ref)
register.filter("doubt_text", doubt_text)
