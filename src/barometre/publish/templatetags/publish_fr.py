"""Template filters for French typography and the glossary's labels: the one library of the
dashboard and of the report and profile PDFs (publish/templates/report/)."""

from django import template

from barometre import glossary, typography
from barometre.publish import labels

register = template.Library()


def _number(value):
    """A template value as a number: None or '' → None; a numeric string → float; else itself."""
    if value is None or value == "":
        return None
    try:
        return float(value)
    except (TypeError, ValueError):
        return value


@register.filter
def fr_num(value, digits=0):
    """1234567.8 → '1 234 567,8'; missing → '—'; text is left as it is."""
    number = _number(value)
    return typography.number(number, int(digits)) if number is None or isinstance(number, float) else number


@register.filter
def fr_pct(value, digits=0):
    """A share in [0, 1] as a French percentage; missing → '—'."""
    share = _number(value)
    return typography.percent(share, int(digits)) if share is None or isinstance(share, float) else share


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
