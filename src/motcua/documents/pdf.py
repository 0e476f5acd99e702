"""The A4 official document (văn bản hành chính) every motcua PDF is built on.

Decree 30/2020/NĐ-CP sets the look of an administrative document: the issuing agency at the
top left, the national title "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM" with the motto "Độc lập -
Tự do - Hạnh phúc" underlined at the top right, the place and date line under the motto,
Times New Roman 13-14 pt and margins of about 20 mm top and bottom, 30 mm left, 15 mm right.
Liberation Serif (vendored under fonts/, SIL OFL) is metric-compatible with Times New Roman
and is embedded, so a commune's printer needs no installed font (DOMAIN.md).
"""

from __future__ import annotations

import unicodedata
from datetime import date, datetime
from pathlib import Path
from typing import Any

from django.utils import timezone
from fpdf import FPDF
from fpdf.enums import XPos, YPos

FONT_DIR = Path(__file__).resolve().parent / "fonts"
FONT = "LiberationSerif"
_FONT_FILES = {
    "": "LiberationSerif-Regular.ttf",
    "B": "LiberationSerif-Bold.ttf",
    "I": "LiberationSerif-Italic.ttf",
    "BI": "LiberationSerif-BoldItalic.ttf",
}

# Decree 30/2020/NĐ-CP, Appendix I: margins in millimetres and body size in points.
MARGIN_TOP = 20.0
MARGIN_BOTTOM = 20.0
MARGIN_LEFT = 30.0
MARGIN_RIGHT = 15.0
BODY_SIZE = 13
LINE = 6.0  # mm per body line at 13 pt (about 1.3 line spacing; Decree 30 allows 1 to 1.5)

NATIONAL_TITLE = "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM"
MOTTO = "Độc lập - Tự do - Hạnh phúc"


def nfc(text: object) -> str:
    """Text in Unicode NFC: the font has every precomposed Vietnamese letter, not the marks."""
    return unicodedata.normalize("NFC", "" if text is None else str(text))


def local(instant: datetime) -> datetime:
    """An instant shown in Asia/Ho_Chi_Minh (invariant 3)."""
    return timezone.localtime(instant)


def time_and_date(instant: datetime | None) -> str:
    """ "08 giờ 05 phút, ngày 26/11/2025" (the receipt's wording), "" when unknown."""
    if instant is None:
        return ""
    moment = local(instant)
    return f"{moment:%H} giờ {moment:%M} phút, ngày {moment:%d/%m/%Y}"


def short_datetime(instant: datetime | None) -> str:
    """ "26/11/2025 08:05" for tables; "" when unknown."""
    return "" if instant is None else f"{local(instant):%d/%m/%Y %H:%M}"


def date_line(place: str, day: date) -> str:
    """ "Phú Thọ, ngày 26 tháng 11 năm 2025": the place and date line of Decree 30/2020."""
    return f"{place}, ngày {day:%d} tháng {day:%m} năm {day:%Y}"


class OfficialDocument(FPDF):
    """An A4 portrait page set up as a Decree 30/2020 document, Liberation Serif embedded.

    `agency_lines` are the issuing agency's name at the top left, the superior body first
    (regular) and the issuing body last (bold), e.g. ["UBND PHƯỜNG VĨNH PHÚC", "TRUNG TÂM
    PHỤC VỤ HÀNH CHÍNH CÔNG"]. Call `letterhead` once, then `heading`, then the body helpers.
    """

    def __init__(self, *, title: str, orientation: str = "portrait") -> None:
        super().__init__(orientation=orientation, unit="mm", format="A4")
        for style, file_name in _FONT_FILES.items():
            self.add_font(FONT, style, str(FONT_DIR / file_name))
        self.set_margins(MARGIN_LEFT, MARGIN_TOP, MARGIN_RIGHT)
        self.set_auto_page_break(auto=True, margin=MARGIN_BOTTOM)
        self.set_title(nfc(title))
        self.set_creator("motcua")
        self.set_lang("vi")
        self.add_page()
        self.body()

    # Fonts -------------------------------------------------------------------------------

    def body(self, style: str = "", size: float = BODY_SIZE) -> None:
        self.set_font(FONT, style, size)

    # Blocks ------------------------------------------------------------------------------

    def letterhead(self, agency_lines: list[str], place: str, day: date) -> None:
        """The agency (left), national title and underlined motto (right), place and date."""
        top = self.get_y()
        left_width = 70.0
        right_x = self.l_margin + left_width + 2
        right_width = self.epw - left_width - 2

        self.set_xy(self.l_margin, top)
        for index, line in enumerate(agency_lines):
            bold = index == len(agency_lines) - 1
            self.body("B" if bold else "", 12)
            self.set_x(self.l_margin)
            self.multi_cell(left_width, 5.5, nfc(line).upper(), align="C")
        self._rule_under(self.l_margin + left_width / 2, self.get_y() + 0.8, 0.35)
        left_bottom = self.get_y() + 2

        self.set_xy(right_x, top)
        self.body("B", 12)
        self.cell(right_width, 5.5, NATIONAL_TITLE, align="C", new_x=XPos.LEFT, new_y=YPos.NEXT)
        self.body("B", 13)
        self.cell(right_width, 6, MOTTO, align="C", new_x=XPos.LEFT, new_y=YPos.NEXT)
        motto_width = self.get_string_width(MOTTO)
        self.line(
            right_x + (right_width - motto_width) / 2,
            self.get_y() + 0.3,
            right_x + (right_width + motto_width) / 2,
            self.get_y() + 0.3,
        )
        self.set_xy(right_x, self.get_y() + 3)
        self.body("I", 13)
        self.cell(right_width, 6, nfc(date_line(place, day)), align="C")
        self.set_xy(self.l_margin, max(left_bottom, self.get_y() + 8) + 4)
        self.body()

    def _rule_under(self, centre_x: float, y: float, fraction: float) -> None:
        """A short line under the issuing agency's name, as paper forms have."""
        half = 70.0 * fraction / 2
        self.line(centre_x - half, y, centre_x + half, y)

    def heading(self, title: str, subtitle: str = "") -> None:
        """The document's kind and title, bold and centred; an italic subtitle below."""
        self.body("B", 14)
        self.set_x(self.l_margin)
        self.multi_cell(self.epw, 7, nfc(title).upper(), align="C", new_x="LMARGIN", new_y="NEXT")
        if subtitle:
            self.body("I", 13)
            self.set_x(self.l_margin)
            self.multi_cell(self.epw, LINE, nfc(subtitle), align="C", new_x="LMARGIN", new_y="NEXT")
        self.ln(3)
        self.body()

    def paragraph(
        self, text: str, *, style: str = "", align: str = "J", width: float | None = None
    ) -> None:
        """A paragraph across the page, or `width` mm from the left margin."""
        self.body(style)
        self.set_x(self.l_margin)
        self.multi_cell(width or self.epw, LINE, nfc(text), align=align)

    def field(self, label: str, value: object) -> None:
        """ "Label: value" with the label bold, wrapping under the page width."""
        self.set_x(self.l_margin)
        self.body()
        self.multi_cell(self.epw, LINE, f"**{nfc(label)}:** {nfc(value)}", markdown=True, align="L")

    def fields(self, pairs: list[tuple[str, object]]) -> None:
        """Short "Label: value" pairs on one line, separated by semicolons."""
        self.set_x(self.l_margin)
        self.body()
        text = "; ".join(f"**{nfc(label)}:** {nfc(value)}" for label, value in pairs)
        self.multi_cell(self.epw, LINE, text, markdown=True, align="L")

    def bullet(self, text: str) -> None:
        self.set_x(self.l_margin)
        self.body()
        self.multi_cell(self.epw, LINE, f"- {nfc(text)}", align="L")

    def table_rows(
        self,
        headings: list[str],
        rows: list[list[str]],
        widths: tuple[float, ...],
        *,
        size: float = 11,
        aligns: tuple[str, ...] | None = None,
    ) -> None:
        """A bordered table whose cells wrap; the heading row repeats on a new page."""
        self.body("", size)
        kwargs: dict[str, Any] = {
            "col_widths": widths,
            "line_height": size * 0.5,
            "text_align": aligns or "LEFT",
            "first_row_as_headings": True,
            "repeat_headings": 1,
            "width": self.epw,
        }
        with self.table(**kwargs) as table:
            header = table.row()
            for text in headings:
                header.cell(nfc(text), align="C")
            for values in rows:
                row = table.row()
                for value in values:
                    row.cell(nfc(value))
        self.ln(2)
        self.body()

    def signatures(self, blocks: list[tuple[str, str, str]]) -> None:
        """Signature blocks side by side: (role title, hint in brackets, name below)."""
        self.ln(4)
        if self.will_page_break(36):
            self.add_page()
        top = self.get_y()
        width = self.epw / len(blocks)
        for index, (role, hint, name) in enumerate(blocks):
            x = self.l_margin + index * width
            self.set_xy(x, top)
            self.body("B")
            self.multi_cell(width, LINE, nfc(role).upper(), align="C")
            self.set_x(x)
            self.body("I", 12)
            self.multi_cell(width, LINE, nfc(hint), align="C")
            self.set_xy(x, top + 28)
            self.body("B")
            self.multi_cell(width, LINE, nfc(name), align="C")
        self.set_xy(self.l_margin, top + 28 + 2 * LINE)
        self.body()

    def render(self) -> bytes:
        """The finished PDF file."""
        return bytes(self.output())
