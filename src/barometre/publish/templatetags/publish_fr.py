"""Template filters for French typography and the glossary's labels."""

from django import template

from barometre import glossary, typography
from barometre.publish import labels

register = template.Library()


@register.filter
def fr_num(value, digits=0):
    return typography.number(value, int(digits))


@register.filter
def fr_pct(value, digits=0):
    return typography.percent(value, int(digits))


@register.filter
def fr_signed(value, digits=1):
    return typography.signed(value, int(digits))


@register.filter
def fr_typo(value):
    """French spacing in text that comes from the crawled pages: 'collège : x' → 'collège\u202f: x'."""
    return typography.french_spacing(str(value or ""))


@register.filter
def theme_label(value):
    return glossary.THEME_LABELS.get(value, value)


@register.filter
def level_label(value):
    return glossary.LEVEL_LABELS.get(value, "—") if value is not None else "—"


@register.filter
def relay_label(value):
    return glossary.RELAY_LABELS.get(value, value) if value else ""


@register.filter
def platform_label(value):
    return glossary.PLATFORM_LABELS.get(value, value) if value else ""


@register.filter
def level_class(value):
    """The classes of a level's cell, coloured by dashboard.css (a `style` attribute would
    break the Content-Security-Policy); the colours are labels.LEVEL_COLOURS."""
    return f"bm-level bm-level-{value if value in labels.LEVEL_COLOURS else 'none'}"


@register.filter
def get(mapping, key):
    return (mapping or {}).get(key)


@register.filter
def yes_no(value):
    return "non mesuré" if value is None else ("oui" if value else "non")
