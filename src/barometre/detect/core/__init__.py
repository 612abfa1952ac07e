"""Pure detection core: plain functions over plain data, no Django, no network."""

from barometre.detect.core.catalogue import Match, match_catalogue
from barometre.detect.core.decision import Decision, Evidence
from barometre.detect.core.documents import Document, documents_from_links, inspect_pdf
from barometre.detect.core.features import Form, Link, PageFeatures, extract_page
from barometre.detect.core.level import grade_level
from barometre.detect.core.platform import detect_platform, franceconnect
from barometre.detect.core.record import classify_record, evaluate
from barometre.detect.core.relay import classify_relay
from barometre.detect.core.service_page import is_service_page
from barometre.detect.core.theme import classify_theme

__all__ = [
    "Decision",
    "Document",
    "Evidence",
    "Form",
    "Link",
    "Match",
    "PageFeatures",
    "classify_record",
    "classify_relay",
    "classify_theme",
    "detect_platform",
    "documents_from_links",
    "inspect_pdf",
    "evaluate",
    "extract_page",
    "franceconnect",
    "grade_level",
    "is_service_page",
    "match_catalogue",
]
