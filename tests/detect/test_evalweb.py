"""The inventory on the evaluation web nobody here wrote (../shared/evalweb), as a user runs it:
its own replay server, `crawl --sites`, `inventory`, `inventory evaluate --truth` (its schema).

The targets are the issue's: they hold per web, and the worst site keeps its recall.
"""

from __future__ import annotations

import pytest

from barometre.detect import evaluation

pytestmark = [pytest.mark.slow,
              pytest.mark.skipif(not (evaluation.EVALWEB / "truth.json").exists(),
                                 reason=f"no evaluation web at {evaluation.EVALWEB}")]
TARGETS = {"precision": 0.95, "recall": 0.95, "theme_accuracy": 0.95, "level_accuracy": 0.90,
           "relay_f1": 0.95, "coverage": 0.99}


@pytest.fixture(scope="module")
def scores(tmp_path_factory):
    return evaluation.measure_evalweb(tmp_path_factory.mktemp("evalweb"))


def test_the_evaluation_web_meets_the_targets(scores):
    overall = scores["overall"]
    print({k: overall[k] for k in TARGETS}, overall["worst_recall"])
    for key, floor in TARGETS.items():
        assert overall[key] >= floor, (key, overall[key])


def test_every_site_keeps_its_recall(scores):
    for code, r in scores.items():
        assert r["recall"] >= 0.90, (code, r["recall"])
        assert r["truth"] > 0, code  # every site was scored under its own code
