"""Open data: explicit Table Schemas for every resource, and a package that validates whatever the
campaign — hand-built awkward values here, a freshly generated sample web in the slow test."""

from __future__ import annotations

import datetime
import json
import os
import random
import shutil

import pytest
from frictionless import Package

from barometre.detect.models import LEVEL_CHOICES, PLATFORM_CHOICES, RELAY_CHOICES, THEME_CHOICES
from barometre.publish.opendata import PRIMARY_KEYS, TABLES, constraints, export, schema
from barometre.referential.models import Kind


def errors(report) -> list[tuple]:
    """(resource, row, field, error type, note) of each error."""
    return [(task.name, getattr(e, "row_number", None), getattr(e, "field_name", ""), e.type, e.note)
            for task in report.tasks for e in task.errors]


def test_enums_come_from_the_knowledge():
    from barometre import glossary

    rules = constraints()
    assert set(rules["services"]["theme"]["enum"]) == set(glossary.THEME_IDS)
    assert rules["themes"]["theme"]["enum"] == list(glossary.THEMES)
    assert rules["services"]["level"]["enum"] == list(glossary.LEVELS)
    assert rules["indicators"]["tier"]["enum"] == list(glossary.TIERS)
    assert rules["audits"]["statement_status"]["enum"] == list(glossary.STATEMENT_STATUSES)
    assert rules["indicators"]["settlement"]["enum"] == ["rural", "urbain"]
    # Whatever the database may hold is allowed by the schema.
    for column, choices in (("theme", THEME_CHOICES), ("relay", RELAY_CHOICES), ("platform", PLATFORM_CHOICES),
                            ("level", LEVEL_CHOICES)):
        assert {value for value, _ in choices} <= set(rules["services"][column]["enum"]), column
    assert set(rules["collectivites"]["kind"]["enum"]) == set(Kind.values)


def test_every_table_has_keys():
    for table, columns in TABLES.items():
        for parquet, suffix in ((False, ""), (True, "-parquet")):
            described = schema(table, parquet)
            assert described["primaryKey"] == PRIMARY_KEYS[table]
            assert [f["name"] for f in described["fields"]] == [c[0] for c in columns]
            if table not in ("collectivites", "themes"):
                assert described["foreignKeys"] == [{"fields": ["collectivite"], "reference": {
                    "resource": f"collectivites{suffix}", "fields": ["code"]}}]


@pytest.fixture
def awkward_campaign(db):
    """Values that type inference gets wrong: columns null over the rows it samples and filled
    after, all-null columns, dates and numbers in text columns, a collectivité never measured,
    versions that look like numbers."""
    from barometre.audit.core import audit_portal
    from barometre.audit.models import PortalAudit
    from barometre.crawl.models import Campaign
    from barometre.detect.models import Service
    from barometre.indicators.models import CollectiviteIndicators, NationalFigures
    from barometre.referential.models import Collectivite

    campaign = Campaign.objects.create(name="autre-campagne", date=datetime.date(2026, 3, 1), method_version="2026.10")
    alsace, ain, paris = (Collectivite.objects.get(code=c) for c in ("6AE", "01", "75C"))
    names = ["2024-05", "nan", "True", "12", "Aide à l'autonomie", "2024"]
    for i, name in enumerate(names):
        Service.objects.create(campaign=campaign, collectivite=alsace, name=name, theme=THEME_CHOICES[i][0],
                               level=i % 5, confidence=0.5, page_url="" if i % 5 == 0 else f"https://a.test/{i}")
    Service.objects.bulk_create(
        Service(campaign=campaign, collectivite=paris, name=f"Service {i:03d}", theme="autre", level=1,
                platform=None if i < 150 else "publik", relay=None if i < 150 else "caf") for i in range(160))
    CollectiviteIndicators.objects.create(
        campaign=campaign, collectivite=alsace, measured=True, sdi=55.5, pqi=None, tier="Confirmé",
        end_to_end=1, partial=2, services_found=6, themes_covered=4, weights_version="2026.10",
        method_version="2026.10", values={"relays": 0, "catalogue_coverage": 0.5, "end_to_end_bin": "moins de 10"},
        context={"peer_groups": {"population": None, "settlement": None}})
    CollectiviteIndicators.objects.create(campaign=campaign, collectivite=ain, measured=False,
                                          not_measured_reason="2024-01", weights_version="2026.10",
                                          method_version="2026.10")
    # What the audit stores for a portal whose crawl stored no page: every value not measured.
    unreachable = audit_portal("https://www.ain.fr/", [], {}, ["ain.fr"], campaign.date)
    PortalAudit.objects.create(campaign=campaign, collectivite=ain, reference_date=campaign.date,
                               method_version="2026.10", crawl_status="unreachable", static=unreachable)
    NationalFigures.objects.create(campaign=campaign, values={}, weights_version="2026.10", method_version="2026.10")
    return campaign


def test_awkward_campaign_validates(awkward_campaign, tmp_path):
    counts = export(awkward_campaign, tmp_path)
    assert counts["services"] == 166 and counts["collectivites"] == 3  # Paris has services, no indicators
    report = Package(str(tmp_path / "datapackage.json")).validate()
    assert report.valid, errors(report)[:10]
    package = json.loads((tmp_path / "datapackage.json").read_text(encoding="utf-8"))
    tables = [r for r in package["resources"] if r["format"] in ("csv", "parquet")]
    assert len(tables) == 2 * len(TABLES) and all(r["schema"]["primaryKey"] for r in tables)
    assert (tmp_path / "collectivites.csv").read_text(encoding="utf-8").count(",67 68,") == 1


def test_the_schemas_are_enforced_on_parquet_and_csv(awkward_campaign, tmp_path):
    import pyarrow as pa
    import pyarrow.parquet as pq

    export(awkward_campaign, tmp_path)
    table = pq.read_table(tmp_path / "services.parquet")
    themes = table.column("theme").to_pylist()
    codes = table.column("collectivite").to_pylist()
    themes[0], codes[1] = "nope", "ZZZ"
    table = table.set_column(table.schema.get_field_index("theme"), "theme", pa.array(themes))
    table = table.set_column(table.schema.get_field_index("collectivite"), "collectivite", pa.array(codes))
    pq.write_table(table, tmp_path / "services.parquet")
    csv_path = tmp_path / "indicators.csv"
    csv_path.write_text(csv_path.read_text(encoding="utf-8").replace(",55.5,", ",155.5,"), encoding="utf-8")
    report = Package(str(tmp_path / "datapackage.json")).validate()
    found = {(name, field, kind) for name, _, field, kind, _ in errors(report)}
    assert ("services-parquet", "theme", "constraint-error") in found
    assert ("services-parquet", "", "foreign-key") in found
    assert ("indicators", "sdi", "constraint-error") in found


# A sample web no test hand-picked: a new seed each run unless BAROMETRE_OPENDATA_SEED sets one.
SEED = int(os.environ.get("BAROMETRE_OPENDATA_SEED") or random.SystemRandom().randrange(1, 1_000_000))


@pytest.mark.slow
def test_export_of_a_freshly_generated_campaign_validates(tmp_path):
    from barometre.sampleweb import generate
    from tests.helpers import CrawledWeb, barometre

    web = generate(tmp_path / "web", seed=SEED, scale="small")
    with CrawledWeb(web, tmp_path / "data") as crawl:
        crawl.run("--campaign", "fresh", "--sites", str(web / "sites.csv"), check=False)
    data = crawl.data_dir
    for args in (("referential", "import-revenue", str(web / "context" / "ofgl.csv")),
                 ("referential", "import-fragility", str(web / "context" / "fragilite.csv")),
                 ("inventory", "--campaign", "fresh"), ("audit", "--campaign", "fresh", "--no-browser"),
                 ("indicators", "--campaign", "fresh"), ("export", "--campaign", "fresh", "--to", str(tmp_path / "out"))):
        barometre(data, *args)
    report = Package(str(tmp_path / "out" / "datapackage.json")).validate()
    assert report.valid, (f"sample web seed {SEED} (rerun with BAROMETRE_OPENDATA_SEED={SEED})", errors(report)[:10])
    services = (tmp_path / "out" / "services.csv").read_text(encoding="utf-8").splitlines()
    assert len(services) > 100, f"seed {SEED}"
    shutil.rmtree(tmp_path / "web")


def test_export_command_refuses_a_file_as_directory(awkward_campaign, tmp_path):
    from django.core.management import CommandError, call_command

    target = tmp_path / "file"
    target.write_text("x")
    with pytest.raises(CommandError, match=rf"{target} is a file: --to expects a directory"):
        call_command("export", "--campaign", "autre-campagne", "--to", str(target))
    with pytest.raises(CommandError, match=rf"cannot write the open data to {target}/sub"):
        call_command("export", "--campaign", "autre-campagne", "--to", str(target / "sub"))
    call_command("export", "--campaign", "autre-campagne", "--to", str(tmp_path / "out"))
    assert (tmp_path / "out" / "datapackage.json").exists()
