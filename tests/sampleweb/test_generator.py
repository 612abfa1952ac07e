import hashlib
import html
import io
import json
import re
from pathlib import Path

import pypdf

from barometre.sampleweb import generate
from barometre.sampleweb.server import SampleWeb
from tests.sampleweb.links import canonical, page_links

CATALOGUE_THEMES = {"solidarites", "developpement_territorial", "education", "sport",
                    "tourisme_culture", "emploi_insertion", "voirie_transport", "autre"}


def tree_hash(root: Path) -> str:
    digest = hashlib.sha256()
    for path in sorted(root.rglob("*")):
        if path.is_file():
            digest.update(str(path.relative_to(root)).encode())
            digest.update(path.read_bytes())
    return digest.hexdigest()


def test_generation_is_deterministic(web_dir, tmp_path):
    again = generate(tmp_path / "again", seed=2026, scale="small")
    assert tree_hash(again) == tree_hash(web_dir)


def test_truth_schema(truth, web_dir):
    assert truth["generator"] == "barometre.sampleweb" and truth["version"] == "2"
    assert truth["national_hosts"]["www.caf.test"] == "caf"
    cols = truth["collectivites"]
    assert 6 <= len(cols) <= 10
    assert [c["code"] for c in cols] == [f"S{i:02d}" for i in range(1, len(cols) + 1)]
    assert {c["cms"] for c in cols} >= {"modern", "drupal", "wordpress", "legacy"}
    unreachable = [c for c in cols if not c["reachable"]]
    assert len(unreachable) == 1 and unreachable[0]["services"] == []
    levels, relays, platforms = set(), set(), set()
    for c in cols:
        for s in c["services"]:
            assert s["theme"] in CATALOGUE_THEMES
            assert s["page_url"] in s["urls"] and "#" not in "".join(s["urls"])
            assert "utm_" not in "".join(s["urls"]) and ":80/" not in "".join(s["urls"])
            levels.add(s["level"])
            relays.add(s["relay"])
            platforms.add(s["platform"])
        if c["reachable"]:
            assert 20 <= len(c["services"]) <= 40
            assert any(s["catalogue_id"] is None for s in c["services"])
    assert levels == {1, 2, 3, 4}
    assert {"caf", "mdph"} <= relays
    assert {"demarches_simplifiees", "publik", "mgdis", "in_house"} <= platforms
    statuses = {(c["facts"]["accessibility_statement"] or {}).get("status")
                for c in cols if c["reachable"]}
    assert {"partiellement conforme", "totalement conforme", "non conforme", None} <= statuses
    sites = (web_dir / "sites.csv").read_text(encoding="utf-8").splitlines()
    assert sites[0] == "code,name,url,hosts,population" and len(sites) == len(cols) + 1
    assert (web_dir / "context" / "ofgl.csv").exists() and (web_dir / "context" / "fragilite.csv").exists()


def _html_pages(web: SampleWeb, host: str):
    for key, entry in web.hosts[host]["pages"].items():
        if entry.get("s") == 200 and entry.get("t", "").startswith("text/html") and "f" in entry:
            yield f"{web.origin(host)}{key}", web.body(entry["f"])


def _links(url: str, body: bytes) -> set[str]:
    return page_links(url, body)


def _sitemap_locs(web: SampleWeb, host: str, name: str) -> set[str]:
    text = web.body(web.hosts[host]["pages"][name]["f"]).decode()
    return {canonical(html.unescape(loc)) for loc in re.findall(r"<loc>([^<]+)</loc>", text)}


def test_every_service_is_linked_or_in_sitemap(truth, web_dir):
    web = SampleWeb(web_dir)
    for col in truth["collectivites"]:
        if not col["reachable"]:
            continue
        linked = set()
        for host in col["hosts"]:
            for url, body in _html_pages(web, host):
                linked |= _links(url, body) - {url}
        host = col["hosts"][0]
        sitemap = _sitemap_locs(web, host, "/sitemap-demarches.xml")
        for s in col["services"]:
            assert s["page_url"] in linked or s["page_url"] in sitemap, s["id"]
            if s["entry_url"]:
                assert s["entry_url"] in linked, s["id"]
        for url in col["facts"]["sitemap_only_urls"]:
            assert url not in linked and url in sitemap
        links_to_disallowed = [u for u in linked if any(
            u.startswith(f"{web.origin(host)}{d}") for d in col["facts"]["robots_disallow"])]
        assert links_to_disallowed
        for broken in col["facts"]["broken_links"]:
            assert broken["url"] in _links(broken["from"], web.body(
                web.hosts[host]["pages"][broken["from"][len(web.origin(host)):]]["f"]))
    assert any(c["facts"] and c["facts"]["sitemap_only_urls"] for c in truth["collectivites"])


def test_documents_are_valid(truth, web_dir):
    web = SampleWeb(web_dir)
    fillable = flat = docs = 0
    for site in web.hosts.values():
        for entry in site["pages"].values():
            if entry.get("t") == "application/pdf":
                reader = pypdf.PdfReader(io.BytesIO(web.body(entry["f"])))
                assert len(reader.pages) == 1
                if reader.get_fields():
                    fillable += 1
                else:
                    flat += 1
            elif "word" in entry.get("t", ""):
                docs += 1
    assert fillable and flat and docs


def test_legacy_portal_is_latin1(truth, web_dir):
    web = SampleWeb(web_dir)
    legacy = next(c for c in truth["collectivites"] if c["cms"] == "legacy" and c["reachable"])
    assert legacy["charset"] == "iso-8859-1" and legacy["facts"]["viewport_meta"] is False
    entry = web.hosts[legacy["hosts"][0]]["pages"]["/"]
    assert entry["t"] == "text/html; charset=iso-8859-1"
    body = web.body(entry["f"])
    text = body.decode("latin-1")
    assert 'charset=iso-8859-1' in text and "<font" in text and "viewport" not in text
    assert "Département".encode("latin-1") in body


def test_truth_is_json_stable(web_dir):
    data = json.loads((web_dir / "truth.json").read_text(encoding="utf-8"))
    assert data["seed"] == 2026 and data["scale"] == "small"
