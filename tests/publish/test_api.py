"""The JSON API against its OpenAPI description (bounded schemathesis run), and its contents."""

import json
import subprocess
import sys
import urllib.request
from pathlib import Path


def get(server, path):
    with urllib.request.urlopen(server + path, timeout=10) as r:
        return r.status, json.loads(r.read())


def test_api_validates_against_openapi(server):
    cli = Path(sys.executable).with_name("schemathesis")
    proc = subprocess.run([str(cli), "run", f"{server}/api/openapi.json", "--url", server, "--max-examples", "15",
                           "--checks", "all", "--phases", "examples,coverage,fuzzing", "--no-color",
                           "--seed", "2026"], capture_output=True, text=True, timeout=300)
    assert proc.returncode == 0, proc.stdout[-4000:] + proc.stderr[-2000:]
    assert "No issues found" in proc.stdout


def test_api_contents(server):
    _, campaigns = get(server, "/api/campaigns")
    assert [c["name"] for c in campaigns["campaigns"]] == ["test"]
    _, listing = get(server, "/api/campaigns/test/collectivites")
    codes = {c["code"]: c for c in listing["collectivites"]}
    assert len(codes) == 8 and codes["S08"]["measured"] is False and codes["S08"]["sdi"] is None
    _, detail = get(server, "/api/campaigns/test/collectivites/S01")
    assert detail["indicators"]["values"]["per_theme"]
    _, services = get(server, "/api/campaigns/test/collectivites/S01/services?theme=solidarites&level=4")
    assert services["services"] and all(s["theme"] == "solidarites" and s["level"] == 4
                                        for s in services["services"])
    _, audit = get(server, "/api/campaigns/test/collectivites/S01/audit")
    assert audit["accessibility_statement"]["url"].startswith("http")
    _, spec = get(server, "/api/openapi.json")
    assert spec["components"]["parameters"]["campaign"]["example"] == "test"


def test_api_unknown_is_json_404(server):
    try:
        urllib.request.urlopen(server + "/api/campaigns/nope/national", timeout=10)
    except urllib.error.HTTPError as exc:
        assert exc.code == 404 and "error" in json.loads(exc.read())
    else:
        raise AssertionError("expected 404")
