"""generate(): writes a deterministic sample web, its truth.json and its sites.csv."""

from __future__ import annotations

import csv
import json
import random
import shutil
from pathlib import Path

from .catalogue import NAMES_SMALL, NATIONAL, PREFIXES, ROOTS
from .cms import CMS_STYLES
from .directory import plan_directories, write_directories
from .eservices import write_ds_page, write_national, write_platforms
from .info import write_info
from .jobs import plan_jobs, write_jobs
from .legal import plan_legal, write_legal
from .model import Portal
from .news import write_news
from .pages import setup_chrome, write_editorial
from .plan import GIF, MIXED_IMAGE, https_first_for, plan_portal, slugify, tls_facts, tls_for
from .related import plan_markup
from .services import assign_urls, write_services
from .store import INDEX, WebWriter, resolve, split_url
from .traps import SPECIALS, write_robots_and_sitemaps, write_search_rule, write_traps
from .variants import plan_aliases, variant_for

SCALES = {
    "small": {"portals": 8, "news": 6, "events": 4, "elus": 3, "press": 2, "misc": 2,
              "aid_news": 2, "colleges": 5, "centres": 4, "jobs": 2},
    "france": {"portals": 100, "news": 118, "events": 60, "elus": 40, "press": 40, "misc": 60,
               "aid_news": 4, "colleges": 12, "centres": 8, "jobs": 4},
}


def _names(count: int) -> list[tuple[str, str]]:
    if count <= len(NAMES_SMALL):
        return [(f"Département {a}{'' if a.endswith(chr(39)) else ' '}{n}", n)
                for a, n in NAMES_SMALL[:count]]
    names = []
    for prefix_article, prefix in PREFIXES:
        for root in ROOTS:
            article = prefix_article if prefix else ("de l'" if root[0] in "AEIOUYÉ" else "de")
            sep = "" if article.endswith("'") else " "
            names.append((f"Département {article}{sep}{prefix}{root}", prefix + root))
    return names[:count]


def generate(out_dir: Path, seed: int = 2026, scale: str = "small") -> Path:
    """Write the sample web under `out_dir` (replaced if present) and return `out_dir`."""
    params = SCALES[scale]
    out_dir = Path(out_dir)
    for name in ("hosts", INDEX, "truth.json", "sites.csv"):
        target = out_dir / name
        if target.is_dir():
            shutil.rmtree(target)
        elif target.exists():
            target.unlink()
    out_dir.mkdir(parents=True, exist_ok=True)
    writer = WebWriter(out_dir)
    names = _names(params["portals"])
    width = 2 if len(names) < 100 else 3
    portals = []
    reachable_count = len(names) - 1
    for i, (name, short) in enumerate(names):
        code = f"S{i + 1:0{width}d}"
        reachable = i < reachable_count
        variant = variant_for(i) if reachable else None
        portal = Portal(code=code, name=name, slug=slugify(short),
                        cms="joomla" if variant == "one_script" else CMS_STYLES[i % 4],
                        rng=random.Random(f"{seed}:{code}"),
                        style=random.Random(f"{seed}:{code}:style"),
                        extra=random.Random(f"{seed}:{code}:extra"), variant=variant,
                        reachable=reachable, tls=tls_for(i) if reachable else None,
                        https_first=reachable and tls_for(i) == "valid" and https_first_for(i))
        portals.append(portal)
        if not portal.reachable:
            continue
        specials = {s for j, s in enumerate(SPECIALS) if j % reachable_count == i}
        plan_portal(portal, i, sitemap_only=(i % 10 == 0))
        plan_markup(portal, i)
        _build(writer, portal, params, specials, i)
    write_national(writer)
    truths = [p.truth() for p in portals]
    for truth in truths:
        _check(writer, truth)
    writer.write_index()
    _write_truth(out_dir, seed, scale, truths)
    _write_sites(out_dir, portals)
    return out_dir


def _build(w: WebWriter, p: Portal, params: dict, specials: set[str], index: int) -> None:
    assign_urls(p)
    plan_aliases(p)
    setup_chrome(p)
    _transport(w, p, index)
    plan_directories(p, params)
    plan_legal(p)
    plan_jobs(p, params["jobs"])
    w.host_headers(p.host, _headers(p))
    write_services(w, p)
    for s in p.services:
        if s.form_kind == "ds":
            write_ds_page(w, p, s)
    write_platforms(w, p)
    news = write_news(w, p, params["news"], params["aid_news"])
    p.chrome["recent"] = news[:5]
    write_editorial(w, p, params, news)
    write_info(w, p)
    write_directories(w, p)
    write_legal(w, p)
    write_jobs(w, p)
    write_traps(w, p, specials)
    write_search_rule(w, p)
    write_robots_and_sitemaps(w, p)


def _transport(w: WebWriter, p: Portal, index: int) -> None:
    """The portal's https (served by the replay server with its test CA) and the truth of it.
    A portal on https sends HSTS (except S06, whose truth says so) and plain http answers 301."""
    p.facts["tls"] = tls_facts(p, index)
    if p.tls is None:
        return
    w.host_tls(p.host, p.tls, https_only=p.https_first)
    if p.https_first:
        p.facts["security_headers"]["strict-transport-security"] = index % 10 != 5
        for host in p.platforms.values():  # its e-service platforms live on https too
            w.host_tls(host, "valid", https_only=True)
    for url in p.facts["tls"]["mixed_content"]:
        p.chrome["home_extra"] = (f'<p><img src="{url}" alt="" width="1200" height="200"></p>')
        w.page(f"https://{p.host}{MIXED_IMAGE}", GIF, ctype="image/gif")
    if p.tls != "valid":  # https is there but broken: the home links to it, a browser refuses it
        p.chrome["home_extra"] = (f'<p><a href="https://{p.host}/">Accéder au site en connexion '
                                  "sécurisée</a></p>")
        p.facts["tls"]["refused_link"] = {"url": f"https://{p.host}/", "from": p.base + "/"}


def _check(w: WebWriter, truth: dict) -> None:
    """Refuse to write a truth that disagrees with the pages: every URL it names is served."""
    urls = [u for s in truth["services"] for u in (*s["urls"], *s["aliases"])]
    urls += truth["non_service_urls"] + [*truth["url_variants"], *truth["url_variants"].values()]
    for url in urls:
        entry = resolve(w.hosts, *split_url(url))
        if entry is None or entry.get("s") != 200:
            raise ValueError(f"generator bug: {truth['code']} truth names {url}, not served with 200")
    services = {u for s in truth["services"] for u in s["urls"]}
    if services & set(truth["non_service_urls"]):
        raise ValueError(f"generator bug: {truth['code']} lists a URL as service and non-service")


def _headers(p: Portal) -> list[list[str]]:
    sec = p.facts["security_headers"]
    headers = [["Server", p.rng.choice(["Apache", "nginx", "Microsoft-IIS/8.5"])]]
    if sec["strict-transport-security"]:
        headers.append(["Strict-Transport-Security", "max-age=31536000"])
    if sec["content-security-policy"]:
        headers.append(["Content-Security-Policy", "default-src 'self'"])
    if sec["x-content-type-options"]:
        headers.append(["X-Content-Type-Options", "nosniff"])
    if p.facts["insecure_cookies"]:
        headers.append(["Set-Cookie", f"session_{p.slug[:6]}=abc123; Path=/"])
    else:
        headers.append(["Set-Cookie", f"session_{p.slug[:6]}=abc123; Path=/; HttpOnly; Secure; "
                                      "SameSite=Lax"])
    return headers


def _write_truth(out_dir: Path, seed: int, scale: str, truths: list[dict]) -> None:
    truth = {
        "generator": "barometre.sampleweb", "version": "2", "seed": seed, "scale": scale,
        "national_hosts": {h: label for h, (label, _) in NATIONAL.items()},
        "collectivites": truths,
    }
    (out_dir / "truth.json").write_text(
        json.dumps(truth, ensure_ascii=False, indent=1) + "\n", encoding="utf-8")


def _write_sites(out_dir: Path, portals: list[Portal]) -> None:
    """sites.csv (with a fictional population), and fictional context files in context/: an OFGL-like
    operating-revenue export and a digital-fragility index, so the context analysis has data."""
    rng = random.Random(f"context-{len(portals)}")
    context = out_dir / "context"
    context.mkdir(exist_ok=True)
    with (out_dir / "sites.csv").open("w", encoding="utf-8", newline="") as fh, \
            (context / "ofgl.csv").open("w", encoding="utf-8", newline="") as ofgl, \
            (context / "fragilite.csv").open("w", encoding="utf-8", newline="") as frag:
        out, rev, fra = (csv.writer(f, lineterminator="\n") for f in (fh, ofgl, frag))
        out.writerow(["code", "name", "url", "hosts", "population"])
        rev.writerow(["exer", "dep_code", "dep_name", "agregat", "montant", "euros_par_habitant"])
        fra.writerow(["code", "score"])
        for p in portals:
            population = rng.randrange(80_000, 1_800_000, 1000)
            per_inhabitant = round(rng.uniform(850, 1500), 1)
            # S04 is listed at its old http address, as référentiels often are: the crawl follows its move
            start = f"http://{p.host}/" if p.https_first and p.code.endswith("04") else p.base + "/"
            out.writerow([p.code, p.name, start, " ".join(p.hosts), population])
            rev.writerow([2025, p.code, p.name, "Recettes de fonctionnement", round(population * per_inhabitant),
                          per_inhabitant])
            fra.writerow([p.code, round(rng.uniform(15, 85), 1)])
