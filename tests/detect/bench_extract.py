"""Throughput of extract_page on typical 10-30 KB départemental pages (one core).

Run: .venv/bin/python tests/detect/bench_extract.py
"""

from __future__ import annotations

import random
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[2] / "src"))

from barometre.detect.core.features import extract_page  # noqa: E402

FIXTURES = Path(__file__).resolve().parent / "fixtures"
MENU = "".join(f'<li><a href="/rubrique-{i}/page-{j}">Rubrique {i} — page {j}</a></li>'
               for i in range(8) for j in range(6))
PARA = ("<p>Le Département accompagne les personnes âgées, les personnes en situation de handicap "
        "et leurs aidants. Pour en savoir plus, <a href='/aides/apa'>consultez la page APA</a> ou "
        "contactez la Maison départementale des solidarités.</p>")


def make_page(base: str, paragraphs: int) -> str:
    head = ('<head><title>Page</title><meta name="generator" content="Drupal 10">'
            + "".join(f'<link rel="stylesheet" href="/themes/dsfr/css/{i}.css">' for i in range(6))
            + "".join(f'<script src="/js/lib{i}.js"></script><script>var x{i}=1;</script>' for i in range(8))
            + "</head>")
    header = f'<header><nav class="fr-nav"><ul>{MENU}</ul></nav></header>'
    footer = f'<footer><ul>{MENU[:3000]}</ul></footer>'
    body = base.split("<main", 1)[1].split("</main>", 1)[0]
    main = "<main" + body + PARA * paragraphs + "</main>"
    return f'<!DOCTYPE html><html lang="fr">{head}<body>{header}{main}{footer}</body></html>'


def main() -> None:
    random.seed(1)
    bases = [p.read_text(encoding="utf-8") for p in sorted(FIXTURES.glob("*.html"))]
    pages = [make_page(random.choice(bases), random.randint(5, 45)) for _ in range(200)]
    sizes = [len(p.encode()) for p in pages]
    extract_page("https://www.departement.fr/x", pages[0])  # warm-up
    rounds = 5
    start = time.perf_counter()
    for _ in range(rounds):
        for i, html in enumerate(pages):
            extract_page(f"https://www.departement.fr/aides/page-{i}", html.encode())
    elapsed = time.perf_counter() - start
    n = rounds * len(pages)
    print(f"{n} pages, {min(sizes) // 1024}-{max(sizes) // 1024} KB (mean {sum(sizes) / len(sizes) / 1024:.1f} KB): "
          f"{n / elapsed:.0f} pages/s, {1000 * elapsed / n:.2f} ms/page")


if __name__ == "__main__":
    main()
