"""Plans copied from a legal-document website, made to read like the document.

Such copies break every sentence at about 80 characters and keep the page's
markdown emphasis (``**I. MỤC\nTIÊU**``); a paragraph ends at a blank line.
This step, format-blind like every step after the readers, joins the lines of
each paragraph back together when the whole document is written that way, so
that headings, items and sentences are whole again for the later stages.
A document whose lines are whole (most lines far longer, or no blank lines
between paragraphs) is left alone.
"""

from __future__ import annotations

import re

from cchc.extraction.fields.text import clean
from cchc.extraction.layout import Block, Paragraph
from cchc.extraction.vocabulary import is_site_trailer

# A line that starts an item of its own: a bullet, a number, a letter, a heading mark.
_ITEM_START = re.compile(
    r"^\s*(?:\*\*)?\s*(?:[-–+•]\s|\d{1,3}(?:\.\d{1,3})*[.)]\s|[a-zđ]\)\s|#|\|)"
)
_RULE = re.compile(r"^[-_=*]{3,}$")
_WRAP_MIN, _WRAP_MAX = 40, 160  # the widths websites cut lines at
_MIN_LINES = 20


def is_hard_wrapped(blocks: list[Block]) -> bool:
    """Whether the document's prose lines were cut at a fixed width.

    Hard-wrapped text has almost no line longer than the wrap width (taken as the
    length 97 % of the lines stay within, whatever width the site used), many
    lines close to it, and blank lines between paragraphs.
    """
    lines = [b.text.strip() for b in blocks if isinstance(b, Paragraph) and "|" not in b.text]
    texts = [t for t in lines if t]
    if len(texts) < _MIN_LINES:
        return False
    lengths = sorted(len(t) for t in texts)
    width = lengths[int(0.97 * (len(lengths) - 1))]
    if not _WRAP_MIN <= width <= _WRAP_MAX:
        return False
    wrapped = sum(1 for n in lengths if 0.5 * width <= n <= width)
    blanks = len(lines) - len(texts)
    return wrapped >= 0.2 * len(texts) and blanks >= 0.05 * len(lines)


def join_wrapped_lines(blocks: list[Block]) -> list[Block]:
    """Each paragraph of a hard-wrapped document as one block (see the module)."""
    if not is_hard_wrapped(blocks):
        return blocks
    out: list[Block] = []
    previous: Paragraph | None = None  # the paragraph the next line may continue
    for block in blocks:
        if not isinstance(block, Paragraph):
            out.append(block)
            previous = None
            continue
        text = block.text.strip()
        if _RULE.match(text):
            previous = None  # a drawn line under a name ("-------"): decoration, a boundary
            continue
        if not text or text.startswith("|") or text.endswith("|"):
            out.append(block)
            previous = None
            continue
        if previous is not None and not _ITEM_START.match(text):
            previous.text = f"{previous.text.rstrip()} {text}"
            previous.emphasis = previous.emphasis or _bold(previous.text)
            continue
        paragraph = Paragraph(block.text, block.source, emphasis=block.emphasis)
        out.append(paragraph)
        previous = paragraph
    return out


def _bold(text: str) -> bool:
    stripped = text.strip()
    return len(clean(stripped)) > 2 and stripped.startswith("**") and stripped.endswith("**")


_TRAILER_WINDOW = 6  # lines within which a second furniture line confirms the page's end


def drop_site_trailer(blocks: list[Block]) -> list[Block]:
    """The blocks before the website's furniture that follows a copied document.

    A site prints tabs and links after the text ("Lưu trữ", "Ghi chú", "Văn bản
    liên quan", "Tải về", share links); one such line alone may be the plan's own
    ("Ghi chú" under a table), so the document ends only at the first of two
    within a few lines.
    """
    texts = [b.text if isinstance(b, Paragraph) else None for b in blocks]
    for index, text in enumerate(texts):
        if text is None or not is_site_trailer(text):
            continue
        following = [t for t in texts[index + 1 : index + 1 + _TRAILER_WINDOW] if t and t.strip()]
        if any(is_site_trailer(t) for t in following):
            return blocks[:index]
    return blocks
