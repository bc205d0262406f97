"""Numbers written the Indonesian way: decimal comma, thousands dot (12,6 · 1.234.567).

Pure module, no Django import: the pure cores (efficiency model, pilot evaluation, charts)
format their texts with it, and templates reach it through their filters.
"""

from __future__ import annotations


def angka(value: float, digits: int = 1, *, sign: bool = False) -> str:
    """``12.56`` -> ``"12,6"``; ``1234567`` with 0 digits -> ``"1.234.567"``; ``sign`` adds
    ``+`` to positive values (a change)."""
    text = f"{value:{'+' if sign else ''},.{digits}f}"
    return text.replace(",", "\0").replace(".", ",").replace("\0", ".")


def persen(fraction: float, digits: int = 0, *, sign: bool = False) -> str:
    """A fraction as a percentage: ``0.126`` -> ``"12,6 %"`` with one digit."""
    return angka(100 * fraction, digits, sign=sign) + " %"
