"""`barometre classify`: standalone records, no database."""

from __future__ import annotations

import json
from pathlib import Path

from tests.helpers import barometre

DEV = Path(__file__).parents[1] / "data" / "services_dev.jsonl"


def test_classify_adds_theme_level_relay(tmp_path):
    src = tmp_path / "in.jsonl"
    src.write_text(json.dumps({"service": "Allocation personnalisée d'autonomie", "text":
                               "Téléchargez le formulaire et retournez-le par courrier."}) + "\n"
                   + json.dumps({"service": "RSA", "links": ["https://www.caf.fr/rsa"]}) + "\n")
    out = tmp_path / "out.jsonl"
    barometre(tmp_path / "data", "classify", str(src), "-o", str(out))
    rows = [json.loads(line) for line in out.read_text().splitlines()]
    assert rows[0]["theme"] == "solidarites" and rows[0]["level"] == 2
    assert rows[1]["relay"] == "caf"
    assert all({"theme", "level", "relay", "service"} <= set(r) for r in rows)


def test_classify_evaluate_on_the_dev_set(tmp_path):
    proc = barometre(tmp_path / "data", "classify", str(DEV), "--evaluate")
    line = next(x for x in proc.stdout.splitlines() if x.startswith("theme:"))
    assert float(line.split("macro-F1=")[1]) >= 0.90
    assert "confusion" in proc.stdout


def test_classify_names_the_bad_line(tmp_path):
    src = tmp_path / "bad.jsonl"
    src.write_text('{"service": "APA"}\n\n{oops\n')
    proc = barometre(tmp_path / "data", "classify", str(src), check=False)
    assert proc.returncode != 0 and "line 3" in proc.stderr
    src.write_text('{"title": "APA"}\n')
    proc = barometre(tmp_path / "data", "classify", str(src), check=False)
    assert "line 1" in proc.stderr and "service" in proc.stderr
