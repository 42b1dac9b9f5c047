"""Small text helpers shared by every parser."""

from __future__ import annotations

import functools
import re
import unicodedata

# Markdown emphasis and HTML tags that survive in cells of copied documents.
_MARKUP = re.compile(r"</?(?:b|i|u|strong|em|span|p|br|sup|sub|font)\b[^>]*>|\*\*|__|~~", re.I)


def nfc(text: str) -> str:
    return unicodedata.normalize("NFC", text)


def collapse(text: str) -> str:
    """Whitespace collapsed to single spaces, ends stripped."""
    return " ".join(text.split())  # str.split() knows the same whitespace as \s


# Markdown italics ("*(danh mục chi tiết …)*"): a single star on each side of a phrase.
_ITALIC = re.compile(r"(?<![*\w])\*(?=[^\s*])([^*\n]*?[^\s*])\*(?![*\w])")


def strip_markup(text: str) -> str:
    if "<" not in text and "*" not in text and "_" not in text and "~" not in text:
        return text  # the common case, without running the regex
    text = _MARKUP.sub("", text)
    return _ITALIC.sub(r"\1", text) if "*" in text else text


# The stages of the pipeline clean and fold the same lines and cells again and again
# (two calls in three repeat one): short texts are remembered. Long ones are not, so
# that the cache stays small (16 384 texts of at most 256 characters) whatever the
# documents a worker reads.
_CACHED_CHARS = 256


def clean(text: str | None) -> str:
    """The form every cell is compared and stored in: NFC, no markup, collapsed."""
    if not text:
        return ""
    return _clean_short(text) if len(text) <= _CACHED_CHARS else _clean(text)


def _clean(text: str) -> str:
    return collapse(strip_markup(nfc(text)).replace("\u00a0", " "))


_clean_short = functools.lru_cache(maxsize=16384)(_clean)


def clean_lines(text: str | None) -> str:
    """Like :func:`clean` but keeping line breaks, which separate items in agency
    and deadline cells ("Sở Thông tin và Truyền thông⏎Bưu điện thành phố")."""
    if not text:
        return ""
    lines = (clean(line) for line in text.splitlines())
    return "\n".join(line for line in lines if line)


def _fold_table() -> dict[int, int | None]:
    """Each accented Latin letter → its base letter; combining marks → nothing."""
    table: dict[int, int | None] = {ord("đ"): ord("d"), ord("Đ"): ord("d")}
    for code in range(0x00C0, 0x1EFF + 1):
        base = unicodedata.normalize("NFD", chr(code))[0]
        if base != chr(code) and base.isascii():
            table[code] = ord(base.lower())
    for code in range(0x0300, 0x0370):
        table[code] = None
    return table


_FOLD = _fold_table()


def fold(text: str) -> str:
    """Lower-case without tone marks, for keyword tests (``Quý`` → ``quy``).

    One character in, one out for NFC text, so offsets in the folded text are
    offsets in the original (the parsers rely on it).
    """
    return _fold_short(text) if len(text) <= _CACHED_CHARS else _fold(text)


def _fold(text: str) -> str:
    return text.lower().translate(_FOLD)


_fold_short = functools.lru_cache(maxsize=16384)(_fold)
