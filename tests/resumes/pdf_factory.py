"""PDF files for the resume tests, generated with fpdf2 (a test-only dependency): nothing is checked in.

Every builder returns the file's bytes. Text uses DejaVu Sans so names like "Zoë Łukasiewicz-Núñez" or
"Дмитрий" survive the round trip through a real PDF writer and pypdf.
"""

from __future__ import annotations

import io
from pathlib import Path

from fpdf import FPDF
from PIL import Image, ImageDraw

FONT_PATH = Path("/usr/share/fonts/truetype/dejavu/DejaVuSans.ttf")
PAGE_WIDTH_MM = 210
MARGIN_MM = 15
LINE_HEIGHT_MM = 5.5


def _new_pdf() -> FPDF:
    pdf = FPDF(format="A4")
    pdf.set_auto_page_break(auto=True, margin=MARGIN_MM)
    pdf.set_margins(MARGIN_MM, MARGIN_MM, MARGIN_MM)
    pdf.add_font("DejaVu", "", str(FONT_PATH))
    pdf.set_font("DejaVu", size=10)
    return pdf


def _write_lines(pdf: FPDF, lines: list[str], width: float = 0) -> None:
    for line in lines:
        pdf.multi_cell(width, LINE_HEIGHT_MM, line, new_x="LMARGIN", new_y="NEXT", align="L")


def text_pdf(pages: list[list[str]]) -> bytes:
    """One page per list of lines (long lines wrap as in any word processor)."""
    pdf = _new_pdf()
    for lines in pages:
        pdf.add_page()
        _write_lines(pdf, lines)
    return bytes(pdf.output())


def two_column_pdf(sidebar: list[str], main: list[str]) -> bytes:
    """A one-page resume laid out in two columns: a narrow sidebar on the left, the main column right."""
    pdf = _new_pdf()
    pdf.add_page()
    sidebar_width = 55
    top = pdf.get_y()
    for line in sidebar:
        pdf.set_x(MARGIN_MM)
        pdf.multi_cell(sidebar_width, LINE_HEIGHT_MM, line, new_x="LMARGIN", new_y="NEXT", align="L")
    main_x = MARGIN_MM + sidebar_width + 8
    pdf.set_xy(main_x, top)
    main_width = PAGE_WIDTH_MM - MARGIN_MM - main_x
    for line in main:
        pdf.set_x(main_x)
        pdf.multi_cell(main_width, LINE_HEIGHT_MM, line, new_x="LEFT", new_y="NEXT", align="L")
    return bytes(pdf.output())


def encrypted_pdf(lines: list[str], user_password: str = "open-sesame") -> bytes:
    pdf = _new_pdf()
    pdf.set_encryption(owner_password="owner-secret", user_password=user_password)
    pdf.add_page()
    _write_lines(pdf, lines)
    return bytes(pdf.output())


def png_bytes(text: str = "Jane Doe - Software Engineer", size: tuple[int, int] = (900, 300)) -> bytes:
    image = Image.new("RGB", size, "white")
    ImageDraw.Draw(image).text((40, 120), text, fill="black")
    out = io.BytesIO()
    image.save(out, format="PNG")
    return out.getvalue()


def image_only_pdf() -> bytes:
    """A 'scanned' resume: one page holding a picture of text and no text at all."""
    pdf = FPDF(format="A4")
    pdf.add_page()
    pdf.image(io.BytesIO(png_bytes()), x=MARGIN_MM, y=MARGIN_MM, w=PAGE_WIDTH_MM - 2 * MARGIN_MM)
    return bytes(pdf.output())


def corrupt_pdf() -> bytes:
    """Starts like a PDF, then nothing a reader can use: no objects, no cross-reference table, no trailer."""
    return b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n" + b"this is not a pdf body \x00\x01\x02 " * 200


def padded_pdf(total_bytes: int) -> bytes:
    """A PDF header followed by filler up to `total_bytes` (for the size limit)."""
    head = b"%PDF-1.7\n"
    return head + b"0" * (total_bytes - len(head))


_built: dict[tuple[str, str], bytes] = {}


def cached(builder_name: str, *args: object) -> bytes:
    """`cached("text_pdf", pages)`: build once per test session (fpdf2 font embedding takes a moment)."""
    key = (builder_name, repr(args))
    if key not in _built:
        _built[key] = globals()[builder_name](*args)
    return _built[key]
