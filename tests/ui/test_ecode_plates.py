"""e码 door plates: which addresses get one, their signed URLs, and the A4 PDF (eight plates a page)."""

from __future__ import annotations

import segno
from PySide6.QtCore import QSize
from PySide6.QtPdf import QPdfDocument

from console.ecode.signing import PlateSigner
from console.field.district import generate_district
from console.ui.reports.plates import plates_for, write_plates

SIGNER = PlateSigner(b"0123456789abcdef0123456789abcdef", epoch=2)


def test_plates_of_a_grid_carry_signed_urls_and_fill_a4_pages(qapp, tmp_path):
    district = generate_district(seed=3, workers=24).district
    grid = district.grids[0]
    plates = plates_for(district, SIGNER, "https://e.example.cn", grid=grid.code)
    expected = sorted(a.code for a in district.addresses if a.grid_code == grid.code)
    assert [p.address_code for p in plates] == expected and plates
    for plate in plates:
        code, _, signature = plate.url.removeprefix("https://e.example.cn/e/").partition("?s=")
        assert code == plate.address_code and SIGNER.valid(code, signature)
        assert plate.police_grid_code
    community = plates_for(district, SIGNER, "https://e.example.cn", community=grid.community_code)
    assert len(community) > len(plates) or len({g.community_code for g in district.grids}) == len(district.grids)
    assert segno.make(plates[0].url, error="m").version <= 5  # small enough to scan from a metre away

    pages = write_plates(plates * 3, tmp_path / "plates.pdf")
    assert pages == (len(plates) * 3 + 7) // 8
    doc = QPdfDocument()
    doc.load(str(tmp_path / "plates.pdf"))
    assert doc.pageCount() == pages
    image = doc.render(0, QSize(420, 594))
    dark = sum(1 for x in range(0, 420, 3) for y in range(0, 594, 3) if image.pixelColor(x, y).lightness() < 60)
    assert dark > 500  # QR modules and the title bars are on the page
