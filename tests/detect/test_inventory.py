"""The inventory stage on a real crawl of the small sample web, scored against its truth."""

from __future__ import annotations

import csv
import io
import json

import pytest

from barometre.detect.core.scoring import score_inventory
from barometre.detect.export import COLUMNS
from tests.helpers import barometre

pytestmark = pytest.mark.slow


@pytest.fixture(scope="module")
def inventoried(crawled):
    proc = barometre(crawled.data_dir, "inventory", "--campaign", "test")
    assert "Inventaire des services" in proc.stdout
    return crawled


def export(crawl, fmt="jsonl"):
    return barometre(crawl.data_dir, "inventory", "export", "--campaign", "test", "--format", fmt).stdout


def rows_by_code(text):
    out = {}
    for line in text.splitlines():
        row = json.loads(line)
        out.setdefault(row["collectivite"], []).append(row)
    return out


def test_scores_against_the_sample_web_truth(inventoried, truth):
    result = score_inventory(rows_by_code(export(inventoried)), truth)
    keys = ("precision", "recall", "theme_accuracy", "level_accuracy", "relay_f1")
    for code, r in [*result["collectivites"].items(), ("overall", result["overall"])]:
        print(code, " ".join(f"{k}={r[k]}" for k in keys), r.get("errors") or "",
              r.get("false_positives") or "", r.get("missed") or "")
    for code, r in [*result["collectivites"].items(), ("overall", result["overall"])]:
        assert r["precision"] >= 0.95, (code, r.get("false_positives"))
        assert r["recall"] >= 0.95, (code, r.get("missed"))
        assert r["theme_accuracy"] >= 0.95, (code, r.get("errors"))
        assert r["level_accuracy"] >= 0.90, (code, r.get("errors"))
        assert r["relay_f1"] >= 0.95, (code, r.get("errors"))


def test_export_jsonl_has_exactly_the_documented_keys(inventoried):
    rows = [json.loads(line) for line in export(inventoried).splitlines()]
    assert rows and all(tuple(r) == COLUMNS for r in rows)
    found = [r for r in rows if r["level"] > 0]
    assert all(r["page_url"] and r["page_url"] in r["urls"] for r in found)
    assert all(set(e) == {"cue", "url"} for r in rows for e in r["evidence"])


def test_export_csv(inventoried, tmp_path):
    out = tmp_path / "services.csv"
    proc = barometre(inventoried.data_dir, "inventory", "export", "--campaign", "test", "--format", "csv",
                     "-o", str(out))
    rows = list(csv.DictReader(io.StringIO(out.read_text(encoding="utf-8"))))
    assert tuple(rows[0]) == COLUMNS
    assert f"{len(rows)} services" in proc.stderr
    assert isinstance(json.loads(rows[0]["urls"]), list)


def test_level_zero_rows_for_core_catalogue_entries_not_found(inventoried, truth):
    rows = rows_by_code(export(inventoried))
    s01 = rows["S01"]
    absent = {r["catalogue_id"] for r in s01 if r["level"] == 0}
    found = {r["catalogue_id"] for r in s01 if r["level"] > 0}
    assert absent and not absent & found
    assert all(r["page_url"] is None and r["evidence"] for r in s01 if r["level"] == 0)
    assert "coupon_sport" not in absent  # a shared competence is never "absent"
    unreachable = [c["code"] for c in truth["collectivites"] if not c["reachable"]][0]
    assert not rows.get(unreachable)  # not measurable is not "absent"


def test_rerun_is_idempotent(inventoried):
    before = export(inventoried)
    barometre(inventoried.data_dir, "inventory", "--campaign", "test", "--collectivite", "S01", "S02")
    assert export(inventoried) == before


def test_correction_is_kept_across_reruns(inventoried):
    rows = rows_by_code(export(inventoried))["S03"]
    target = next(r for r in rows if r["level"] > 0 and r["catalogue_id"])
    new_level = 1 if target["level"] != 1 else 2
    (cid,) = inventoried.sql("SELECT id FROM referential_collectivite WHERE code = 'S03'")[0]
    with __import__("sqlite3").connect(inventoried.data_dir / "barometre.sqlite3") as db:
        db.execute("INSERT INTO detect_correction (collectivite_id, key, field, value, note, created_at)"
                   " VALUES (?, ?, 'level', ?, 'vu sur le portail', '2026-01-01 00:00:00')",
                   (cid, target["catalogue_id"], str(new_level)))
    barometre(inventoried.data_dir, "inventory", "--campaign", "test", "--collectivite", "S03")
    after = next(r for r in rows_by_code(export(inventoried))["S03"] if r["catalogue_id"] == target["catalogue_id"])
    assert after["level"] == new_level
    assert any("analyst correction" in e["cue"] for e in after["evidence"])
    report = json.loads(barometre(inventoried.data_dir, "inventory", "evaluate", "--campaign", "test").stdout)
    assert report["corrections"]["level"] == {"corrected_services": 1, "detector_agreed": 0, "accuracy": 0.0}


def test_evaluate_against_truth(inventoried, web_dir):
    report = json.loads(barometre(inventoried.data_dir, "inventory", "evaluate", "--campaign", "test",
                                  "--truth", str(web_dir / "truth.json")).stdout)
    assert report["truth"]["overall"]["recall"] >= 0.95


def test_clear_errors(inventoried):
    proc = barometre(inventoried.data_dir, "inventory", "--campaign", "nope", check=False)
    assert proc.returncode != 0 and "unknown campaign 'nope'" in proc.stderr
    proc = barometre(inventoried.data_dir, "inventory", "--campaign", "test", "--collectivite", "ZZ9", check=False)
    assert proc.returncode != 0 and "ZZ9" in proc.stderr


def stored_jobs(crawl) -> list:
    """One inventory job per crawled collectivité, read from the crawl's own database."""
    from barometre.crawl.stored import PAGE_FIELDS
    from barometre.crawl.urls import own_hosts
    from barometre.detect.inventory import Job

    columns = ", ".join(f"p.{name}" for name in PAGE_FIELDS)
    jobs = []
    for code, start_url, hosts in crawl.sql(
            "SELECT c.code, r.start_url, r.hosts FROM crawl_crawlrun r"
            " JOIN referential_collectivite c ON c.id = r.collectivite_id ORDER BY c.code"):
        rows = crawl.sql(f"SELECT {columns} FROM crawl_page p JOIN referential_collectivite c"
                         " ON c.id = p.collectivite_id WHERE c.code = ? ORDER BY p.id", code)
        pages = [dict(zip(PAGE_FIELDS, row, strict=True)) for row in rows]
        for page in pages:
            for name in ("links", "document", "redirect_chain", "headers", "anomalies"):
                page[name] = json.loads(page[name]) if page[name] else None
        own = sorted(own_hosts(start_url, json.loads(hosts or "[]")))
        jobs.append(Job(code, start_url, own, str(crawl.data_dir / "warc" / "test"), pages))
    return jobs


def test_services_do_not_depend_on_the_order_pages_were_stored(crawled):
    """Concurrent fetches store a crawl's pages in another order every run: the same pages must
    give the same services, evidence included, whatever that order."""
    import random

    from barometre.detect.inventory import analyse

    jobs = [job for job in stored_jobs(crawled) if job.pages]
    found = 0
    for job in jobs:
        expected = analyse(job).services
        found += any(s["level"] > 0 for s in expected)
        for seed in (1, 2):
            shuffled = list(job.pages)
            random.Random(seed).shuffle(shuffled)
            job.pages = shuffled
            assert analyse(job).services == expected, (job.code, seed)
    assert found >= 6
