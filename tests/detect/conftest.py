from pathlib import Path

import pytest

FIXTURES = Path(__file__).resolve().parent / "fixtures"


@pytest.fixture
def page():
    """Load a fixture HTML page as PageFeatures: page('level1_info.html', url=...)."""
    from barometre.detect.core.features import extract_page

    def load(name: str, url: str = "https://www.departement.fr/aides/service") -> object:
        return extract_page(url, (FIXTURES / name).read_bytes())

    return load
