"""Main-content extraction on the evaluation web: Baromètre's pruning beside trafilatura,
readability-lxml and jusText (docs/detection.md, "Why not a library").

For 500 random HTML pages of ../shared/evalweb (all 8 CMS families): time per page, and on the
pages that carry a "see also" block or a sub-navigation, whether a sibling service's title
leaks into the text and whether the service's own headings are kept. The libraries are not
dependencies: `pip install trafilatura readability-lxml justext` first (missing ones are skipped).

    .venv/bin/python benchmarks/bench_main_content.py [--evalweb DIR] [--pages 500]
"""

from __future__ import annotations

import argparse
import os
import random
import re
import time
from pathlib import Path

from barometre.detect.core.features import extract_page

HEADINGS = re.compile(r"(?i)conditions|pièces|comment|modalités|bénéficiaires|qui peut")
BLOCK = re.compile(r'class="subnav".*?</nav>|Voir aussi.*?</(?:ul|section|aside)>|'
                   r'Services associés.*?</(?:ul|section|aside)>', re.S)


def extractors():
    yield "own (selectolax, pruned)", lambda h: extract_page("http://x.test/", h, links=()).text
    try:
        import trafilatura

        yield "trafilatura", lambda h: trafilatura.extract(h, include_tables=True, favor_recall=True) or ""
    except ImportError:
        pass
    try:
        from readability import Document

        yield "readability-lxml", lambda h: re.sub(r"<[^>]+>", " ", Document(h).summary())
    except ImportError:
        pass
    try:
        import justext

        yield "justext", lambda h: " ".join(p.text for p in justext.justext(h.encode(), justext.get_stoplist("French"))
                                            if not p.is_boilerplate)
    except ImportError:
        pass


def main() -> None:
    from barometre.detect.evaluation import EVALWEB

    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--evalweb", type=Path, default=EVALWEB)
    parser.add_argument("--pages", type=int, default=500)
    args = parser.parse_args()
    files = sorted(str(f) for f in (args.evalweb / "web").glob("www.*/**/*.html") if os.path.isfile(f))
    random.Random(1).shuffle(files)
    bodies = [Path(f).read_text(encoding="utf-8", errors="replace") for f in files[:args.pages]]
    probes = []
    for body in bodies:
        block = BLOCK.search(body)
        if block:
            h1 = " ".join(re.sub(r"<[^>]+>", " ", m) for m in re.findall(r"<h1[^>]*>(.*?)</h1>", body, re.S))
            titles = [t for t in (re.sub(r"<[^>]+>", "", x).strip()
                                  for x in re.findall(r"<a [^>]*>(.*?)</a>", block.group(0)))
                      if t and t not in h1 and len(t) > 12]
            probes.append((body, titles[:3]))
    print(f"{len(bodies)} pages, {len(probes)} with a related block or a sub-navigation")
    for name, extract in extractors():
        started = time.perf_counter()
        texts = [extract(b) for b in bodies]
        per_page = (time.perf_counter() - started) / len(bodies) * 1000
        leaks = kept = 0
        for body, titles in probes:
            text = extract(body)
            leaks += any(t in text for t in titles)
            kept += bool(HEADINGS.search(text))
        empty = sum(len(t.strip()) < 40 for t in texts)
        print(f"{name:26} {per_page:6.2f} ms/page  leaks {leaks}/{len(probes)}  headings kept "
              f"{kept}/{len(probes)}  empty {empty}/{len(bodies)}")


if __name__ == "__main__":
    main()
