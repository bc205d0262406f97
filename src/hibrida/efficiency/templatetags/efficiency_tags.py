"""Number formats for money and percentages the way Indonesian budget documents write them."""

from django import template

from hibrida import numbers
from hibrida.monitoring.disclosure import State

register = template.Library()


def _grouped(value: float, digits: int = 0) -> str:
    return numbers.angka(value, digits)


@register.filter
def rupiah(value) -> str:
    """1234567 -> 'Rp 1.234.567'; None -> '–'."""
    if value is None or value == "":
        return "–"
    try:
        return "Rp " + _grouped(float(value))
    except (TypeError, ValueError):
        return str(value)


@register.filter
def juta(value) -> str:
    """Millions of rupiah with one decimal: 132000000 -> '132,0 jt'."""
    if value is None or value == "":
        return "–"
    try:
        return _grouped(float(value) / 1_000_000, 1) + " jt"
    except (TypeError, ValueError):
        return str(value)


@register.filter
def angka(value, digits=0) -> str:
    if value is None or value == "":
        return "–"
    try:
        return _grouped(float(value), int(digits))
    except (TypeError, ValueError):
        return str(value)


@register.filter
def persen(value, digits=1) -> str:
    """A fraction 0.2 -> '20,0 %'."""
    if value is None or value == "":
        return "–"
    try:
        return _grouped(100 * float(value), int(digits)) + " %"
    except (TypeError, ValueError):
        return str(value)


@register.filter
def get(mapping, key):
    try:
        return mapping.get(key)
    except AttributeError:
        return None


@register.filter
def sel(cell, digits=0) -> str:
    """A published cell as text: its value, "<10" (a count under 10), "disembunyikan*"
    (hidden to protect a small partner; footnoted) or "tidak ditampilkan"; "–" when absent."""
    if cell is None:
        return "–"
    if cell.state == State.VALUE:
        return angka(cell.value, digits)
    if cell.state == State.COMPLEMENT:
        return f"{cell.shown}*"
    return str(cell.shown)
