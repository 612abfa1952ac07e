"""French number typography for the report templates (barometre.typography does the formatting)."""

from django import template

from barometre import typography

register = template.Library()


@register.filter
def fr_num(value, digits=0):
    if value is None or value == "":
        return "—"
    try:
        number = float(value)
    except (TypeError, ValueError):
        return value
    return typography.number(number, int(digits))


@register.filter
def fr_pct(share, digits=0):
    """A share in [0, 1] as a French percentage."""
    if share is None or share == "":
        return "—"
    return typography.percent(float(share), int(digits))
