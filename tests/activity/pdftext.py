"""The lines of text of a PDF written by ``hibrida.activity.pdftable`` (no PDF reader is
installed): each page's content stream inflated, its ``(...) Tj`` strings in drawing order."""

from __future__ import annotations

import re
import zlib

STREAM = re.compile(rb"/Length (\d+) /Filter /FlateDecode >>\nstream\n")
SHOW = re.compile(rb"BT /F(\d) [\d.]+ Tf ([\d.]+) ([\d.]+) Td \(((?:\\.|[^\\)])*)\) Tj ET")


def pages(pdf: bytes) -> list[list[tuple[bool, float, float, str]]]:
    """Per page: (bold, x, y, text) of every text shown."""
    out = []
    for match in STREAM.finditer(pdf):
        start = match.end()
        content = zlib.decompress(pdf[start : start + int(match.group(1))])
        shown = []
        for font, x, y, raw in SHOW.findall(content):
            text = re.sub(rb"\\(.)", rb"\1", raw).decode("cp1252")
            shown.append((font == b"2", float(x), float(y), text))
        out.append(shown)
    return out


def texts(pdf: bytes) -> list[str]:
    return [text for page in pages(pdf) for _, _, _, text in page]
