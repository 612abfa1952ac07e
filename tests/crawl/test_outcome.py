"""A crawl's outcome told to readers in French, whatever the crawler wrote for analysts."""

from barometre.crawl.outcome import outcome_fr


def test_every_outcome_reads_in_french():
    cases = {
        ("unreachable", "robots_unavailable: HTTP 502"):
            "portail injoignable (fichier robots.txt illisible, le serveur a répondu HTTP 502), "
            "rien n'a donc été collecté",
        ("unreachable", "HTTP 503"): "portail injoignable (le serveur a répondu HTTP 503)",
        ("unreachable", "dns: CannotResolveHostError"): "portail injoignable (nom de domaine introuvable)",
        ("incomplete", "incomplete: 12 pages failed transiently (timeout 12); run the same command again"):
            "collecte incomplète\u00a0: 12 pages en échec temporaire, à reprendre",
        ("running", "interrupted (shutdown); run the same command again to resume"):
            "collecte interrompue avant la fin, à reprendre",
        ("done", "page budget reached (5000 pages)"): "collecte terminée au budget de 5\u202f000 pages",
        ("no_portal", "no portal URL"): "pas d'adresse de portail connue",
    }
    for (status, reason), expected in cases.items():
        assert outcome_fr(status, reason) == expected
