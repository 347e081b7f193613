"""The one PDF builder for everything the hub prints (meeting-pack reports, logs, sign-in sheets,
certificates, the newsflash). Apps describe content (a title, headings, paragraphs, tables of
rows) and the builder lays it out: the board's name at the top of every page, page numbers,
DejaVu Sans embedded so every name prints as written, table cells that wrap and rows that grow,
the header row repeated on each page, and headings kept with what follows them.

The font comes from Debian's fonts-dejavu-core package, installed by script/setup; it is never
downloaded at run time nor kept in the repository."""

from __future__ import annotations

from itertools import chain
from pathlib import Path

from django.core.exceptions import ImproperlyConfigured
from fpdf import FPDF, FontFace

FONT_DIR = Path("/usr/share/fonts/truetype/dejavu")
FONT_FILES = {"": "DejaVuSans.ttf", "B": "DejaVuSans-Bold.ttf"}
FONT = "DejaVu"
FONT_PACKAGE = "fonts-dejavu-core"

# Body text and the line height it needs, in points and millimetres.
BODY_SIZE = 10
LINE = 5
# A heading moves to the next page unless this much room (mm) is left below it for at least
# the first lines of what it introduces (a paragraph, or a table's header and first row).
KEEP_WITH_NEXT = 30


def font_paths() -> dict[str, Path]:
    paths = {style: FONT_DIR / name for style, name in FONT_FILES.items()}
    missing = [str(path) for path in paths.values() if not path.is_file()]
    if missing:
        raise ImproperlyConfigured(
            f"PDFs need the DejaVu Sans font, which is missing ({', '.join(missing)}). "
            f"Install Debian's {FONT_PACKAGE} package: apt-get install {FONT_PACKAGE} "
            "(script/setup does this)."
        )
    return paths


class Document:
    """A PDF being described. `board` (optional) names the board at the top of every page;
    `landscape` suits documents whose tables have many columns; `header=False` leaves out the
    board's line and the page numbers (a certificate)."""

    def __init__(self, title: str, *, board=None, landscape: bool = False, header: bool = True):
        self.pdf = _HubPDF(
            str(title), board.name if board and header else "", landscape, show_footer=header
        )
        if board:
            self.pdf.set_author(board.name)

    def heading(self, text, level: int = 2) -> None:
        """A title (level 1) or section heading (2, 3), never left alone at a page's foot."""
        size = {1: 16, 2: 13, 3: 11}[level]
        if self.pdf.will_page_break(KEEP_WITH_NEXT):
            self.pdf.add_page()
        self.pdf.ln(2 if level > 1 else 0)
        self.pdf.set_font(FONT, "B", size)
        self.pdf.multi_cell(0, size * 0.5, str(text), align="L", new_x="LMARGIN", new_y="NEXT")
        self.pdf.ln(1)
        self.pdf.set_font(FONT, "", BODY_SIZE)

    def paragraph(self, text, *, size: int = BODY_SIZE, bold: bool = False, centre=False) -> None:
        self.pdf.set_font(FONT, "B" if bold else "", size)
        self.pdf.multi_cell(
            0,
            size * 0.5,
            " ".join(str(text).split()),
            align="C" if centre else "L",
            new_x="LMARGIN",
            new_y="NEXT",
        )
        self.pdf.ln(1)
        self.pdf.set_font(FONT, "", BODY_SIZE)

    def space(self, height: float) -> None:
        self.pdf.ln(height)

    def table(self, headers, rows, *, widths=None, empty: str = "", numeric=(), row_height=None):
        """A table: `headers` then `rows` (iterables of values, written as text). `widths` are
        relative column widths; `numeric` the indexes of columns aligned right; `row_height` a
        minimum height (mm) per row, such as room to sign. With no rows there is no table, only
        the `empty` sentence."""
        rows = iter(rows)
        first = next(rows, None)
        if first is None:
            if empty:
                self.paragraph(empty)
            return
        self.pdf.set_font(FONT, "", BODY_SIZE - 1)
        with self.pdf.table(
            col_widths=widths,
            text_align=["RIGHT" if index in numeric else "LEFT" for index in range(len(headers))],
            line_height=LINE - 0.5,
            padding=1.2,
            headings_style=FontFace(emphasis="BOLD", fill_color=(230, 230, 230)),
            repeat_headings=1,
            min_row_height=row_height,
            v_align="TOP",
        ) as table:
            table.row([str(text) for text in headers])
            for values in chain([first], rows):
                table.row(["" if value is None else str(value) for value in values])
        self.pdf.ln(3)
        self.pdf.set_font(FONT, "", BODY_SIZE)

    def bullets(self, items, *, empty: str = "") -> None:
        items = list(items)
        for item in items:
            self.pdf.set_x(self.pdf.l_margin + 4)
            self.pdf.multi_cell(0, LINE, f"• {item}", align="L", new_x="LMARGIN", new_y="NEXT")
            self.pdf.ln(1)
        if not items and empty:
            self.paragraph(empty)

    def frame(self) -> None:
        """A border round the current page (certificates)."""
        self.pdf.set_line_width(1.2)
        self.pdf.rect(10, 10, self.pdf.w - 20, self.pdf.h - 20)
        self.pdf.set_line_width(0.2)

    def output(self) -> bytes:
        return bytes(self.pdf.output())


class _HubPDF(FPDF):
    def __init__(self, title: str, board_name: str, landscape: bool, show_footer: bool):
        super().__init__(orientation="L" if landscape else "P", format="A4")
        for style, path in font_paths().items():
            self.add_font(FONT, style, str(path))
        self.hub_title = title
        self.board_name = board_name
        self.show_footer = show_footer
        self.set_title(title)
        self.set_creator("Safeguarding Partnership Hub")
        self.set_auto_page_break(auto=True, margin=18)
        self.set_font(FONT, "", BODY_SIZE)
        self.add_page()

    def header(self):
        if self.board_name:
            self.set_font(FONT, "", 8)
            self.set_text_color(80)
            self.cell(0, 5, self.board_name, new_x="LMARGIN", new_y="NEXT")
            self.set_draw_color(150)
            self.line(self.l_margin, self.get_y(), self.w - self.r_margin, self.get_y())
            self.set_draw_color(0)
            self.set_text_color(0)
            self.ln(4)
            self.set_font(FONT, "", BODY_SIZE)

    def footer(self):
        if self.show_footer:
            self.set_y(-12)
            self.set_font(FONT, "", 8)
            self.cell(0, 6, f"{self.hub_title} – page {self.page_no()} of {{nb}}", align="C")
