"""A long table as a PDF page series without a layout engine. Pure: no Django import.

WeasyPrint lays a recap out at about 10 ms of CPU a row (a 214-row OPD recap: 2-3 s), so a
table of plain text cells is written here directly: A4 landscape, the PDF core fonts Helvetica
and Helvetica-Bold (every reader has them; nothing embedded), cells wrapped at word breaks
(a word wider than its column is broken, never cut), the header repeated on every page.
The core fonts speak WinAnsi (cp1252) only: :func:`encodable` tells whether a table fits it,
and the caller renders any other table with WeasyPrint. See docs/operations.md (Page speed).
"""

from __future__ import annotations

import zlib
from collections.abc import Sequence

PAGE_WIDTH, PAGE_HEIGHT = 841.89, 595.28  # A4 landscape, points
MARGIN = 34.0  # 1.2 cm
BODY_SIZE, NOTE_SIZE, TITLE_SIZE = 9.0, 8.0, 13.0
PAD_X, PAD_Y = 4.0, 2.0
LEADING = 1.2

# Advance widths (1/1000 em) of the cp1252 bytes 32-255 in Helvetica, as Liberation Sans
# (metric-compatible) gives them; 0 where cp1252 defines no character.
REGULAR = (
    278, 278, 355, 556, 556, 889, 667, 191, 333, 333, 389, 584, 278, 333, 278, 278, 556, 556,
    556, 556, 556, 556, 556, 556, 556, 556, 278, 278, 584, 584, 584, 556, 1015, 667, 667, 722,
    722, 667, 611, 778, 722, 278, 500, 667, 556, 833, 722, 778, 667, 778, 722, 667, 611, 722,
    667, 944, 667, 667, 611, 278, 278, 278, 469, 556, 333, 556, 556, 500, 556, 556, 278, 556,
    556, 222, 222, 500, 222, 833, 556, 556, 556, 556, 333, 500, 278, 556, 500, 722, 500, 500,
    500, 334, 260, 334, 584, 0, 556, 0, 222, 556, 333, 1000, 556, 556, 333, 1000, 667, 333,
    1000, 0, 611, 0, 0, 222, 222, 333, 333, 350, 556, 1000, 333, 1000, 500, 333, 944, 0, 500,
    667, 278, 333, 556, 556, 556, 556, 260, 556, 333, 737, 370, 556, 584, 333, 737, 552, 400,
    549, 333, 333, 333, 576, 537, 278, 333, 333, 365, 556, 834, 834, 834, 611, 667, 667, 667,
    667, 667, 667, 1000, 722, 667, 667, 667, 667, 278, 278, 278, 278, 722, 722, 778, 778, 778,
    778, 778, 584, 778, 722, 722, 722, 722, 667, 667, 611, 556, 556, 556, 556, 556, 556, 889,
    500, 556, 556, 556, 556, 278, 278, 278, 278, 556, 556, 556, 556, 556, 556, 556, 549, 611,
    556, 556, 556, 556, 500, 556, 500
)  # fmt: skip

BOLD = (
    278, 333, 474, 556, 556, 889, 722, 238, 333, 333, 389, 584, 278, 333, 278, 278, 556, 556,
    556, 556, 556, 556, 556, 556, 556, 556, 333, 333, 584, 584, 584, 611, 975, 722, 722, 722,
    722, 667, 611, 778, 722, 278, 556, 722, 611, 833, 722, 778, 667, 778, 722, 667, 611, 722,
    667, 944, 667, 667, 611, 333, 278, 333, 584, 556, 333, 556, 611, 556, 611, 556, 333, 611,
    611, 278, 278, 556, 278, 889, 611, 611, 611, 611, 389, 556, 333, 611, 556, 778, 556, 556,
    500, 389, 280, 389, 584, 0, 556, 0, 278, 556, 500, 1000, 556, 556, 333, 1000, 667, 333,
    1000, 0, 611, 0, 0, 278, 278, 500, 500, 350, 556, 1000, 333, 1000, 556, 333, 944, 0, 500,
    667, 278, 333, 556, 556, 556, 556, 280, 556, 333, 737, 370, 556, 584, 333, 737, 552, 400,
    549, 333, 333, 333, 576, 556, 278, 333, 333, 365, 556, 834, 834, 834, 611, 722, 722, 722,
    722, 722, 722, 1000, 722, 667, 667, 667, 667, 278, 278, 278, 278, 722, 722, 778, 778, 778,
    778, 778, 584, 778, 722, 722, 722, 722, 667, 667, 611, 556, 556, 556, 556, 556, 556, 889,
    556, 556, 556, 556, 556, 278, 278, 278, 278, 611, 611, 611, 611, 611, 611, 611, 549, 611,
    611, 611, 611, 611, 556, 611, 556
)  # fmt: skip


# Signs outside cp1252 that the project's own notes use, written as readers expect them.
SUBSTITUTES = str.maketrans({"≥": ">=", "≤": "<=", "−": "-", "≠": "!="})


def encodable(texts: Sequence[str]) -> bool:
    """Whether every text is printable in the core fonts (cp1252 after :data:`SUBSTITUTES`,
    no control characters)."""
    for text in texts:
        try:
            data = text.translate(SUBSTITUTES).encode("cp1252")
        except UnicodeEncodeError:
            return False
        if any(b < 32 or b == 127 for b in data):
            return False
    return True


def text_width(text: str, size: float, bold: bool = False) -> float:
    widths = BOLD if bold else REGULAR
    return sum(widths[b - 32] for b in text.encode("cp1252")) * size / 1000


def wrap(text: str, width: float, size: float, bold: bool = False) -> list[str]:
    """Lines of ``text`` no wider than ``width``; words split only when wider alone."""
    lines: list[str] = []
    line = ""
    for word in text.split():
        candidate = f"{line} {word}" if line else word
        if text_width(candidate, size, bold) <= width:
            line = candidate
            continue
        if line:
            lines.append(line)
        while text_width(word, size, bold) > width and len(word) > 1:
            cut = len(word) - 1
            while cut > 1 and text_width(word[:cut], size, bold) > width:
                cut -= 1
            lines.append(word[:cut])
            word = word[cut:]
        line = word
    if line or not lines:
        lines.append(line)
    return lines


def _literal(text: str) -> bytes:
    data = text.encode("cp1252")
    return b"(" + data.replace(b"\\", b"\\\\").replace(b"(", b"\\(").replace(b")", b"\\)") + b")"


class _Page:
    def __init__(self) -> None:
        self.ops: list[bytes] = []

    def text(self, x: float, y: float, text: str, size: float, bold: bool = False) -> None:
        font = b"/F2" if bold else b"/F1"
        self.ops.append(b"BT %s %.2f Tf %.2f %.2f Td %s Tj ET" % (font, size, x, y, _literal(text)))

    def rect(self, x: float, y: float, w: float, h: float, grey: float) -> None:
        self.ops.append(b"%.3f g %.2f %.2f %.2f %.2f re f 0 g" % (grey, x, y, w, h))


def table_pdf(
    *,
    title: str,
    notes: Sequence[str],
    headers: Sequence[str],
    rows: Sequence[Sequence[str]],
    widths: Sequence[float],
    footer: str = "",
) -> bytes:
    """The PDF: title and notes on the first page, then the table; ``widths`` are column
    shares of the printable width. Every text must pass :func:`encodable`."""
    title, notes, footer = title.translate(SUBSTITUTES), _fix(notes), footer.translate(SUBSTITUTES)
    headers, rows = _fix(headers), [_fix(cells) for cells in rows]
    layout = _Layout(widths)
    for line in wrap(title, layout.inner, TITLE_SIZE, True):
        layout.line(line, TITLE_SIZE, bold=True)
    layout.y -= 4
    for note in notes:
        for line in wrap(note, layout.inner, NOTE_SIZE):
            layout.line(line, NOTE_SIZE)
        layout.y -= 3
    layout.y -= 4
    head = layout.block(headers, bold=True)
    layout.row(head, bold=True, grey=HEADER_GREY)
    for index, cells in enumerate(rows):
        block = layout.block(cells)
        if layout.y - _height(block) < layout.bottom:
            layout.new_page()
            layout.row(head, bold=True, grey=HEADER_GREY)
        layout.row(block, grey=STRIPE_GREY if index % 2 else 1.0)
    if footer:
        if layout.y - NOTE_SIZE * LEADING * 2 < layout.bottom:
            layout.new_page()
        layout.y -= NOTE_SIZE * LEADING * 0.5
        layout.line(footer, NOTE_SIZE)
    pages = layout.pages
    for number, page in enumerate(pages, start=1):
        page.text(MARGIN, MARGIN, f"Halaman {number} / {len(pages)}", NOTE_SIZE)
    return _document([zlib.compress(b"\n".join(p.ops)) for p in pages])


HEADER_GREY, STRIPE_GREY = 0.87, 0.93


def _fix(texts: Sequence[str]) -> list[str]:
    return [t.translate(SUBSTITUTES) for t in texts]


def _height(block: list[list[str]]) -> float:
    return max(len(lines) for lines in block) * BODY_SIZE * LEADING + 2 * PAD_Y


class _Layout:
    """Pages filled from the top; ``y`` is the top of the next thing drawn."""

    def __init__(self, widths: Sequence[float]) -> None:
        self.inner = PAGE_WIDTH - 2 * MARGIN
        self.cols = [self.inner * w / sum(widths) for w in widths]
        self.xs = [MARGIN + sum(self.cols[:i]) for i in range(len(self.cols))]
        self.bottom = MARGIN + NOTE_SIZE * LEADING * 2  # room for the page number
        self.pages: list[_Page] = []
        self.y = 0.0
        self.new_page()

    def new_page(self) -> None:
        self.pages.append(_Page())
        self.y = PAGE_HEIGHT - MARGIN

    def line(self, text: str, size: float, bold: bool = False) -> None:
        self.y -= size * LEADING
        self.pages[-1].text(MARGIN, self.y + size * 0.2, text, size, bold)

    def block(self, cells: Sequence[str], bold: bool = False) -> list[list[str]]:
        return [
            wrap(c, w - 2 * PAD_X, BODY_SIZE, bold) for c, w in zip(cells, self.cols, strict=True)
        ]

    def row(self, block: list[list[str]], bold: bool = False, grey: float = 1.0) -> None:
        page, height = self.pages[-1], _height(block)
        if grey < 1:
            page.rect(MARGIN, self.y - height, self.inner, height, grey)
        for x, lines in zip(self.xs, block, strict=True):
            for i, text in enumerate(lines):
                baseline = self.y - PAD_Y - BODY_SIZE * LEADING * (i + 1) + BODY_SIZE * 0.25
                page.text(x + PAD_X, baseline, text, BODY_SIZE, bold)
        self.y -= height


def _document(streams: list[bytes]) -> bytes:
    """Catalog, page tree, the two core fonts, then a page and its content per stream."""
    count = len(streams)
    kids = b" ".join(b"%d 0 R" % (5 + 2 * i) for i in range(count))
    objects = [
        b"<< /Type /Catalog /Pages 2 0 R >>",
        b"<< /Type /Pages /Kids [%s] /Count %d >>" % (kids, count),
        b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica /Encoding /WinAnsiEncoding >>",
        b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica-Bold /Encoding /WinAnsiEncoding >>",
    ]
    for i, stream in enumerate(streams):
        objects.append(
            b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 %.2f %.2f] "
            b"/Resources << /Font << /F1 3 0 R /F2 4 0 R >> >> /Contents %d 0 R >>"
            % (PAGE_WIDTH, PAGE_HEIGHT, 6 + 2 * i)
        )
        objects.append(
            b"<< /Length %d /Filter /FlateDecode >>\nstream\n%s\nendstream" % (len(stream), stream)
        )
    out = bytearray(b"%PDF-1.4\n%\xe2\xe3\xcf\xd3\n")
    offsets = []
    for number, body in enumerate(objects, start=1):
        offsets.append(len(out))
        out += b"%d 0 obj\n%s\nendobj\n" % (number, body)
    xref = len(out)
    out += b"xref\n0 %d\n0000000000 65535 f \n" % (len(objects) + 1)
    out += b"".join(b"%010d 00000 n \n" % offset for offset in offsets)
    out += b"trailer\n<< /Size %d /Root 1 0 R >>\nstartxref\n%d\n%%%%EOF\n" % (
        len(objects) + 1,
        xref,
    )
    return bytes(out)
