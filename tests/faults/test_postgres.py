"""PostgreSQL as a backend: what SQLite lets through and PostgreSQL refuses is stored anyway.

What must hold: every page fetched is stored (0 lost), a text the database cannot hold is
cleaned or cut with the cut recorded, a row the database still refuses costs only itself and
is recorded (log, run errors, DATA_DIR/not_stored/), and a bad input is a message, never a
traceback. The crawls run `barometre` on a throw-away database of the run's PostgreSQL server
(skipped without one; scripts/test.sh starts one).
"""

from __future__ import annotations

import csv
import json
import logging
import os
import shutil
from collections import Counter
from datetime import UTC, datetime

import dj_database_url
import psycopg
import pytest
from django.db import connection, transaction

from barometre.sampleweb.documents import pdf_form
from barometre.sampleweb.store import WebWriter
from tests.helpers import CrawledWeb, barometre

pytestmark = pytest.mark.slow

LONG_TITLE = "Aide personnalisée à l'autonomie " * 152  # 5,016 characters


def write_web(root):
    """Two small portals, each with a PDF whose text holds a NUL; on the first, a 5,000-character title."""
    web = WebWriter(root)
    sites = []
    for code, slug in (("PGA", "pg-alpha"), ("PGB", "pg-beta")):
        base = f"http://www.{slug}.test"
        links = [f"{base}/aides/{n}" for n in range(6)] + [f"{base}/formulaire-apa.pdf", f"{base}/long"]
        items = "".join(f'<li><a href="{url}">Page {n}</a></li>' for n, url in enumerate(links))
        web.page(f"{base}/", f"<html><head><title>{slug}</title></head><body><ul>{items}</ul></body></html>")
        for n in range(6):
            web.page(f"{base}/aides/{n}", f"<html><head><title>Aide {n}</title></head><body>"
                                          f'<a href="{base}/">Accueil</a></body></html>')
        web.page(f"{base}/formulaire-apa.pdf", pdf_form("Demande d'APA", ["Nom\x00 du demandeur", "Adresse"]),
                 ctype="application/pdf")
        title = LONG_TITLE if code == "PGA" else "Aide courte"
        web.page(f"{base}/long", f"<html><head><title>{title}</title></head><body>Texte</body></html>")
        sites.append([code, f"Portail {slug}", f"{base}/"])
    web.write_index()
    with (root / "sites.csv").open("w", encoding="utf-8", newline="") as out:
        csv.writer(out, lineterminator="\n").writerows([["code", "name", "url"], *sites])
    return root


def query(url: str, sql: str, *params) -> list[tuple]:
    db = dj_database_url.parse(url)
    with psycopg.connect(host=db["HOST"] or None, port=db["PORT"] or None, user=db["USER"] or None,
                         password=db["PASSWORD"] or None, dbname=db["NAME"]) as conn:
        return conn.execute(sql, params).fetchall()


@pytest.fixture
def on_postgres(postgres_database, monkeypatch):
    """Commands run by the test use the module's throw-away PostgreSQL database."""
    monkeypatch.setenv("DATABASE_URL", postgres_database)
    return postgres_database


@pytest.fixture(scope="module")
def nul_crawl(postgres_database, tmp_path_factory):
    """The two portals crawled into PostgreSQL: (command result, URLs answered 200, data dir)."""
    root = tmp_path_factory.mktemp("nul")
    web_dir = write_web(root / "web")
    with pytest.MonkeyPatch.context() as patch, CrawledWeb(web_dir, root / "data") as web:
        patch.setenv("DATABASE_URL", postgres_database)
        proc = web.run("--campaign", "nul", "--sites", str(web_dir / "sites.csv"))
        fetched = {(r["host"], r["path"]) for r in web.crawl_requests if r["status"] == 200}
    return proc, fetched, root / "data"


def stored_pages(url: str) -> dict[str, tuple]:
    rows = query(url, "SELECT p.url, c.code, p.title, p.anomalies, p.document FROM crawl_page p"
                      " JOIN referential_collectivite c ON c.id = p.collectivite_id"
                      " JOIN crawl_campaign k ON k.id = p.campaign_id WHERE k.name = 'nul' AND p.status = 200")
    return {url: rest for url, *rest in rows}


def test_nul_bytes_and_long_titles_do_not_cost_a_page(postgres_database, nul_crawl):
    db = postgres_database
    proc, fetched, data_dir = nul_crawl
    pages = stored_pages(db)
    assert len(pages) == len(fetched) == 2 * 9, proc.stdout[-2000:]
    _code, _title, _anomalies, document = pages["http://www.pg-alpha.test/formulaire-apa.pdf"]
    assert "Nom du demandeur" in document["text"] and "\x00" not in json.dumps(document)
    _code, title, _anomalies, _document = pages["http://www.pg-alpha.test/long"]
    assert len(title) == 500 and LONG_TITLE.startswith(title)
    runs = query(db, "SELECT c.code, r.pages, r.errors, r.status FROM crawl_crawlrun r"
                     " JOIN referential_collectivite c ON c.id = r.collectivite_id"
                     " JOIN crawl_campaign k ON k.id = r.campaign_id WHERE k.name = 'nul' ORDER BY c.code")
    assert [(code, status) for code, _pages, _errors, status in runs] == [("PGA", "done"), ("PGB", "done")]
    rows = query(db, "SELECT count(*) FROM crawl_page p JOIN crawl_campaign k ON k.id = p.campaign_id"
                     " WHERE k.name = 'nul'")
    assert sum(pages for _code, pages, _errors, _status in runs) == rows[0][0]
    assert all("not_stored" not in errors for _code, _pages, errors, _status in runs)
    assert not (data_dir / "not_stored").exists()
    assert "Traceback" not in proc.stderr


def test_a_cut_title_is_recorded(postgres_database, nul_crawl):
    pages = stored_pages(postgres_database)
    assert "truncated:title" in pages["http://www.pg-alpha.test/long"][2]
    assert "truncated:title" not in pages["http://www.pg-beta.test/long"][2]


@pytest.mark.django_db
def test_postgres_refuses_a_batch_with_a_nul(tmp_path):
    """The probe behind the sanitising: one NUL in a JSON value makes PostgreSQL refuse a whole batch."""
    if connection.vendor != "postgresql":
        pytest.skip("needs PostgreSQL (DATABASE_URL=postgres://…)")
    from django.db import DataError

    from barometre.crawl.models import Campaign, Page
    from barometre.referential.models import Collectivite

    campaign = Campaign.objects.create(name="probe")
    coll = Collectivite.objects.get(code="01")
    pages = [Page(campaign=campaign, collectivite=coll, url=f"http://x.test/{n}", fetched_at=datetime.now(UTC),
                  document={"text": "a\x00b"} if n == 3 else {}) for n in range(5)]
    with pytest.raises((DataError, ValueError)), transaction.atomic():
        Page.objects.bulk_create(pages)
    assert Page.objects.filter(campaign=campaign).count() == 0


def record(url: str, **fields):
    from barometre.crawl.record import PageRecord

    return PageRecord(code="01", url=url, final_url=url, redirect_chain=[], status=200, depth=1, referrer="",
                      one_hop=False, fetched_at=datetime.now(UTC), **fields)


@pytest.mark.django_db
def test_a_refused_row_costs_only_itself_and_is_recorded(tmp_path, settings, caplog):
    """On whichever database the run uses: a batch with one row the database refuses stores the others."""
    from barometre.crawl.models import Campaign, CrawlRun, Page
    from barometre.crawl.recorder import Recorder
    from barometre.crawl.targets import build_target
    from barometre.crawl.warc import WarcStore
    from barometre.referential.models import Collectivite

    settings.DATA_DIR = tmp_path
    campaign = Campaign.objects.create(name="refused")
    coll = Collectivite.objects.get(code="01")
    run = CrawlRun.objects.create(campaign=campaign, collectivite=coll)
    target = build_target("01", coll.pk, run.pk, "http://x.test/", [], 100, 5, [])
    recorder = Recorder(campaign, [target], WarcStore(tmp_path / "warc", prefix="refused"), batch_size=1000)
    for n in range(6):
        # A negative size breaks the column's CHECK constraint, on SQLite as on PostgreSQL.
        recorder.add(record(f"http://x.test/{n}", size=-1 if n == 4 else 10, title=f"Page {n}\x00"), None)
    with caplog.at_level(logging.WARNING, logger="barometre.crawl"):
        recorder.close()
    stored = sorted(Page.objects.filter(campaign=campaign).values_list("url", "title"))
    assert stored == [(f"http://x.test/{n}", f"Page {n}") for n in (0, 1, 2, 3, 5)]
    run.refresh_from_db()
    assert run.pages == 5 and run.errors == {"not_stored": 1}
    lines = [json.loads(line) for line in (tmp_path / "not_stored" / "refused.jsonl").read_text().splitlines()]
    assert [(line["url"], line["code"]) for line in lines] == [("http://x.test/4", "01")]
    assert lines[0]["reason"].startswith("IntegrityError")
    assert any("page not stored: http://x.test/4" in r.getMessage() for r in caplog.records)


def test_storable_cleans_every_text_and_bounds_lengths():
    from barometre.crawl.record import storable

    rec = record("http://x.test/\x00a", title="T\x00" + "x" * 600, headers={"X-A\x00": ["v\x00", "\udcff"]},
                 links=[["http://x.test/b", "ancre\x00", ""]], document={"text": "a\x00b", "ratio": float("nan")},
                 charset=None, error_message="e" * 501)
    fields = storable(rec, {"url": 2000, "title": 500, "charset": 40, "error_message": 500})
    assert fields["url"] == "http://x.test/a" and fields["charset"] == ""
    assert len(fields["title"]) == 500 and fields["title"].startswith("Tx")
    assert fields["headers"] == {"X-A": ["v", "?"]} and fields["links"] == [["http://x.test/b", "ancre", ""]]
    assert fields["document"] == {"text": "ab", "ratio": None}
    assert fields["anomalies"] == ["truncated:error_message", "truncated:title"]
    assert rec.anomalies == [] and rec.title.startswith("T\x00"), "the record itself is left as fetched"
    assert storable(rec, {})["title"] == "T" + "x" * 600


def test_a_5000_character_name_is_a_message_not_a_traceback(on_postgres, tmp_path):
    sites = tmp_path / "sites.csv"
    sites.write_text(f"code,name,url\nLONG,{'Département ' * 420},http://www.long-name.test/\n", encoding="utf-8")
    proc = barometre(tmp_path / "data", "crawl", "--campaign", "long", "--sites", str(sites), "--timeout", "1",
                     check=False)
    assert proc.returncode != 0
    assert "Traceback" not in proc.stderr, proc.stderr[-3000:]
    assert "name" in proc.stderr and "line 2" in proc.stderr
    assert query(on_postgres, "SELECT count(*) FROM referential_collectivite WHERE code = 'LONG'") == [(0,)]


# Columns measured from response times: they differ between any two crawls.
TIMED = {"ttfb_median", "speed_grade", "slow_pages", "pqi", "tier"}


def published(data_dir, database_url: str | None = None):
    """inventory, audit (no browser), indicators and export on a crawled data dir; the export as
    {file: rows}, JSON cells parsed (PostgreSQL's jsonb gives keys back in its own order)."""
    with pytest.MonkeyPatch.context() as patch:
        if database_url:
            patch.setenv("DATABASE_URL", database_url)
        for args in (("inventory",), ("audit", "--no-browser"), ("indicators",), ("export", "--to", "export")):
            barometre(data_dir, args[0], "--campaign", "test", *args[1:], cwd=data_dir)
    tables = {}
    for path in sorted((data_dir / "export").glob("*.csv")):
        rows = list(csv.DictReader(path.open(encoding="utf-8")))
        tables[path.name] = [{key: _untrapped(_cell(value)) if key == "evidence" else _cell(value)
                              for key, value in row.items() if key not in TIMED} for row in rows]
    return tables


def _untrapped(evidence):
    """Evidence without the query-string pages it cites: which members of a trap (search
    results, calendars) a crawl fetches depends on the order of the responses, as for pages."""
    if isinstance(evidence, list):
        return [e for e in evidence if not (isinstance(e, dict) and "?" in str(e.get("url", "")))]
    return evidence


def _cell(value: str):
    if value[:1] in "[{":
        try:
            return json.loads(value)
        except ValueError:
            pass
    return value


def test_the_sample_web_gives_the_same_figures_on_postgresql(new_postgres_database, crawled, web_dir, tmp_path):
    """The whole pipeline on PostgreSQL: same pages, services, audits and indicators as on SQLite."""
    postgres_database = new_postgres_database()  # its own: the export lists every collectivité crawled
    sqlite_dir = tmp_path / "sqlite"
    shutil.copytree(crawled.data_dir, sqlite_dir)
    with pytest.MonkeyPatch.context() as patch, CrawledWeb(web_dir, tmp_path / "postgres") as web:
        patch.setenv("DATABASE_URL", postgres_database)
        web.run("--campaign", "test", "--sites", str(web_dir / "sites.csv"))
    pages = "SELECT c.code, p.url, p.status, p.kind FROM crawl_page p JOIN referential_collectivite c ON c.id = p.collectivite_id"
    on_sqlite, on_postgres = set(crawled.sql(pages)), set(query(postgres_database, pages))
    assert len(on_sqlite) > 500
    # Which query-string URLs a trap budget lets through depends on the order of the responses.
    assert Counter(row[:1] + row[2:] for row in on_postgres) == Counter(row[:1] + row[2:] for row in on_sqlite)
    plain = {row for row in on_sqlite | on_postgres if "?" not in row[1]}
    assert on_postgres & plain == on_sqlite & plain, sorted((on_postgres ^ on_sqlite) & plain, key=str)[:10]
    expected, found = published(sqlite_dir), published(tmp_path / "postgres", postgres_database)
    assert set(found) == set(expected) and expected["services.csv"] and expected["indicators.csv"]
    for name in expected:
        differences = [{k: (mine.get(k), theirs.get(k)) for k in theirs if mine.get(k) != theirs.get(k)}
                       for mine, theirs in zip(found[name], expected[name], strict=False) if mine != theirs]
        assert found[name] == expected[name], f"{name} (PostgreSQL, SQLite): {differences[:3]}"


@pytest.mark.database
def test_commands_run_by_tests_never_write_to_the_callers_database(tmp_path):
    """The run's DATABASE_URL names a server: its database stays empty, commands get their own."""
    from django.conf import settings

    server = settings.BAROMETRE_TEST_DATABASE_URL
    if not server.startswith("postgres"):
        pytest.skip("needs PostgreSQL (DATABASE_URL=postgres://…)")
    assert os.environ.get("DATABASE_URL") != server
    barometre(tmp_path / "data", "referential", "show", "2A")
    assert (tmp_path / "data" / "barometre.sqlite3").exists()
    tables = query(server, "SELECT count(*) FROM information_schema.tables WHERE table_schema = 'public'")
    assert tables == [(0,)]
