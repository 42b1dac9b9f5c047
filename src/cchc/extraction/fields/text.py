"""Small text helpers shared by every parser."""

from __future__ import annotations

import re
import unicodedata

_SPACES = re.compile(r"\s+")
# Markdown emphasis and HTML tags that survive in cells of copied documents.
_MARKUP = re.compile(r"</?(?:b|i|u|strong|em|span|p|br|sup|sub|font)\b[^>]*>|\*\*|__|~~", re.I)


def nfc(text: str) -> str:
    return unicodedata.normalize("NFC", text)


def collapse(text: str) -> str:
    """Whitespace collapsed to single spaces, ends stripped."""
    return _SPACES.sub(" ", text).strip()


def strip_markup(text: str) -> str:
    return _MARKUP.sub("", text)


def clean(text: str | None) -> str:
    """The form every cell is compared and stored in: NFC, no markup, collapsed."""
    if not text:
        return ""
    return collapse(strip_markup(nfc(text)).replace("\u00a0", " "))


def clean_lines(text: str | None) -> str:
    """Like :func:`clean` but keeping line breaks, which separate items in agency
    and deadline cells ("Sở Thông tin và Truyền thông⏎Bưu điện thành phố")."""
    if not text:
        return ""
    lines = (clean(line) for line in text.splitlines())
    return "\n".join(line for line in lines if line)


def fold(text: str) -> str:
    """Lower-case without tone marks, for keyword tests (``Quý`` → ``quy``)."""
    decomposed = unicodedata.normalize("NFD", text.lower()).replace("đ", "d")
    return "".join(c for c in decomposed if not unicodedata.combining(c))
