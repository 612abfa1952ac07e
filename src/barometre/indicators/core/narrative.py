"""A French summary of a campaign, each sentence with the figures it rests on.

No sentence is written when its figure is not measurable.
"""

from __future__ import annotations

from barometre import glossary
from barometre.typography import NNBSP, number, percent

THEME_LABELS = glossary.THEME_PHRASES  # inside a sentence: "les solidarités"

FRACTIONS = [(1 / 4, "Un quart"), (1 / 3, "Un tiers"), (1 / 2, "La moitié"), (2 / 3, "Deux tiers"),
             (3 / 4, "Trois quarts"), (1.0, "Toutes")]


def pct(share: float) -> str:
    return percent(share)


def num(x: float, digits: int = 2) -> str:
    return number(x, digits)


def share_phrase(share: float) -> str:
    for value, words in FRACTIONS:
        if abs(share - value) <= 0.03:
            return f"{words} des collectivités ({pct(share)})"
    return f"{pct(share)} des collectivités"


def join_fr(items: list[str]) -> str:
    """a, b et c — or "a, b ainsi que c" when an item has its own "et" (la voirie et les transports)."""
    if len(items) == 1:
        return items[0]
    last = " ainsi que " if any(" et " in item for item in items) else " et "
    return ", ".join(items[:-1]) + last + items[-1]


def sentences(national: dict) -> list[dict]:
    out: list[dict] = []
    n = national.get("n_measured", 0)
    if not n:
        return out

    def add(text: str, **figures):
        out.append({"text": text, "figures": figures})

    s = national.get("survey", {})
    if s:
        add(f"{share_phrase(s['share_6_of_7'])} couvrent au moins six thématiques sur sept, "
            f"en ligne de bout en bout ou partiellement{NNBSP};"
            f" {pct(s['share_2_to_5'])} n'en couvrent que deux à cinq.",
            share_6_of_7=s["share_6_of_7"], share_2_to_5=s["share_2_to_5"], n=n)
        above = ("Aucune collectivité ne propose" if s["above_50"] == 0 else
                 f"{s['above_50']} collectivité{'s proposent' if s['above_50'] > 1 else ' propose'}")
        below = ("aucune n'en propose moins de 10" if s["below_10"] == 0 else
                 f"{s['below_10']} en propose{'nt' if s['below_10'] > 1 else ''} moins de 10")
        add(f"{above} plus de 50 services numérisés de bout en bout{NNBSP}; {below}.",
            above_50=s["above_50"], below_10=s["below_10"], n=n)
        most = [THEME_LABELS[t] for t in s["most_digitised_themes"]]
        least = [THEME_LABELS[t] for t in s["least_digitised_themes"]]
        add(f"Les thématiques les plus numérisées sont {join_fr(most)}{NNBSP}; les moins numérisées, {join_fr(least)}.",
            most_digitised_themes=s["most_digitised_themes"], least_digitised_themes=s["least_digitised_themes"])
        if s["started"] == n:
            add("Toutes les collectivités observées ont engagé la numérisation de leurs services.", started=s["started"], n=n)
        else:
            add(f"{s['started']} collectivités sur {n} proposent au moins un service en ligne.", started=s["started"], n=n)
    gini = national.get("inequality", {}).get("end_to_end", {}).get("gini")
    if gini is not None:
        add(f"Les écarts entre collectivités sont {'marqués' if gini >= 0.3 else 'modérés'}{NNBSP}: l'indice de Gini"
            f" du nombre de services de bout en bout est de {num(gini)}.", gini_end_to_end=gini)
    labels = {"population": "à la population", "revenue_per_inhabitant": "aux recettes de fonctionnement par habitant",
              "fragility": "à la fragilité numérique des habitants"}
    for context, label in labels.items():
        c = national.get("correlations", {}).get(f"sdi~{context}")
        if not c or c.get("rho") is None or c.get("ci_low") is None:
            continue
        significant = c["ci_low"] > 0 or c["ci_high"] < 0
        verdict = (f"est {'positivement' if c['rho'] > 0 else 'négativement'} corrélé" if significant
                   else "n'est pas significativement corrélé")
        add(f"Le niveau de numérisation des services {verdict} {label} (ρ de Spearman = {num(c['rho'])},"
            f" IC à 95{NNBSP}% [{num(c['ci_low'])}{NNBSP}; {num(c['ci_high'])}], n = {c['n']}).",
            **{f"rho_sdi_{context}": c["rho"], "ci_low": c["ci_low"], "ci_high": c["ci_high"], "n": c["n"]})
    model = national.get("context_model", {})
    if model.get("over_performers"):
        add(f"{len(model['over_performers'])} collectivité{'s font' if len(model['over_performers']) > 1 else ' fait'}"
            f" mieux que ce que leur contexte laisse prévoir ({', '.join(model['over_performers'])}).",
            over_performers=model["over_performers"], n=model["n"])
    risk = national.get("divide_risk", {})
    if risk.get("flagged"):
        add(f"{len(risk['flagged'])} collectivité{'s' if len(risk['flagged']) > 1 else ''} très numérisée"
            f"{'s' if len(risk['flagged']) > 1 else ''}, aux habitants fragiles face au numérique, n'affiche"
            f"{'nt' if len(risk['flagged']) > 1 else ''} pas d'alternative hors ligne pour la plupart de ses services"
            f"{NNBSP}: risque de fracture numérique ({', '.join(risk['flagged'])}).", divide_risk=risk["flagged"])
    pqi = national.get("distributions", {}).get("pqi", {})
    if pqi.get("median") is not None:
        add(f"La qualité médiane des portails (vitesse, accessibilité, mobile, accompagnement, sécurité)"
            f" atteint {num(pqi['median'], 0)}/100.", pqi_median=pqi["median"], n=pqi["n"])
    return out
