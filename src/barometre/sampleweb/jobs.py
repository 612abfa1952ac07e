"""Job offers of the Département and a "Candidature spontanée" page with an upload form: they
read like procedures (apply online, attach files, a deadline) and are not services (truth
kind `job`)."""

from __future__ import annotations

from .catalogue import COMMUNES, JOB_TITLES
from .cms import e, page_url, write_html
from .model import Portal
from .pages import rel
from .plan import slugify
from .store import WebWriter

MISSIONS = {
    "Travailleur social": "Vous accompagnez les familles et les personnes en difficulté, évaluez "
                          "les situations et instruisez les demandes d'aides (RSA, FSL, aide sociale "
                          "à l'enfance).",
    "Assistant familial": "Vous accueillez à votre domicile des enfants confiés au service de "
                          "l'aide sociale à l'enfance. Un agrément est nécessaire.",
    "Infirmier de PMI": "Vous assurez les consultations de protection maternelle et infantile et "
                        "les bilans de santé en école maternelle.",
}
DEFAULT_MISSION = ("Au sein d'une équipe de la direction, vous contribuez à la qualité du service "
                   "rendu aux usagers et au suivi des dossiers.")


def plan_jobs(p: Portal, count: int) -> None:
    c, x = p.chrome, p.extra
    titles = [JOB_TITLES[0], *x.sample(JOB_TITLES[1:], max(0, count - 1))]
    c["jobs"] = [(t, page_url(p, "job", slug=slugify(t) + f"-{i + 1}")) for i, t in enumerate(titles)]
    c["jobs_url"] = page_url(p, "jobs")
    c["application_url"] = page_url(p, "job", slug="candidature-spontanee")
    label = x.choice(["Offres d'emploi", "Le Département recrute", "Travailler au Département"])
    c["footer"].append((label, rel(p, c["jobs_url"])))
    c.setdefault("institution_links", []).append((label, c["jobs_url"]))
    c.setdefault("plan_extra", []).append((label, c["jobs_url"]))


def write_jobs(w: WebWriter, p: Portal) -> None:
    c, x = p.chrome, p.extra
    apply = rel(p, c["application_url"])
    items = []
    for title, url in c["jobs"]:
        base = title.split(" (")[0]
        deadline = f"{x.randint(1, 28)}/{x.randint(4, 9):02d}/2026"
        how = x.choice([
            f'Postulez en ligne avant le {deadline} : <a href="{e(apply)}">déposer ma candidature</a> '
            "(CV et lettre de motivation).",
            f"Adressez CV et lettre de motivation avant le {deadline} à drh@{p.slug}.test, en "
            "rappelant la référence de l'offre.",
            f'Candidatures jusqu\'au {deadline}, par le <a href="{e(apply)}">formulaire de '
            "candidature</a> ou par courrier à la direction des ressources humaines."])
        body = (f"<p><strong>Direction :</strong> {e(x.choice(['Solidarités', 'Routes', 'Éducation', 'Ressources']))}"
                f" — <strong>Lieu :</strong> {e(x.choice(COMMUNES))} — <strong>Cadre d'emplois :"
                f"</strong> {e(x.choice(['assistants socio-éducatifs', 'techniciens', 'adjoints techniques', 'infirmiers']))}"
                f"</p><p>Référence : OFF-2026-{x.randint(10, 99)}</p><h2>Vos missions</h2>"
                f"<p>{e(MISSIONS.get(base, DEFAULT_MISSION))}</p><h2>Votre profil</h2><p>Diplôme "
                "d'État ou expérience équivalente ; sens du service public ; permis B.</p>"
                f"<h2>Comment postuler ?</h2><p>{how}</p>")
        write_html(w, p, url, title, body, [("Offres d'emploi", c["jobs_url"])], kind="job")
        items.append(f'<li><a href="{e(rel(p, url))}">{e(title)}</a></li>')
    write_html(w, p, c["application_url"], "Candidature spontanée", (
        "<p>Aucune offre ne correspond à votre profil ? Envoyez-nous votre candidature spontanée : "
        "elle sera étudiée par la direction des ressources humaines.</p>"
        '<form method="post" enctype="multipart/form-data" action="/candidature/envoyer">'
        '<label for="cs-nom">Nom</label><input id="cs-nom" name="nom" required>'
        '<label for="cs-mail">Courriel</label><input id="cs-mail" type="email" name="courriel" required>'
        '<label for="cs-poste">Métier recherché</label><select id="cs-poste" name="poste">'
        "<option>Social et médico-social</option><option>Routes</option><option>Collèges</option>"
        '</select><label for="cs-cv">CV (PDF)</label><input id="cs-cv" type="file" name="cv">'
        '<label for="cs-lm">Lettre de motivation</label><input id="cs-lm" type="file" name="lettre">'
        '<button type="submit">Envoyer ma candidature</button></form>'),
        [("Offres d'emploi", c["jobs_url"])], kind="job")
    items.append(f'<li><a href="{e(apply)}">Candidature spontanée</a></li>')
    write_html(w, p, c["jobs_url"], "Offres d'emploi",
               f"<p>Rejoignez les agents du Département.</p><ul>{''.join(items)}</ul>", kind="hub")
