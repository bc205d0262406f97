"""The direct PDF table writer: a valid file, every cell printed whole, the header on every
page, wide words broken rather than cut, and only text the core fonts can print."""

from __future__ import annotations

import re
import zlib

import pytest

from hibrida.activity import pdftable

from .pdftext import pages, texts

HEADERS = ["NIP", "Nama", "Unit", "Skor"]
WIDTHS = [20, 30, 40, 10]


def make(rows, **kw):
    args = {"title": "Rekap uji", "notes": ["Catatan satu."], "headers": HEADERS}
    return pdftable.table_pdf(**{**args, "rows": rows, "widths": WIDTHS, **kw})


def rows_of(n):
    return [[f"1990{i:014d}", f"Pegawai {i}", f"Seksi {i % 7}", f"{i},5"] for i in range(n)]


def test_file_has_a_cross_reference_table_pointing_at_every_object():
    pdf = make(rows_of(3))
    assert pdf.startswith(b"%PDF-1.4") and pdf.endswith(b"%%EOF\n")
    xref_at = int(re.search(rb"startxref\n(\d+)\n", pdf).group(1))
    assert pdf[xref_at:].startswith(b"xref\n0 ")
    offsets = re.findall(rb"(\d{10}) 00000 n ", pdf[xref_at:])
    for number, offset in enumerate(offsets, start=1):
        assert pdf[int(offset) :].startswith(b"%d 0 obj\n" % number)
    assert int(re.search(rb"/Count (\d+)", pdf).group(1)) == len(pages(pdf))


def test_every_cell_is_printed_and_the_header_repeats_on_each_page():
    rows = rows_of(120)
    pdf = make(rows)
    shown = pages(pdf)
    assert len(shown) > 2
    for page in shown:
        bold = [text for is_bold, _, _, text in page if is_bold]
        assert bold[-4:] == HEADERS or bold[1:5] == HEADERS  # first page: the title first
    printed = texts(pdf)
    for row in rows:
        for cell in row:
            assert cell in printed
    assert [t for t in printed if t.startswith("Halaman ")][
        -1
    ] == f"Halaman {len(shown)} / {len(shown)}"


def test_a_word_wider_than_its_column_is_broken_not_cut():
    long_word = "Subbagian" * 12
    pdf = make([["1", "A", long_word, "2"]])
    printed = texts(pdf)
    start = printed.index("A") + 1
    pieces = printed[start : printed.index("2", start)]
    assert len(pieces) > 1 and "".join(pieces) == long_word


def test_words_wrap_within_the_column_and_keep_their_order():
    name = "Raden Ajeng Kartini Sosroningrat Binti Raden Mas Adipati Ario Sosroningrat"
    pdf = make([["1", name, "Seksi", "2"]])
    printed = texts(pdf)
    lines = printed[printed.index("1", 4) + 1 : printed.index("Seksi")]
    assert len(lines) > 1 and " ".join(lines) == name
    width = pdftable.PAGE_WIDTH - 2 * pdftable.MARGIN
    column = width * 30 / 100 - 2 * pdftable.PAD_X
    assert all(pdftable.text_width(line, pdftable.BODY_SIZE) <= column for line in lines)


def test_parentheses_and_backslashes_are_escaped():
    pdf = make([["1", "Nama (Plt.) \\ x", "Seksi", "2"]])
    assert "Nama (Plt.) \\ x" in texts(pdf)


def test_notes_signs_outside_cp1252_are_spelt_out():
    pdf = make(rows_of(1), notes=["≥ 110 Sangat Baik; 90–<110 Baik"])
    assert ">= 110 Sangat Baik; 90–<110 Baik" in texts(pdf)


@pytest.mark.parametrize(
    "text, ok",
    [("Ade Prasetyo, S.IP", True), ("Müller «x» ÷ –", True), ("≥ 110", True),
     ("李", False), ("Ё", False), ("tab\there", False), ("😀", False)],
)  # fmt: skip
def test_encodable_only_for_what_the_core_fonts_print(text, ok):
    assert pdftable.encodable([text]) is ok


def test_content_streams_inflate():
    pdf = make(rows_of(2))
    match = re.search(rb"/Length (\d+) /Filter /FlateDecode >>\nstream\n", pdf)
    assert b"Tj" in zlib.decompress(pdf[match.end() : match.end() + int(match.group(1))])
