"""A campaign's storage cannot be destroyed by a command: names, lock, WARC repair, resume state."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import textwrap
from collections import Counter
from datetime import UTC, datetime
from pathlib import Path

import pytest

from barometre.crawl import lock
from barometre.crawl.campaign import CampaignNameError, plan, validate_name
from barometre.crawl.models import Campaign
from barometre.crawl.targets import MAX_ATTEMPTS, StoredPage, build_target
from barometre.crawl.warc import WarcStore, iter_records, repair

GOOD_NAMES = ["2026-T4", "c1", "a.b_c-d", "x" * 100, "-x", "2026.T4"]
BAD_NAMES = ["c1/", "../../x", "", ".hidden", "..", "x" * 101, "é", "a b", "c1\x00", "c1\n", "/tmp/x", "a/b"]


@pytest.mark.parametrize("name", GOOD_NAMES)
def test_valid_campaign_names(name):
    assert validate_name(name) == name


@pytest.mark.parametrize("name", BAD_NAMES)
def test_invalid_campaign_names_refused_with_the_rule(name):
    with pytest.raises(CampaignNameError, match="use only letters, digits, '-', '_' and '.', not starting with '.'"):
        validate_name(name)


# -- WARC repair --------------------------------------------------------------------------------
def _warc(directory: Path, prefix: str, n: int) -> list[tuple[str, int, int]]:
    store = WarcStore(directory, prefix=prefix)
    written = [store.write_response(f"http://a.test/{i}", 200, "OK", [("Content-Type", "text/html")],
                                    b"<html>%d</html>" % i, datetime.now(UTC)) for i in range(n)]
    store.close()
    return written


def test_repair_cuts_only_after_the_last_referenced_record(tmp_path):
    directory = tmp_path / "warc" / "c1"
    written = _warc(directory, "c1-123", 5)
    name, offset, length = written[2]
    size = (directory / name).stat().st_size
    changes = repair(directory, "c1", {name: offset + length})
    assert (directory / name).stat().st_size == offset + length < size
    assert [url for url, _s, _b in iter_records(directory / name)] == [f"http://a.test/{i}" for i in range(3)]
    assert changes == [f"{name}: cut {size - offset - length} bytes of unfinished records"]


def test_repair_touches_no_file_of_another_campaign(tmp_path):
    directory = tmp_path / "warc" / "c1"
    mine = _warc(directory, "c1-7", 2)[0][0]
    theirs = _warc(directory, "c1-x-7", 2)[0][0]      # another campaign's prefix ('c1-x')
    by_hand = directory / "notes.warc.gz"
    by_hand.write_bytes(b"kept as it is")
    before = {p.name: p.read_bytes() for p in directory.glob("*.warc.gz")}
    assert repair(directory, "c1", {mine: before[mine].__len__()}) == []
    assert {p.name: p.read_bytes() for p in directory.glob("*.warc.gz")} == before
    assert repair(directory, "c1-x", {}) == [f"{theirs}: no stored page points at it, moved to quarantine/{theirs}"]
    assert (directory / "quarantine" / theirs).read_bytes() == before[theirs]  # moved, never deleted
    assert (directory / mine).exists() and by_hand.exists()


def test_repair_never_cuts_a_file_shorter_than_its_records(tmp_path):
    directory = tmp_path / "warc" / "c1"
    name, offset, length = _warc(directory, "c1-9", 2)[-1]
    data = (directory / name).read_bytes()
    (directory / name).write_bytes(data[:offset + 10])  # damaged by something else
    changes = repair(directory, "c1", {name: offset + length})
    assert "DAMAGED" in changes[0] and (directory / name).read_bytes() == data[:offset + 10]


# -- the lock -----------------------------------------------------------------------------------
HOLDER = textwrap.dedent("""
    import os, sys, time
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "barometre.settings")
    import django
    django.setup()
    from barometre.crawl.lock import campaign_lock
    with campaign_lock("c1"):
        print("locked", flush=True)
        time.sleep(120)
""")


def test_lock_refuses_a_second_run_and_dies_with_its_holder(tmp_path, settings):
    settings.DATA_DIR = tmp_path
    env = {**os.environ, "BAROMETRE_DATA_DIR": str(tmp_path)}
    holder = subprocess.Popen([sys.executable, "-c", HOLDER], env=env, stdout=subprocess.PIPE, text=True)
    try:
        assert holder.stdout.readline().strip() == "locked"
        refused = rf"campaign 'c1' is being crawled by another run \(pid {holder.pid}, started 20"
        with pytest.raises(lock.CampaignLocked, match=refused), lock.campaign_lock("c1"):
            pass
        with lock.campaign_lock("c2"):  # other campaigns are free
            assert lock.held("c2")
    finally:
        holder.send_signal(signal.SIGKILL)
        holder.wait()
    with lock.campaign_lock("c1"):  # a kill -9 released it
        assert lock.held("c1")
        with pytest.raises(lock.CampaignLocked, match="already being crawled by this process"), \
                lock.campaign_lock("c1"):
            pass
    assert not lock.held("c1")


def test_lock_refuses_bad_names_before_writing(tmp_path, settings):
    settings.DATA_DIR = tmp_path
    with pytest.raises(CampaignNameError), lock.campaign_lock("../x"):
        pass
    assert list(tmp_path.iterdir()) == []


@pytest.mark.django_db
def test_plan_needs_the_lock(tmp_path, settings):
    settings.DATA_DIR = tmp_path
    campaign = Campaign.objects.create(name="unlocked")
    with pytest.raises(RuntimeError, match="only written under its lock"):
        plan(campaign, [], max_pages=10)


# -- resume state from stored pages -------------------------------------------------------------
HOME = "http://www.a.test/"


def row(id, url, *, status=200, links=(), depth=1, error_kind="", kind="page", referrer=HOME, size=100,
        message=""):
    return StoredPage(id, url, depth, url if status else "", False, status, [list(link) for link in links],
                      kind, referrer, [], error_kind, message, size)


def resume(stored, retries=None, max_pages=100, totals=None):
    return build_target("A", 1, 1, HOME, [], max_pages, 10, stored, retries=retries, totals=totals)


def test_unreachable_portal_stays_unreachable_after_a_kill():
    home = row(1, HOME, status=None, depth=0, referrer="", error_kind="dns", message="DNSLookupError: no such host")
    target = resume([home])
    assert target.frontier == [] and target.requeued == []
    assert target.outcome("finished") == ("unreachable", "dns: DNSLookupError")


def test_transient_failures_go_back_in_the_frontier_first():
    links = [(f"{HOME}p{i}", "", "") for i in range(3)]
    stored = [row(1, HOME, depth=0, referrer="", links=links),
              row(2, f"{HOME}p0", status=None, error_kind="connection_refused"),
              row(3, f"{HOME}p1", status=503, size=40)]
    target = resume(stored, totals={"bytes": 240, "errors": {"connection_refused": 1, "http_503": 1}})
    assert [r.id for r in target.requeued] == [2, 3]
    assert [f[0] for f in target.frontier] == [f"{HOME}p0", f"{HOME}p1", f"{HOME}p2"]
    assert target.previous["pages"] == 1 and target.previous["errors"] == {} and target.previous["bytes"] == 200
    assert target.attempts == {f"{HOME}p0": 1, f"{HOME}p1": 1}
    assert target.outcome("finished")[0] == "done"


def test_final_failures_are_not_fetched_again_and_are_said():
    links = [(f"{HOME}p{i}", "", "") for i in range(3)]
    stored = [row(1, HOME, depth=0, referrer="", links=links),
              row(2, f"{HOME}p0", status=500), row(3, f"{HOME}p1", status=None, error_kind="timeout"),
              row(4, f"{HOME}p2", status=404)]
    retries = {f"{HOME}p0": {"attempts": 3, "state": "confirmed"}, f"{HOME}p1": {"attempts": MAX_ATTEMPTS}}
    target = resume(stored, retries)
    assert target.requeued == [] and target.frontier == []
    assert target.retries[f"{HOME}p1"]["state"] == "given_up"
    status, reason = target.outcome("finished")
    assert status == "done" and reason == ("every in-scope link was followed; 2 kept failing when retried "
                                           "(http_500 1, timeout 1)")


def test_pending_failures_make_a_run_incomplete():
    target = resume([row(1, HOME, depth=0, referrer="")])
    target.pending = Counter({"connection_refused": 12})
    status, reason = target.outcome("finished")
    assert status == "incomplete" and "every in-scope link" not in reason
    assert reason.startswith("incomplete: 12 pages failed transiently (connection_refused 12)")
    assert target.outcome("shutdown")[0] == "running"


def test_replayed_skip_counters_and_budget():
    links = [("http://elsewhere.test/", "", ""), (f"{HOME}logo.png", "", ""), (f"{HOME}a", "", ""),
             (f"{HOME}b", "", ""), (f"{HOME}c", "", "")]
    stored = [row(1, HOME, depth=0, referrer="", links=links), row(2, f"{HOME}a", links=links[:2])]
    target = resume(stored, max_pages=3)
    assert target.external_links == 0 and target.previous["external_links"] == 2
    assert target.previous["skipped"] == {"skip_extension": 2, "max_pages": 1}
    assert [f[0] for f in target.frontier] == [f"{HOME}b"] and target.budget_exhausted
    assert target.outcome("finished") == ("done", "page budget reached (3 pages)")


def test_a_link_beyond_the_depth_limit_is_not_a_skip_once_a_retried_page_reaches_it():
    # The home's link to p0 failed during an outage; p1 (at the depth limit) links to deep,
    # which p0 links to as well: an uninterrupted crawl fetches deep at depth 2 and skips nothing.
    deep = f"{HOME}deep"
    stored = [row(1, HOME, depth=0, referrer="", links=[(f"{HOME}p0", "", ""), (f"{HOME}p1", "", "")]),
              row(2, f"{HOME}p1", links=[(deep, "", "")]),
              row(3, f"{HOME}p0", status=None, error_kind="connection_refused")]
    target = build_target("A", 1, 1, HOME, [], 100, 1, stored)
    assert [r.id for r in target.requeued] == [3]
    assert target.totals()["skipped"] == {"max_depth": 1}  # deep is not reached yet
    target.seen.add(deep)  # the retried p0 is fetched and links to it at depth 1 + 1
    assert target.totals()["skipped"] == {}


def test_a_portal_that_moved_keeps_its_new_domain_on_resume():
    new = "http://www.b.test/"
    stored = [StoredPage(1, HOME, 0, HOME, False, 301, [[new, "", "redirect"]], "page", "", [], "", "", 0),
              row(2, new, depth=0, referrer="", links=[(f"{new}x", "", "")])]
    target = resume(stored)
    assert [f[0] for f in target.frontier] == [f"{new}x"]


# -- sites files with référentiel codes -----------------------------------------------------------
@pytest.mark.django_db
def test_store_sites_keeps_referential_rows():
    from barometre.referential.imports import SiteRecord
    from barometre.referential.loader import SitesConflict, store_sites
    from barometre.referential.models import Collectivite

    gironde = Collectivite.objects.get(code="33")
    before = (gironde.portal_url, gironde.hosts, gironde.name, gironde.source)
    records = [SiteRecord("33", "Gironde (2026)", "http://www.valmont.test/", ("www.valmont.test",), None),
               SiteRecord("2a", "Corse", "http://www.hautes-combes.test/", (), None),
               SiteRecord("974", "La Réunion", "http://www.basse-sorgue.test/", (), None),
               SiteRecord("V1", "Ville 1", "http://v1.test/", (), None)]
    stored = store_sites(records, "sites:x.csv", referential_codes=True)
    assert [c.code for c in stored] == ["33", "20R", "974", "V1"]
    gironde.refresh_from_db()
    assert (gironde.portal_url, gironde.hosts, gironde.name, gironde.source) == before
    assert stored[3].kind == "site" and stored[3].portal_url == "http://v1.test/"
    for bad, message in ([SiteRecord("69", "Rhône", "http://r.test/", (), None)], "ambiguous"), \
            ([SiteRecord("67", "Bas-Rhin", "http://a.test/", (), None),
              SiteRecord("68", "Haut-Rhin", "http://b.test/", (), None)], "both designate the collectivité 6AE"):
        with pytest.raises(SitesConflict, match=message):
            store_sites(bad, "sites:x.csv", referential_codes=True)
    with pytest.raises(SitesConflict, match="already belong to the référentiel"):
        store_sites(records[:1], "sites:x.csv")  # `referential import-sites` still refuses them


@pytest.mark.slow
def test_crawl_sites_file_with_referential_codes(web_dir, tmp_path):
    from tests.crawl.integrity import run_status
    from tests.helpers import CrawledWeb, barometre

    portals = (web_dir / "sites.csv").read_text(encoding="utf-8").splitlines()[1:4]
    lines = [f"{code},{name},{url},{hosts}" for code, (_c, name, url, hosts, *_rest) in
             zip(("33", "2A", "S99"), (p.split(",") for p in portals), strict=True)]
    sites = tmp_path / "sites.csv"
    sites.write_text("code,name,url,hosts\n" + "\n".join(lines) + "\n", encoding="utf-8")
    with CrawledWeb(web_dir, tmp_path / "data") as web:
        proc = barometre(web.data_dir, *web.crawl_args("--campaign", "2026-T4", "--sites", str(sites),
                                                         "--max-pages", "25", "--proxy", "http://127.0.0.1:9"),
                         check=False)
        assert proc.returncode != 0 and "unreachable" in proc.stderr
        assert web.sql("SELECT count(*) FROM referential_collectivite WHERE code = 'S99'") == [(0,)]
        assert web.sql("SELECT count(*) FROM crawl_campaign") == [(0,)]  # nothing stored

        web.run("--campaign", "2026-T4", "--sites", str(sites), "--max-pages", "25")
        runs = dict(((code, (url, hosts)) for code, url, hosts in web.sql(
            "SELECT c.code, r.start_url, r.hosts FROM crawl_crawlrun r JOIN referential_collectivite c"
            " ON c.id = r.collectivite_id")))
        first = portals[0].split(",")
        assert runs["33"] == (first[2], f'["{first[3]}"]')
        assert set(runs) == {"33", "20R", "S99"}
        assert {s for s, _r in run_status(web, "2026-T4").values()} == {"done"}
        assert web.sql("SELECT portal_url, kind FROM referential_collectivite WHERE code = '33'") == \
            [("http://www.gironde.fr", "departement")]
        assert web.sql("SELECT count(*) FROM crawl_page p JOIN referential_collectivite c ON c.id = p.collectivite_id"
                       " WHERE c.code = '33'")[0][0] > 10

        moved = tmp_path / "moved.csv"
        moved.write_text(f"code,name,url\n33,Gironde,{portals[2].split(',')[2]}\nS98,Autre,http://x.test/\n")
        proc = barometre(web.data_dir, *web.crawl_args("--campaign", "2026-T4", "--sites", str(moved)), check=False)
        assert proc.returncode != 0 and "keeps the URL it observed" in proc.stderr, proc.stderr[-800:]
        assert web.sql("SELECT count(*) FROM referential_collectivite WHERE code = 'S98'") == [(0,)]
