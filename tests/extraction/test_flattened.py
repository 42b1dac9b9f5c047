"""Flattened-table recovery: seed 002 against its gold, no false positives,
and a synthetic table flattened the way the scraper does it."""

from __future__ import annotations

import json
import re
import unicodedata
from difflib import SequenceMatcher
from pathlib import Path

import pytest

from cchc.extraction.flattened import recover_flattened, restore_hyphens
from cchc.extraction.layout import Paragraph, Row, Source, Table

SHARED = Path(__file__).resolve().parents[3] / "shared"
SEED = SHARED / "seeds" / "002_a2a41dcf411dc71f.txt"
GOLD = SHARED / "gold" / "002_a2a41dcf411dc71f.json"
NBSP = "\xa0"


def _norm(text: str) -> str:
    return " ".join(unicodedata.normalize("NFC", text).split()).lower()


def _tokens(text: str) -> set[str]:
    """Loose comparison of agency or deadline cells: the set of words, ignoring
    punctuation, case, "các"/"và", and hyphens (the agency parser does the rest)."""
    words = re.findall(r"\w+", _norm(text).replace("-", " "))
    return {w for w in words if w not in {"các", "và"}}


def _lines(path: Path) -> list[Paragraph]:
    text = path.read_text(encoding="utf-8")
    return [Paragraph(line, Source(line=n)) for n, line in enumerate(text.split("\n"), 1)]


def _score_seed() -> dict:
    gold = json.loads(GOLD.read_text(encoding="utf-8"))["tasks"]
    tables = [b for b in recover_flattened(_lines(SEED)) if isinstance(b, Table)]
    assert len(tables) == 1
    header, *rows = tables[0].rows
    roles = {}
    for n, label in enumerate(header.cells):
        low = label.lower()
        if "chủ trì" in low:
            roles["lead"] = n
        elif "phối hợp" in low:
            roles["coop"] = n
        elif "lộ trình" in low or "thời gian" in low:
            roles["deadline"] = n
        elif "nội dung" in low:
            roles["content"] = n
    assert set(roles) == {"lead", "coop", "deadline", "content"}
    tasks = [r for r in rows if re.fullmatch(r"\d+\.", r.cells[0])]
    pred = [_norm(r.cells[roles["content"]]) for r in tasks]
    matched = correct = 0
    fields = {"lead": 0, "coop": 0, "deadline": 0}
    for g in gold:
        gc = _norm(g["content"])
        best, best_i = 0.0, None
        for i, p in enumerate(pred):
            ratio = SequenceMatcher(None, gc, p, autojunk=False).ratio()
            if ratio > best:
                best, best_i = ratio, i
        if best < 0.85:
            continue
        matched += 1
        cells = tasks[best_i].cells
        ok_lead = _tokens(" ".join(g["lead"])) == _tokens(cells[roles["lead"]])
        ok_coop = _tokens(" ".join(g["coop"])) == _tokens(cells[roles["coop"]])
        deadline = " ".join(d["deadline_raw"] or "" for d in g["deliverables"])
        ok_deadline = _tokens(deadline) == _tokens(cells[roles["deadline"]])
        fields["lead"] += ok_lead
        fields["coop"] += ok_coop
        fields["deadline"] += ok_deadline
        correct += ok_lead and ok_coop and ok_deadline
    return {"gold": len(gold), "rows": len(tasks), "matched": matched, "correct": correct, **fields}


@pytest.mark.skipif(not SEED.exists(), reason="shared seeds not available")
def test_seed_002_rows_match_gold():
    result = _score_seed()
    print(result)
    # reached: 69 matched, 62 with lead, coop and deadline cells all right
    # (3 of the 7 others differ from gold only by abbreviations: UBND, BQL)
    assert result["matched"] >= 67
    assert result["correct"] >= 60


@pytest.mark.skipif(not SEED.exists(), reason="shared seeds not available")
def test_seed_002_header_and_sources():
    blocks = recover_flattened(_lines(SEED))
    table = next(b for b in blocks if isinstance(b, Table))
    assert table.rows[0].cells == [
        "TT",
        "Nội dung và kết quả đầu ra",
        "Lộ trình triển khai",
        "Cơ quan chủ trì tham mưu",
        "Cơ quan phối hợp triển khai thực hiện",
    ]
    assert table.rows[1].cells[:2] == ["I", "NĂM 2016"]
    assert all(r.source.line is not None for r in table.rows)
    # the text before the header stays a paragraph; nothing is lost before it
    paragraphs = [b for b in blocks if isinstance(b, Paragraph)]
    assert any("Ctrinh" in p.text for p in paragraphs)


def test_normal_documents_are_left_alone():
    tab_table = [
        Paragraph("KẾ HOẠCH Cải cách hành chính năm 2019", Source(line=1)),
        Paragraph("TT\tNội dung\tCơ quan chủ trì\tCơ quan phối hợp\tThời gian", Source(line=2)),
        Paragraph(
            "1.\tRà soát thủ tục hành chính\tSở Tư pháp\tCác sở, ngành\tQuý I", Source(line=3)
        ),
        Paragraph("2.\tĐào tạo công chức\tSở Nội vụ\tUBND cấp huyện\tQuý II", Source(line=4)),
    ]
    prose = "Sở Nội vụ chủ trì, phối hợp với các sở, ban, ngành triển khai thực hiện. " * 20
    blocks = tab_table + [
        Paragraph(prose, Source(line=5)),
        Paragraph(prose.replace(" ", NBSP), Source(line=6)),
    ]
    assert recover_flattened(blocks) == blocks


def _flatten(header: list[list[str]], rows: list[list[list[str]]]) -> str:
    """Interleave cell lines like the scraper: visual line by visual line,
    each column that still has text gives its next line; words joined by
    no-break spaces, a wrapped line keeps a trailing one."""
    parts: list[str] = []
    for cells in [header, *rows]:
        depth = max(len(c) for c in cells)
        for k in range(depth):
            for cell in cells:
                if k < len(cell):
                    wraps = k < len(cell) - 1
                    parts.append(cell[k].replace(" ", NBSP) + (NBSP if wraps else ""))
    return " ".join(parts)


def test_synthetic_flattened_table_round_trips():
    header = [["STT"], ["Nhiệm vụ"], ["Sản phẩm"], ["Cơ quan chủ", "trì"], ["Cơ quan phối", "hợp"]]
    header.append(["Thời gian", "hoàn thành"])
    rows = [
        [
            ["1."],
            ["Rà soát, đánh giá các thủ tục", "hành chính thuộc thẩm quyền", "giải quyết của tỉnh"],
            ["Báo cáo kết quả", "rà soát"],
            ["Sở Tư pháp"],
            ["Các sở, ban,", "ngành, Ủy ban", "nhân dân cấp", "huyện"],
            ["Quý II/2021"],
        ],
        [
            ["2."],
            ["Tổ chức đào tạo, bồi dưỡng", "kiến thức cải cách hành chính", "cho công chức cấp xã"],
            ["Kế hoạch đào", "tạo"],
            ["Sở Nội vụ"],
            ["Ủy ban nhân dân", "cấp huyện"],
            ["Thường", "xuyên"],
        ],
        [
            ["3."],
            ["Triển khai phần mềm một cửa", "điện tử tại cấp xã"],
            ["Phần mềm được", "vận hành"],
            ["Sở Thông tin", "và Truyền", "thông"],
            ["Sở Nội vụ, Sở", "Tài chính"],
            ["Quý IV/2021"],
        ],
    ]
    intro = "Ghi chú: " + "văn bản hướng dẫn thực hiện kế hoạch. " * 3
    line = "  7. " + intro.replace(" ", NBSP) + " PHỤ LỤC " + _flatten(header, rows)
    blocks = [Paragraph("KẾ HOẠCH", Source(line=1)), Paragraph(line, Source(line=2))]
    out = recover_flattened(blocks)
    table = next(b for b in out if isinstance(b, Table))
    assert table.rows[0] == Row(
        [
            "STT",
            "Nhiệm vụ",
            "Sản phẩm",
            "Cơ quan chủ trì",
            "Cơ quan phối hợp",
            "Thời gian hoàn thành",
        ],
        Source(line=2),
    )
    expected = [[" ".join(cell) for cell in row] for row in rows]
    assert [r.cells for r in table.rows[1:]] == expected
    assert all(r.source.line == 2 for r in table.rows)
    assert out[0] == blocks[0]


def test_restore_hyphens():
    assert restore_hyphens("Quyết định số 1908/QĐUBND") == "Quyết định số 1908/QĐ-UBND"
    assert restore_hyphens("Nghị quyết số 192016/NQCP") == "Nghị quyết số 19-2016/NQ-CP"
    assert restore_hyphens("giai đoạn 20162020") == "giai đoạn 2016-2020"
    assert restore_hyphens("giai đoạn 2016 2020") == "giai đoạn 2016-2020"
    assert restore_hyphens("kinh tếxã hội") == "kinh tế-xã hội"
    assert restore_hyphens("Nghị quyết số 39 NQ/TW") == "Nghị quyết số 39-NQ/TW"
    # left alone: ordinary numbers, acronyms, a year followed by a count
    assert restore_hyphens("TTHC năm 2019 có 120 hồ sơ") == "TTHC năm 2019 có 120 hồ sơ"
    assert restore_hyphens("năm 2020 1500 hồ sơ") == "năm 2020 1500 hồ sơ"
