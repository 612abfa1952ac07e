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


def refused(tmp_path, src, *args):
    proc = barometre(tmp_path / "data", "classify", str(src), *args, check=False)
    assert proc.returncode != 0 and "Traceback" not in proc.stderr, proc.stderr
    return proc.stderr


def test_classify_refuses_what_it_cannot_read(tmp_path):
    assert f"{tmp_path}: this is a directory, expected a JSON lines file" in refused(tmp_path, tmp_path)
    src = tmp_path / "latin1.jsonl"
    src.write_bytes('{"service": "APA"}\n{"service": "Aide à domicile"}\n'.encode("latin-1"))
    assert f"{src}, line 2: not valid UTF-8" in refused(tmp_path, src)
    src.write_bytes(b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR")
    assert f"{src}, line 3: binary content" in refused(tmp_path, src)
    src.write_text("[" * 100_000 + "]" * 100_000 + "\n")
    assert f"{src}, line 1:" in refused(tmp_path, src)
    good = tmp_path / "good.jsonl"
    good.write_text('{"service": "APA"}\n')
    assert f"cannot write {tmp_path}" in refused(tmp_path, good, "-o", str(tmp_path))


WRONG_TYPES = [
    ('{"service": "APA", "text": 12}', "line 2: 'text' must be a string or null, got a number"),
    ('{"service": "APA", "url": ["https://a.test"]}', "line 2: 'url' must be a string or null, got a list"),
    ('{"service": "APA", "links": "https://a.test"}', "line 2: 'links' must be a list"),
    ('{"service": "APA", "links": [1]}', "line 2: 'links', item 1: expected a URL"),
    ('{"service": "APA", "links": [{"url": 3}]}', "line 2: 'links', item 1: a link object needs a string 'url'"),
    ('{"service": ["APA"]}', "line 2: expected an object with a 'service' title (a string, got a list)"),
    ('{"service": "APA", "theme": 3}', "line 2: 'theme' must be a string or null, got a number"),
    ('{"service": "APA", "level": "4"}', "line 2: 'level' must be a whole number from 0 to 4 or null, got \"4\""),
    ('{"service": "APA", "level": true}', "line 2: 'level' must be a whole number"),
    ('["APA"]', "line 2: expected an object with a 'service' title"),
]


def test_classify_names_the_line_of_a_wrong_type(tmp_path):
    src = tmp_path / "types.jsonl"
    for record, message in WRONG_TYPES:
        src.write_text('{"service": "RSA", "links": ["https://www.caf.fr/rsa"], "level": 1}\n' + record + "\n")
        assert f"{src}, {message}" in refused(tmp_path, src), record
