"""French number typography for templates: 1 234,5 ; 67 % (narrow no-break spaces)."""

from django import template

register = template.Library()
NNBSP = "\u202f"


@register.filter
def fr_num(value, digits=0):
    if value is None or value == "":
        return "—"
    try:
        number = float(value)
    except (TypeError, ValueError):
        return value
    text = f"{number:,.{int(digits)}f}".replace(",", NNBSP).replace(".", ",")
    return text.replace("-", "−")


@register.filter
def fr_pct(share, digits=0):
    """A share in [0, 1] as a French percentage."""
    if share is None or share == "":
        return "—"
    return f"{fr_num(100 * float(share), digits)}{NNBSP}%"
