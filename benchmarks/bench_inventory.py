"""Throughput of the inventory stage on the France-sized sample web (100 portals, ~43,000 URLs).

To save the crawl, stored pages are built straight from the generated files: every served URL
of a collectivité's own hosts becomes a stored page (status, content type, body), redirects
keep their target as their only link. Off-site one-hop pages (DS, operators) are left out.
Links are extracted from the HTML here with the crawler's own extractor (the real stage reads
them from the stored pages); that CPU time is measured apart and not counted as the stage's. Bodies are read from the generated
files (not from WARC). Timed: feature extraction of every HTML page + service detection,
grouping and all decisions, over collectivités in worker processes. The wall clock still
includes the link extraction, so it is a lower bound for the stage.

    .venv/bin/python benchmarks/bench_inventory.py [--web DIR] [--workers 2]
"""

from __future__ import annotations

import argparse
import json
import multiprocessing
import tempfile
import time
from concurrent.futures import ProcessPoolExecutor
from pathlib import Path

from barometre.detect.core.features import extract_page, page_links
from barometre.detect.core.grouping import StoredPage, group_services
from barometre.detect.core.knowledge import load_knowledge
from barometre.detect.core.service import absent_services, decide_service

WEB: Path


def _charset(ctype: str) -> str:
    return ctype.split("charset=", 1)[1].strip() if "charset=" in ctype else "utf-8"


def collectivite_pages(web: Path, index: dict, hosts: list[str]) -> list[dict]:
    rows = []
    for host in hosts:
        for path, entry in index["hosts"].get(host, {}).get("pages", {}).items():
            url = f"http://{host}{path}"
            rows.append({"url": url, "status": entry.get("s", 200), "ctype": entry.get("t", ""),
                         "file": entry.get("f"), "location": entry.get("l")})
    return rows


def analyse(job: tuple[str, list[str], list[dict]]) -> tuple[str, int, int, float]:
    code, hosts, rows = job
    cpu, crawler_cpu = time.process_time(), 0.0
    k = load_knowledge()
    pages = []
    for row in rows:
        page = StoredPage(url=row["url"], status=row["status"], content_type=row["ctype"])
        if row["location"]:
            page.links = ((row["location"], "", "redirect"),)
        elif row["status"] == 200 and "html" in row["ctype"] and row["file"]:
            html = (WEB / row["file"]).read_bytes().decode(_charset(row["ctype"]), "replace")
            started = time.process_time()
            links = page_links(row["url"], html)  # what the crawler stores with each page
            crawler_cpu += time.process_time() - started
            page.features = extract_page(row["url"], html, row["ctype"], links)
            page.links = tuple((link.url, link.text, "") for link in links)
        pages.append(page)
    records = [decide_service(g, k) for g in group_services(pages, hosts, k)]
    records += absent_services((r.catalogue_id for r in records), "", k)
    return code, len(pages), sum(r.level > 0 for r in records), time.process_time() - cpu - crawler_cpu


def _init(web: str) -> None:
    global WEB
    WEB = Path(web)
    load_knowledge()


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--web", help="An already generated France-scale web (default: generate one).")
    parser.add_argument("--workers", type=int, default=2)
    opts = parser.parse_args()
    web = Path(opts.web) if opts.web else None
    if web is None:
        from barometre.sampleweb import generate

        web = generate(Path(tempfile.mkdtemp(prefix="bench-inventory-")) / "web", seed=2026, scale="france")
    index = json.loads((web / "index.json").read_text(encoding="utf-8"))
    truth = json.loads((web / "truth.json").read_text(encoding="utf-8"))
    jobs = [(c["code"], c["hosts"], collectivite_pages(web, index, c["hosts"]))
            for c in truth["collectivites"] if c["reachable"]]
    ctx = multiprocessing.get_context("fork")
    started = time.perf_counter()
    with ProcessPoolExecutor(opts.workers, mp_context=ctx, initializer=_init, initargs=(str(web),)) as pool:
        results = list(pool.map(analyse, jobs, chunksize=1))
    elapsed = time.perf_counter() - started
    pages = sum(r[1] for r in results)
    services = sum(r[2] for r in results)
    cpu = sum(r[3] for r in results)
    # On a shared machine the wall clock depends on the neighbours; CPU time does not.
    print(f"{len(results)} collectivités, {pages} stored pages, {services} services "
          f"in {elapsed:.1f} s with {opts.workers} workers: {pages / elapsed:.0f} pages/s (wall clock); "
          f"{cpu:.1f} CPU-s in the workers: {pages / cpu:.0f} pages per CPU-second, "
          f"{opts.workers * pages / cpu:.0f} pages/s on {opts.workers} free cores")


if __name__ == "__main__":
    main()
