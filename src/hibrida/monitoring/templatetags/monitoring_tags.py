"""Template helpers of the dashboards."""

from django import template

from hibrida.monitoring import metrics, tables

register = template.Library()


@register.filter
def cell(row: dict, key: str):
    """A figure row's value for ``key`` as shown on the page (rates in %, "—" when undefined)."""
    return tables.cell(row, key)


@register.filter
def pct(value):
    return metrics.percent(value)


@register.filter
def get(mapping: dict, key):
    return mapping.get(key, "")
