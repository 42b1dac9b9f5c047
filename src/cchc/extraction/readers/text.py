"""Plain text (.txt, .md and any other text): one paragraph per physical line.

The text is kept raw (tabs, markdown marks, pipes) because table recovery
downstream reads the line structure. What this module does is find the
encoding: UTF-8 (with or without BOM), UTF-16 (BOM or NUL pattern),
Windows-1258, and the legacy TCVN3 (ABC) font encoding that old Vietnamese
Word documents and their text exports still use. The result is NFC.
"""

from __future__ import annotations

import codecs
import re
import unicodedata
from pathlib import Path

from cchc.extraction.errors import UnreadableDocument
from cchc.extraction.layout import Layout, Paragraph, Source

BINARY = "tệp nhị phân không phải văn bản / binary file, not a document"

# TCVN3 (TCVN 5712:1993 "ABC"): Vietnamese letters at byte positions that
# Latin-1 shows as symbols. Text typed in the .VnTime fonts arrives as those
# Latin-1 characters ("C¶i c¸ch hµnh chÝnh"). Capitals with a tone mark have
# no code of their own: the "H" fonts (.VnTimeH) draw the lowercase codes as
# capitals, so without the font they come back lowercase.
TCVN3 = {
    0xA1: "Ă", 0xA2: "Â", 0xA3: "Ê", 0xA4: "Ô", 0xA5: "Ơ", 0xA6: "Ư", 0xA7: "Đ",
    0xA8: "ă", 0xA9: "â", 0xAA: "ê", 0xAB: "ô", 0xAC: "ơ", 0xAD: "ư", 0xAE: "đ",
    0xB5: "à", 0xB6: "ả", 0xB7: "ã", 0xB8: "á", 0xB9: "ạ",
    0xBB: "ằ", 0xBC: "ẳ", 0xBD: "ẵ", 0xBE: "ắ", 0xC6: "ặ",
    0xC7: "ầ", 0xC8: "ẩ", 0xC9: "ẫ", 0xCA: "ấ", 0xCB: "ậ",
    0xCC: "è", 0xCE: "ẻ", 0xCF: "ẽ", 0xD0: "é", 0xD1: "ẹ",
    0xD2: "ề", 0xD3: "ể", 0xD4: "ễ", 0xD5: "ế", 0xD6: "ệ",
    0xD7: "ì", 0xD8: "ỉ", 0xDC: "ĩ", 0xDD: "í", 0xDE: "ị",
    0xDF: "ò", 0xE1: "ỏ", 0xE2: "õ", 0xE3: "ó", 0xE4: "ọ",
    0xE5: "ồ", 0xE6: "ổ", 0xE7: "ỗ", 0xE8: "ố", 0xE9: "ộ",
    0xEA: "ờ", 0xEB: "ở", 0xEC: "ỡ", 0xED: "ớ", 0xEE: "ợ",
    0xEF: "ù", 0xF1: "ủ", 0xF2: "ũ", 0xF3: "ú", 0xF4: "ụ",
    0xF5: "ừ", 0xF6: "ử", 0xF7: "ữ", 0xF8: "ứ", 0xF9: "ự",
    0xFA: "ỳ", 0xFB: "ỷ", 0xFC: "ỹ", 0xFD: "ý", 0xFE: "ỵ",
}  # fmt: skip

# Latin-1 symbols that are frequent Vietnamese letters in TCVN3 (đ, ư, ơ, â,
# ê, ô, ă, à, á, ả, ạ, ...) but rare in real Latin-1/Windows-1258 text.
_TCVN3_MARKERS = "¨©ª«¬\xad®µ¶·¸¹»¼½¾"
# Letters only real Unicode Vietnamese has (ă đ ơ ư, the U+1EA0 block).
_UNICODE_VIETNAMESE = re.compile("[ăĂđĐơƠưƯ\u1ea0-\u1ef9]")
_SAMPLE = 1 << 20  # characters looked at to recognise TCVN3


def tcvn3_to_unicode(text: str) -> str:
    """Convert TCVN3 text (seen as Latin-1 characters) to Unicode."""
    return text.translate(TCVN3)


def looks_like_tcvn3(text: str) -> bool:
    """True when ``text`` reads as TCVN3 letters shown through Latin-1."""
    sample = text[:_SAMPLE]
    markers = sum(sample.count(c) for c in _TCVN3_MARKERS)
    genuine = len(_UNICODE_VIETNAMESE.findall(sample))
    return markers >= 3 and markers > 2 * genuine and markers >= 0.005 * len(sample)


def decode(data: bytes, path: str) -> str:
    """Bytes of a text document → NFC text; raises for binary data."""
    if data.startswith(codecs.BOM_UTF8):
        text = data.decode("utf-8-sig", errors="replace")
    elif data.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        text = data.decode("utf-16", errors="replace")
    elif encoding := _utf16_without_bom(data[:4096]):
        text = data.decode(encoding, errors="replace")
    elif _looks_binary(data[:8192]):
        raise UnreadableDocument(path, BINARY)
    else:
        text = _decode_8bit(data)
    if looks_like_tcvn3(text):
        text = tcvn3_to_unicode(text)
    # Windows-1258 and some editors write tone marks as combining characters.
    if not unicodedata.is_normalized("NFC", text):
        text = unicodedata.normalize("NFC", text)
    return text


def _utf16_without_bom(sample: bytes) -> str | None:
    """UTF-16 without BOM: mostly-ASCII text has a NUL in every other byte."""
    pairs = len(sample) // 2
    if pairs < 4:
        return None
    even, odd = sample[0::2].count(0), sample[1::2].count(0)
    if odd > 0.3 * pairs and even < 0.05 * pairs:
        return "utf-16-le"
    if even > 0.3 * pairs and odd < 0.05 * pairs:
        return "utf-16-be"
    return None


def _looks_binary(sample: bytes) -> bool:
    if b"\x00" in sample:
        return True
    controls = sum(sample.count(b) for b in range(32) if b not in b"\t\n\r\f\x1a\x1b")
    return controls > 0.05 * len(sample)


def _decode_8bit(data: bytes) -> str:
    """UTF-8 if the bytes are UTF-8 (allowing a few damaged sequences), else legacy."""
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError:
        pass
    text = data.decode("utf-8", errors="replace")
    bad = text.count("\ufffd")
    non_ascii = len(text) - len(text.encode("ascii", errors="ignore"))
    if non_ascii - bad > 10 * bad:  # a few broken bytes in a real UTF-8 file
        return text
    del text
    latin = data.decode("latin-1")
    if looks_like_tcvn3(latin):
        return latin  # converted by the caller
    return data.decode("cp1258", errors="replace")


def split_lines(text: str) -> list[str]:
    """Physical lines (\\n, \\r\\n or \\r), unlike str.splitlines which also
    splits on form feeds and other separators editors do not count as lines."""
    if "\r" in text:
        text = text.replace("\r\n", "\n").replace("\r", "\n")
    lines = text.split("\n")
    if lines[-1] == "":
        lines.pop()  # the newline that ends the last line
    return lines


def _emphasis(line: str) -> bool:
    """Markdown heading or a line wholly in bold (``**KẾ HOẠCH**``)."""
    if line.startswith("#"):
        return True
    stripped = line.strip()
    return len(stripped) > 4 and stripped.startswith("**") and stripped.endswith("**")


def read(path: Path) -> Layout:
    # Nested calls so that neither the bytes nor the whole text outlive the
    # step that needs them: a 50 MB file is held once as lines, not three times.
    lines = split_lines(decode(path.read_bytes(), str(path)))
    blocks = [
        Paragraph(line, Source(line=n), emphasis=_emphasis(line)) for n, line in enumerate(lines, 1)
    ]
    return Layout(blocks=blocks, name=path.name)
