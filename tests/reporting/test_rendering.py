"""The rendered page: the consolidated .docx converted by LibreOffice to PDF and its first
page to PNG (``pdftoppm``), kept under test-output/reporting/ to look at.

Skips, saying why, only when LibreOffice (``soffice``) is not installed; scripts/test
installs it (and poppler-utils) where it can.
"""

from __future__ import annotations

import shutil
import subprocess
from datetime import date
from decimal import Decimal
from pathlib import Path

import pytest
from django.urls import reverse
from tests.reporting.helpers import cycle, update, write_report

from cchc.reporting import documents, selectors, services

pytestmark = pytest.mark.django_db
OUTPUT = Path(__file__).resolve().parents[2] / "test-output" / "reporting"


@pytest.mark.skipif(
    documents.soffice() is None,
    reason="LibreOffice (soffice) is not installed: apt-get install libreoffice-writer-nogui",
)
def test_first_page_rendered_to_png(published_plan, users, directory, clock):
    plan = published_plan
    update(plan, "1", users["focal_stp"], progress=Decimal(40))
    update(plan, "2", users["focal_stttt"], action="done", completed_on=date(2025, 2, 20))
    q1 = cycle(plan)
    report = write_report(q1, directory["stp"], users["focal_stp"], value="96")
    services.submit_report(report, users["focal_stp"])
    services.accept_report(report, users["office"])
    clock.set(date(2025, 3, 20))

    pdf = documents.docx_to_pdf(documents.render_docx(selectors.consolidated(q1)))
    assert pdf.startswith(b"%PDF")
    OUTPUT.mkdir(parents=True, exist_ok=True)
    (OUTPUT / "bao-cao-tong-hop.pdf").write_bytes(pdf)

    if shutil.which("pdftoppm") is None:
        pytest.skip("pdftoppm (poppler-utils) is not installed: the PDF is kept, no PNG")
    target = OUTPUT / "bao-cao-tong-hop-trang-1"
    subprocess.run(
        [
            "pdftoppm",
            "-png",
            "-r",
            "80",
            "-f",
            "1",
            "-l",
            "1",
            "-singlefile",
            str(OUTPUT / "bao-cao-tong-hop.pdf"),
            str(target),
        ],
        check=True,
        timeout=60,
    )
    png = target.with_suffix(".png")
    assert png.read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"
    # an A4 page at 80 dpi: about 661 × 935 pixels, portrait
    width, height = int.from_bytes(png.read_bytes()[16:20]), int.from_bytes(png.read_bytes()[20:24])
    assert (abs(width - 661) <= 2, abs(height - 935) <= 2) == (True, True)
    text = subprocess.run(
        ["pdftotext", "-f", "1", "-l", "1", "-layout", str(OUTPUT / "bao-cao-tong-hop.pdf"), "-"],
        check=True,
        capture_output=True,
        text=True,
        timeout=60,
    ).stdout
    assert "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM" in text
    assert "BÁO CÁO" in text


@pytest.mark.skipif(documents.soffice() is None, reason="LibreOffice (soffice) is not installed")
def test_pdf_download(client, published_plan, users):
    q1 = cycle(published_plan)
    client.force_login(users["office"])
    url = reverse(
        "reporting:consolidated_file", kwargs={"plan_pk": published_plan.pk, "fmt": "pdf"}
    )
    response = client.get(f"{url}?cycle={q1.pk}")
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    assert response.content.startswith(b"%PDF")
