"""Accuracy of the service inventory on the own sample web and on the evaluation web.

Both are measured as a user would (serve on 127.0.0.1, `crawl --sites`, `inventory`,
`inventory evaluate --truth`), and both tables are printed with the worse figure of the two:
the README reports that one. The evaluation web (../shared/evalweb, 8 portals in 8 CMS
families) was written by others; the sample web beside the code.

    .venv/bin/python benchmarks/bench_accuracy.py [--evalweb DIR] [--keep DIR]
"""

from __future__ import annotations

import argparse
import os
import tempfile
from pathlib import Path

import django

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "barometre.settings")

KEYS = ("precision", "recall", "theme_accuracy", "level_accuracy", "relay_f1", "coverage")


def table(name: str, scores: dict) -> str:
    head = f"{'site':8} {'truth':>5} {'found':>5} " + " ".join(f"{k.split('_')[0]:>9}" for k in KEYS)
    lines = [f"## {name}", head]
    for code, r in scores.items():
        cells = " ".join(f"{r.get(k):>9.3f}" if isinstance(r.get(k), float) else f"{'–':>9}" for k in KEYS)
        lines.append(f"{code:8} {r['truth']:>5} {r['detected']:>5} {cells}")
    worst = scores["overall"].get("worst_recall")
    if worst:
        lines.append(f"worst site recall: {worst['collectivite']} {worst['recall']}")
    return "\n".join(lines)


def main() -> None:
    from barometre.detect import evaluation
    from barometre.sampleweb import generate

    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--evalweb", type=Path, default=evaluation.EVALWEB)
    parser.add_argument("--keep", type=Path, help="keep the data directories there")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        root = args.keep or Path(tmp)
        web = generate(root / "sampleweb", seed=2026, scale="small")
        own = evaluation.measure_sampleweb(web, root / "own")
        other = evaluation.measure_evalweb(root / "evalweb", args.evalweb)
    print(table("own sample web (written beside the code)", own))
    print()
    print(table(f"evaluation web ({args.evalweb})", other))
    print()
    worse = {k: min(own["overall"][k] or 0, other["overall"][k] or 0) for k in KEYS}
    print("worse of the two: " + ", ".join(f"{k} {v:.3f}" for k, v in worse.items()))


if __name__ == "__main__":
    django.setup()
    main()
