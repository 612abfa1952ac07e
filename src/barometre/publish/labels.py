"""What the dashboard shows beside the glossary (barometre/glossary.yaml owns themes, levels,
tiers, statuses, relays, platforms, channels and grades): the map's indicators, classes and
colours."""

from __future__ import annotations

# Indicators a reader can colour the map by: label, unit, and the classes (label, min, max).
INDICATORS = {
    "sdi": {"label": "Indice de numérisation des services (0–100)", "short": "Numérisation",
            "classes": [("80 à 100", 80, None), ("60 à 79", 60, 80), ("40 à 59", 40, 60),
                        ("20 à 39", 20, 40), ("moins de 20", None, 20)]},
    "pqi": {"label": "Indice de qualité du portail (0–100)", "short": "Qualité du portail",
            "classes": [("80 à 100", 80, None), ("60 à 79", 60, 80), ("40 à 59", 40, 60),
                        ("20 à 39", 20, 40), ("moins de 20", None, 20)]},
    "end_to_end": {"label": "Services numérisés de bout en bout", "short": "De bout en bout",
                   "classes": [("plus de 50", 51, None), ("20 à 50", 20, 51), ("10 à 19", 10, 20),
                               ("moins de 10", None, 10)]},
    "themes_covered": {"label": "Thématiques couvertes (sur 7)", "short": "Thématiques",
                       "classes": [("7 sur 7", 7, None), ("6 sur 7", 6, 7), ("2 à 5", 2, 6),
                                   ("moins de 2", None, 2)]},
}
# Colours of the map classes, darkest for the best class; checked for contrast with the
# page background (non-text contrast ≥ 3:1 except the lightest, which has a dark outline).
CLASS_COLOURS = ("#000091", "#3a55d1", "#7b8ee8", "#b9c3f5", "#e6eafc")
NOT_MEASURED_COLOUR = "#929292"
NOT_OBSERVED_COLOUR = "#ffffff"

# Heat-map cells per level: background and text colour (text contrast ≥ 4.5:1).
LEVEL_COLOURS = {0: ("#f6f6f6", "#3a3a3a"), 1: ("#e6eafc", "#161616"), 2: ("#b9c3f5", "#161616"),
                 3: ("#3a55d1", "#ffffff"), 4: ("#000091", "#ffffff")}

