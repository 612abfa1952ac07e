import pytest

from barometre.audit.core.mobile import audit_mobile, blocks_zoom, parse_viewport

from .pages import doc


def _home(viewport: str | None):
    meta = f'<meta name="viewport" content="{viewport}">' if viewport is not None else ""
    return doc("https://www.cd.fr/", body=f"<html lang=fr><head>{meta}<title>t</title></head></html>")


@pytest.mark.parametrize("content, blocked", [
    ("width=device-width, initial-scale=1", False),
    ("width=device-width, initial-scale=1, user-scalable=no", True),
    ("width=device-width, user-scalable=0", True),
    ("width=device-width, maximum-scale=1", True),
    ("width=device-width, maximum-scale=1.5", True),
    ("width=device-width, maximum-scale=2", False),
    ("width=device-width; maximum-scale=5", False),
])
def test_zoom_blocking(content, blocked):
    assert blocks_zoom(parse_viewport(content), 2.0) is blocked


def test_modern_home_has_device_width_viewport():
    home = doc("https://www.gironde.fr/", "home_modern.html")
    result = audit_mobile(home, [home], 2.0)
    assert result["viewport"]["value"] is True
    assert result["device_width"]["value"] is True
    assert result["blocks_zoom"]["value"] is False
    assert result["viewport"]["evidence"] == ["https://www.gironde.fr/"]
    assert result["rgaa_issues"] == []


def test_legacy_page_has_no_viewport():
    home = doc("http://www.cg-exemple.fr/", "legacy_latin1.html", content_type="text/html")
    result = audit_mobile(home, [home], 2.0)
    assert result["viewport"]["value"] is False
    assert result["pages_with_viewport"]["value"] == 0.0


def test_blocked_zoom_is_an_rgaa_10_4_issue():
    home = _home("width=device-width, initial-scale=1, maximum-scale=1, user-scalable=no")
    result = audit_mobile(home, [home], 2.0)
    assert result["blocks_zoom"]["value"] is True
    assert result["rgaa_issues"][0]["criterion"] == "10.4"


def test_missing_home_is_not_measurable():
    result = audit_mobile(None, [], 2.0)
    assert result["viewport"]["value"] is None and result["viewport"]["reason"]
    assert result["pages_with_viewport"]["value"] is None
