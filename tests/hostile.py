"""Small hostile files, built in bytes: what a malicious or broken upload looks like.

Shared by the regression tests and ``benchmarks/fuzz_uploads.py``. Each builder
returns the file's bytes; the files are tiny on disk and huge once unpacked,
declared or rendered.
"""

from __future__ import annotations

import io
import zipfile
import zlib

_CONTENT_TYPES_DOCX = (
    '<?xml version="1.0" encoding="UTF-8"?>'
    '<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">'
    '<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/>'
    '<Default Extension="xml" ContentType="application/xml"/>'
    '<Override PartName="/word/document.xml" ContentType="application/vnd.openxmlformats-'
    'officedocument.wordprocessingml.document.main+xml"/></Types>'
)
_RELS_DOCX = (
    '<?xml version="1.0" encoding="UTF-8"?>'
    '<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
    '<Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/'
    'relationships/officeDocument" Target="word/document.xml"/></Relationships>'
)
_W = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"


def _zip(members: dict[str, bytes]) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED, compresslevel=9) as archive:
        for name, data in members.items():
            archive.writestr(name, data)
    return buffer.getvalue()


def docx_with_body(body: bytes) -> bytes:
    """A minimal .docx whose document body is ``body`` (raw WordprocessingML)."""
    document = (
        (
            f'<?xml version="1.0" encoding="UTF-8" standalone="yes"?><w:document xmlns:w="{_W}">'
            "<w:body>"
        ).encode()
        + body
        + b"</w:body></w:document>"
    )
    return _zip(
        {
            "[Content_Types].xml": _CONTENT_TYPES_DOCX.encode(),
            "_rels/.rels": _RELS_DOCX.encode(),
            "word/document.xml": document,
        }
    )


def docx_bomb(unpacked_mb: float) -> bytes:
    """A .docx whose document.xml unpacks to about ``unpacked_mb`` MB of short paragraphs."""
    paragraph = b"<w:p><w:r><w:t>K\xe1\xba\xbf ho\xe1\xba\xa1ch c\xe1\xba\xa3i c\xc3\xa1ch</w:t></w:r></w:p>"
    return docx_with_body(paragraph * int(unpacked_mb * 2**20 / len(paragraph)))


def docx_deep_tables(depth: int) -> bytes:
    """A .docx with ``depth`` tables nested one in the cell of another."""
    open_ = b"<w:tbl><w:tr><w:tc><w:p><w:r><w:t>x</w:t></w:r></w:p>"
    close = b"</w:tc></w:tr></w:tbl>"
    return docx_with_body(open_ * depth + close * depth)


def xlsx_declared(rows: int = 6001, last_column: str = "XFD", header=()) -> bytes:
    """An .xlsx with a few real cells, empty row elements down to ``rows`` and a declared
    dimension of A1:<last_column><rows>: each empty row is padded to the declared width.

    ``header`` fills the first row (strings), so the file passes a header check.
    """
    cells = "".join(
        f'<c r="{_column(i)}1" t="inlineStr"><is><t>{text}</t></is></c>'
        for i, text in enumerate(header, 1)
    )
    sheet = (
        '<?xml version="1.0" encoding="UTF-8"?>'
        '<worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main">'
        f'<dimension ref="A1:{last_column}{rows}"/><sheetData>'
        f'<row r="1">{cells}</row>'
        f'<row r="2"><c r="A2"><v>1</v></c></row>'
        + "".join(f'<row r="{r}"/>' for r in range(3, rows + 1))
        + "</sheetData></worksheet>"
    )
    return _xlsx(sheet.encode())


def xlsx_wide_rows(rows: int = 6000) -> bytes:
    """An .xlsx whose every row has one real cell in the last column (XFD): no declared
    dimension, yet each row is 16 384 cells wide once padded."""
    body = "".join(f'<row r="{r}"><c r="XFD{r}"><v>1</v></c></row>' for r in range(1, rows + 1))
    sheet = (
        '<?xml version="1.0" encoding="UTF-8"?>'
        '<worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main">'
        f"<sheetData>{body}</sheetData></worksheet>"
    )
    return _xlsx(sheet.encode())


def xlsx_shared_strings_bomb(unpacked_mb: float) -> bytes:
    """An .xlsx whose shared-strings table unpacks to about ``unpacked_mb`` MB."""
    item = b"<si><t>" + b"A" * 200 + b"</t></si>"
    count = int(unpacked_mb * 2**20 / len(item))
    strings = (
        b'<?xml version="1.0" encoding="UTF-8"?>'
        b'<sst xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main">'
        + item * count
        + b"</sst>"
    )
    sheet = (
        b'<?xml version="1.0" encoding="UTF-8"?>'
        b'<worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main">'
        b'<sheetData><row r="1"><c r="A1" t="s"><v>0</v></c></row></sheetData></worksheet>'
    )
    return _xlsx(sheet, shared_strings=strings)


def _column(index: int) -> str:
    letters = ""
    while index:
        index, rest = divmod(index - 1, 26)
        letters = chr(65 + rest) + letters
    return letters


def _xlsx(sheet: bytes, shared_strings: bytes | None = None) -> bytes:
    main = "http://schemas.openxmlformats.org/spreadsheetml/2006/main"
    rel = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
    types = (
        '<?xml version="1.0" encoding="UTF-8"?>'
        '<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">'
        '<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.'
        'relationships+xml"/><Default Extension="xml" ContentType="application/xml"/>'
        '<Override PartName="/xl/workbook.xml" ContentType="application/vnd.openxmlformats-'
        'officedocument.spreadsheetml.sheet.main+xml"/>'
        '<Override PartName="/xl/worksheets/sheet1.xml" ContentType="application/vnd.'
        'openxmlformats-officedocument.spreadsheetml.worksheet+xml"/>'
        + (
            '<Override PartName="/xl/sharedStrings.xml" ContentType="application/vnd.'
            'openxmlformats-officedocument.spreadsheetml.sharedStrings+xml"/>'
            if shared_strings
            else ""
        )
        + "</Types>"
    )
    root_rels = (
        '<?xml version="1.0" encoding="UTF-8"?>'
        '<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
        f'<Relationship Id="rId1" Type="{rel}/officeDocument" Target="xl/workbook.xml"/>'
        "</Relationships>"
    )
    workbook = (
        f'<?xml version="1.0" encoding="UTF-8"?><workbook xmlns="{main}" xmlns:r="{rel}">'
        '<sheets><sheet name="Sheet1" sheetId="1" r:id="rId1"/></sheets></workbook>'
    )
    book_rels = (
        '<?xml version="1.0" encoding="UTF-8"?>'
        '<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
        f'<Relationship Id="rId1" Type="{rel}/worksheet" Target="worksheets/sheet1.xml"/>'
        + (
            f'<Relationship Id="rId2" Type="{rel}/sharedStrings" Target="sharedStrings.xml"/>'
            if shared_strings
            else ""
        )
        + "</Relationships>"
    )
    members = {
        "[Content_Types].xml": types.encode(),
        "_rels/.rels": root_rels.encode(),
        "xl/workbook.xml": workbook.encode(),
        "xl/_rels/workbook.xml.rels": book_rels.encode(),
        "xl/worksheets/sheet1.xml": sheet,
    }
    if shared_strings:
        members["xl/sharedStrings.xml"] = shared_strings
    return _zip(members)


def pdf_blank_page(width_pt: float, height_pt: float | None = None, pages: int = 1) -> bytes:
    """A PDF of ``pages`` blank pages of ``width_pt`` × ``height_pt`` points: no text
    layer, so it is a "scan" that OCR would render."""
    height_pt = width_pt if height_pt is None else height_pt
    objects = [b"<< /Type /Catalog /Pages 2 0 R >>"]
    kids = " ".join(f"{3 + i} 0 R" for i in range(pages))
    objects.append(f"<< /Type /Pages /Kids [{kids}] /Count {pages} >>".encode())
    for _ in range(pages):
        objects.append(
            f"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 {width_pt} {height_pt}] >>".encode()
        )
    return _pdf(objects)


def pdf_drawing(width_pt: float, content: bytes, compress: bool = True) -> bytes:
    """One square page of ``width_pt`` points drawing ``content`` (PDF operators),
    deflated when ``compress``: ``b"0 0 m 1 1 l S\\n" * 10**6`` is a 100 KB file that
    inflates to 14 MB of line segments."""
    stream = zlib.compress(content, 9) if compress else content
    extra = b" /Filter /FlateDecode" if compress else b""
    objects = [
        b"<< /Type /Catalog /Pages 2 0 R >>",
        b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
        f"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 {width_pt} {width_pt}] /Contents 4 0 R >>".encode(),
        b"<< /Length %d%s >>\nstream\n" % (len(stream), extra) + stream + b"\nendstream",
    ]
    return _pdf(objects)


def _pdf(objects: list[bytes]) -> bytes:
    out = io.BytesIO()
    out.write(b"%PDF-1.4\n")
    offsets = []
    for number, body in enumerate(objects, 1):
        offsets.append(out.tell())
        out.write(f"{number} 0 obj\n".encode() + body + b"\nendobj\n")
    xref = out.tell()
    out.write(f"xref\n0 {len(objects) + 1}\n0000000000 65535 f \n".encode())
    for offset in offsets:
        out.write(f"{offset:010d} 00000 n \n".encode())
    out.write(
        f"trailer\n<< /Size {len(objects) + 1} /Root 1 0 R >>\nstartxref\n{xref}\n%%EOF\n".encode()
    )
    return out.getvalue()


RTF = (
    b"{\\rtf1\\ansi\\deff0{\\fonttbl{\\f0 Times New Roman;}}"
    b"\\f0\\fs24 K\\'ea ho\\'e1ch c\\'e3i c\\'e1ch h\\'e0nh ch\\'ednh\\par}"
)


def docx_wide_span(span: int = 100_000_000) -> bytes:
    """A .docx with one cell declaring ``gridSpan`` of ``span`` columns."""
    cell = (
        f'<w:tbl><w:tr><w:tc><w:tcPr><w:gridSpan w:val="{span}"/></w:tcPr>'
        "<w:p><w:r><w:t>Nội dung</w:t></w:r></w:p></w:tc></w:tr></w:tbl>"
    )
    return docx_with_body(cell.encode())


def docx_many_paragraphs(count: int) -> bytes:
    """A .docx of ``count`` distinct paragraphs: it compresses like a real document."""
    body = b"".join(
        f"<w:p><w:r><w:t>Nhiệm vụ {i}: rà soát thủ tục {i * 7919 % 100003}</w:t></w:r></w:p>".encode()
        for i in range(count)
    )
    return docx_with_body(body)


def ole_not_word() -> bytes:
    """An OLE2 compound file that is not a Word document (a spreadsheet stream)."""
    return b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\x00" * 504 + "Workbook".encode("utf-16-le")


# Run in a separate interpreter by run_extract(): the real entry point, the time and
# the peak memory of the process that read the file.
_WORKER = """
import resource, sys, time
from cchc.extraction import UnreadableDocument, extract
start = time.monotonic()
try:
    extract(sys.argv[1])
    answer = "read"
except UnreadableDocument as exc:
    answer = "refused: " + exc.reason
peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
print(f"{time.monotonic() - start:.2f}\\t{peak:.0f}\\t{answer}")
"""


def run_extract(path, timeout: float = 30, env: dict | None = None) -> tuple[float, float, str]:
    """(seconds, peak MB, answer) of ``cchc.extraction.extract(path)`` in a fresh process,
    whose address space is capped at 3 GB so that a bomb cannot take the machine down.
    Raises ``subprocess.TimeoutExpired`` when it does not answer within ``timeout``."""
    import os
    import resource
    import subprocess
    import sys

    def cap() -> None:
        resource.setrlimit(resource.RLIMIT_AS, (3 * 2**30, 3 * 2**30))

    result = subprocess.run(
        [sys.executable, "-c", _WORKER, str(path)],
        capture_output=True,
        text=True,
        timeout=timeout,
        preexec_fn=cap,
        env={**os.environ, **(env or {})},
        check=False,
    )
    if result.returncode != 0:
        return 0.0, 0.0, "crashed: " + result.stderr.strip().splitlines()[-1]
    seconds, peak, answer = result.stdout.strip().splitlines()[-1].split("\t", 2)
    return float(seconds), float(peak), answer
