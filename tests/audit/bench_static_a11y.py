"""Throughput of the static accessibility checks (decode + parse + all checks) on a 20 KB page.

Run: .venv/bin/python -m tests.audit.bench_static_a11y
"""

from __future__ import annotations

import time

from barometre.audit import knowledge
from barometre.audit.core.static_a11y import check_page

from .pages import bench_page, doc


def main(n: int = 2000) -> None:
    generic = frozenset(knowledge.cues()["generic_link_texts"])
    html = bench_page()
    best = 0.0
    for _ in range(3):
        start = time.perf_counter()
        for i in range(n):
            check_page(doc(f"https://x.fr/{i}", body=html).tree, generic)
        best = max(best, n / (time.perf_counter() - start))
    print(f"page size {len(html)} bytes, {n} pages x3: best {best:.0f} pages/s")


if __name__ == "__main__":
    main()
