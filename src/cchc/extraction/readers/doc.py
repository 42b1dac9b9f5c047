"""Legacy Word .doc (an OLE2 file with a WordDocument stream): converted to .docx by LibreOffice, then read
by the docx reader. Without LibreOffice the file is refused with a reason
that tells the user what to do.
"""

from __future__ import annotations

import shutil
import subprocess
import tempfile
from pathlib import Path

from cchc.extraction.errors import UnreadableDocument
from cchc.extraction.layout import Layout
from cchc.extraction.readers import docx

NO_LIBREOFFICE = (
    "cần LibreOffice để đọc tệp Word cũ (.doc) — hãy lưu lại thành .docx / "
    "legacy Word file needs LibreOffice, which is not installed — save it as .docx"
)
_TIMEOUT = 180  # seconds; a stuck conversion must not hang the caller


def _soffice() -> str | None:
    return shutil.which("soffice") or shutil.which("libreoffice")


def read(path: Path) -> Layout:
    soffice = _soffice()
    if soffice is None:
        raise UnreadableDocument(str(path), NO_LIBREOFFICE)
    with tempfile.TemporaryDirectory() as tmp:
        out_dir = Path(tmp)
        command = [
            soffice,
            # A private profile: otherwise a LibreOffice the user has open
            # takes the request and the conversion silently does nothing.
            f"-env:UserInstallation={(out_dir / 'profile').as_uri()}",
            "--headless",
            "--convert-to",
            "docx",
            "--outdir",
            str(out_dir),
            str(path.resolve()),
        ]
        try:
            subprocess.run(command, capture_output=True, timeout=_TIMEOUT, check=False)
        except subprocess.TimeoutExpired as exc:
            raise UnreadableDocument(
                str(path), "LibreOffice chuyển đổi quá lâu / LibreOffice conversion timed out"
            ) from exc
        converted = out_dir / f"{path.stem}.docx"
        if not converted.is_file():
            raise UnreadableDocument(
                str(path),
                "LibreOffice không chuyển được tệp Word cũ / LibreOffice could not convert the file",
            )
        try:
            layout = docx.read(converted)
        except UnreadableDocument as exc:  # over a limit: name the file the user sent
            raise UnreadableDocument(str(path), exc.reason) from exc
    layout.name = path.name
    return layout
