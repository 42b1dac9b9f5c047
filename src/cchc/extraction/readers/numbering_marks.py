"""Numbering marks as OCR misreads them, mended.

The marks of a task table's numbering column ("I", "1.", "a)", "-") carry the
task structure, and they are where Tesseract errs most: short, isolated, a
bracket or a stroke. Two kinds of repair, each for a known misreading only:
one mark at a time (``mend_mark``: "b}", "1,", "lI", "H"), and a letter against
the sequence it stands in (``mend_letter_marks``: "n)", "0)" → "o)").
"""

from __future__ import annotations

import re
import unicodedata

from cchc.extraction.layout import Block, Row, Table

MISREAD_MARK = re.compile(r"^(\w{1,3})[}\]]$")  # "b}", "12]": a numbering mark "b)", "12)"
MISREAD_NUMBER = re.compile(r"^(\d{1,2}),$")  # "1,": a numbering mark "1."
ROMAN = re.compile(r"[IVX]{1,4}\.?")  # a section number: "IV", "VI."
ROMAN_MISREAD = re.compile(r"[|lLIVX]{1,4}\.?")  # a section number such as "II", read "lI", "IL"
ALPHABET = "abcdđeghiklmnopqrstuvxy"  # the letters that number sub-tasks, in order
# What Tesseract reads for a letter, where it misreads one.
LOOK_ALIKES = {"i": "jí1l|!", "l": "1I|i", "o": "0ôơ", "s": "5$", "e": "8c", "g": "9q",
               "q": "9g", "b": "6", "t": "+f", "đ": "d", "u": "ư", "y": "ý"}  # fmt: skip
SPECK_EDGE = re.compile(r"^[_'\"`‘’“ˆ~.,—]+(?=\w)")  # specks read before a mark: "_36,", ".b)"
DOUBLED_DOTS = re.compile(
    r"^(\w{1,3}(?:\.\d{1,2})?)\.{2,}$"
)  # "1..", "1.2..": a speck after the dot
SHORT = re.compile(r"\w{1,3}(?:\.\d{1,2})?[.,)}\]]*")  # what may be a mark, specks and all
MARK = re.compile(r"\S{1,4}[).]|[IVX]{1,4}")  # what the numbering column holds: "a)", "1.", "II"
LETTER_MARK = re.compile(r"\S[).]")  # "a)", "a.", or what OCR made of one ("0)", "Ù)")


def mend_mark(text: str) -> str:
    """A numbering mark with Tesseract's usual misreadings undone: the closing
    bracket ("b}" → "b)"), the dot ("1," → "1.") and the strokes of a Roman
    numeral ("|", "lI", "L.", "IL", "H", "VỊ" → "I", "II", "I.", "II", "II", "VI"); and specks read as
    punctuation before it or as a second dot ("_36," → "36.", ".b)" → "b)", "1.." → "1.")."""
    if SHORT.fullmatch(bare := SPECK_EDGE.sub("", text)):  # a mark, not a cell's text
        text = DOUBLED_DOTS.sub(r"\1.", bare)
    bare = "".join(c for c in unicodedata.normalize("NFD", text) if not unicodedata.combining(c))
    if bare != text and ROMAN.fullmatch(bare):  # "VỊ": a speck read as a tone mark
        return bare
    # "L" (fifty) numbers no section of a plan: the foot of the serif "I" read as one.
    if ROMAN_MISREAD.fullmatch(text) and any(c in text for c in "|lL"):
        return text.replace("|", "I").replace("l", "I").replace("L", "I")
    if text in ("H", "H."):  # the two strokes of "II" run together
        return text.replace("H", "II")
    return MISREAD_NUMBER.sub(r"\1.", MISREAD_MARK.sub(r"\1)", text))


def mend_line_mark(line: str) -> str:
    """A scanned line with the numbering mark it opens with mended, where specks
    made it no mark (".b) Cơ quan", "1.. Về", "_2. Yêu cầu"); a line opening with a
    number and a comma ("3, 4 và 5") is only mended before a capital ("3, Về")."""
    first, space, rest = line.partition(" ")
    mended = mend_mark(first)
    if mended == first or not MARK.fullmatch(mended):
        return line
    if first.endswith(",") and not rest[:1].isupper():
        return line
    return mended + space + rest


def mend_letter_marks(blocks: list[Block]) -> None:
    """Undo misreadings inside a sequence of letter marks ("n)", "0)" → "o)").

    Sub-tasks are lettered a), b), c), d), đ), e), g), h), i), k), l)… in the
    Vietnamese alphabet, from one page to the next. Where a mark breaks the
    sequence, the letter due next is what was printed when what was read is
    - a known look-alike of it ("0" for o, "j" for i, "d" for đ) or its capital;
    - no sub-task letter at all ("Ù", "f") and the mark after it goes on from the
      letter due;
    - a digit that could be a number of its own ("1" after "h)") only when the
      mark after it goes on from the letter due.
    """
    marks: dict[int, list[tuple[Row, str]]] = {}  # column → its marks, in document order
    for block in blocks:
        if isinstance(block, Table):
            for row in block.rows:
                for column, text in enumerate(row.cells):
                    if MARK.fullmatch(text):
                        marks.setdefault(column, []).append((row, text))
    for column, found in marks.items():
        last = None
        for index, (row, text) in enumerate(found):
            if not LETTER_MARK.fullmatch(text):  # "1.2", "II": a new parent, letters restart
                last = None
                continue
            read, due = text[0], _next_letter(last)
            after = found[index + 1][1][0] if index + 1 < len(found) else None
            if due and read != due and _misread(read, due, goes_on=after == _next_letter(due)):
                read = due
                row.cells[column] = due + text[1:]
            last = read if read in ALPHABET else None


def _misread(read: str, due: str, goes_on: bool) -> bool:
    """Whether ``read``, where the letter ``due`` was expected, is that letter misread."""
    # A capital is the letter, except the Roman I, V, X that number sections.
    alike = read in LOOK_ALIKES.get(due, "") or (read.lower() == due and read not in "IVX")
    if read.isdigit():
        return alike and (read == "0" or goes_on)  # "0" is never a number mark
    if read not in ALPHABET:
        return alike or goes_on
    return alike


def _next_letter(letter: str | None) -> str | None:
    if letter is None or letter not in ALPHABET or letter == ALPHABET[-1]:
        return None
    return ALPHABET[ALPHABET.index(letter) + 1]
