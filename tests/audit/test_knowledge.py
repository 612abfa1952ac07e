import pytest

from barometre.audit import knowledge
from barometre.audit.knowledge import KnowledgeError, load


def test_bundled_files_load_and_validate():
    assert knowledge.thresholds()["speed"]["good_below"] == 0.4
    assert knowledge.thresholds()["speed"]["fair_below"] == 0.8
    assert knowledge.thresholds()["statement"]["validity_years"] == 3
    ids = {t["id"] for t in knowledge.trackers()}
    assert {"google-analytics", "google-tag-manager", "doubleclick", "facebook-pixel", "hotjar",
            "at-internet", "matomo", "youtube"} <= ids
    assert "cliquez ici" in knowledge.cues()["generic_link_texts"]


def test_matomo_is_marked_as_exempted_audience_measurement():
    matomo = next(t for t in knowledge.trackers() if t["id"] == "matomo")
    assert matomo["category"] == "audience_measurement"
    assert matomo["exempt_if_configured"] is True
    assert "exempted" in matomo["note"]


@pytest.mark.parametrize("rule, criterion", [
    ("image-alt", "1.1"), ("html-has-lang", "8.3"), ("document-title", "8.5"), ("label", "11.1"),
    ("link-name", "6.2"), ("color-contrast", "3.2"), ("heading-order", "9.1"),
    ("frame-title", "2.1"), ("list", "9.3"), ("listitem", "9.3"), ("button-name", "11.9"),
    ("duplicate-id-aria", "8.2"), ("aria-required-attr", "7.1"),
])
def test_axe_rules_map_to_rgaa_criteria(rule, criterion):
    assert criterion in knowledge.rgaa()["axe_rules"][rule]


def test_rgaa_coverage_is_a_minority_of_106():
    coverage = knowledge.rgaa_coverage()
    assert coverage["total"] == 106
    assert coverage["touched"] == len(coverage["criteria"]) == 32
    assert coverage["touched"] < 106 / 2
    assert "minority" in coverage["note"]


def _write(tmp_path, name, text):
    (tmp_path / name).write_text(text, encoding="utf-8")
    return tmp_path


def test_missing_key_is_named(tmp_path):
    _write(tmp_path, "thresholds.yaml", "version: '1'\nspeed: {source: x, good_below: 0.4}\n")
    with pytest.raises(KnowledgeError, match=r"thresholds.yaml: missing key 'statement'"):
        load("thresholds.yaml", tmp_path)
    _write(tmp_path, "rgaa.yaml", "version: '1'\nreferential: R\ntotal_criteria: 106\nnote: n\n"
           "static_checks: {image_alt: {criteria: ['1.1']}}\naxe_rules: {}\n")
    with pytest.raises(KnowledgeError, match=r"rgaa.yaml.static_checks.image_alt: missing key 'title'"):
        load("rgaa.yaml", tmp_path)


def test_wrong_type_is_named_with_its_path(tmp_path):
    _write(tmp_path, "trackers.yaml", "version: '1'\ntrackers:\n  - {id: a, name: A, "
           "category: analytics, hosts: a.com, patterns: []}\n")
    with pytest.raises(KnowledgeError, match=r"trackers\[0\].hosts: expected a list, got str"):
        load("trackers.yaml", tmp_path)


def test_unknown_category_and_bad_criterion_are_rejected(tmp_path):
    _write(tmp_path, "trackers.yaml", "version: '1'\ntrackers:\n  - {id: a, name: A, "
           "category: spyware, hosts: [], patterns: []}\n")
    with pytest.raises(KnowledgeError, match="category 'spyware'"):
        load("trackers.yaml", tmp_path)
    _write(tmp_path, "rgaa.yaml", "version: '1'\nreferential: R\ntotal_criteria: 106\nnote: n\n"
           "static_checks: {}\naxe_rules: {image-alt: ['1.1.1']}\n")
    with pytest.raises(KnowledgeError, match="'1.1.1' is not an RGAA criterion"):
        load("rgaa.yaml", tmp_path)


def test_invalid_yaml_and_missing_file(tmp_path):
    _write(tmp_path, "cues.yaml", "version: [unclosed\n")
    with pytest.raises(KnowledgeError, match="invalid YAML"):
        load("cues.yaml", tmp_path)
    with pytest.raises(KnowledgeError, match="file not found"):
        load("thresholds.yaml", tmp_path / "nowhere")
    with pytest.raises(KnowledgeError, match="unknown knowledge file"):
        load("weights.yaml")


def test_speed_thresholds_must_be_ordered(tmp_path):
    _write(tmp_path, "thresholds.yaml", """
version: '1'
speed: {source: s, good_below: 0.9, fair_below: 0.8, grade_on: median, slow_cutoff: 0.8}
statement: {source: s, validity_years: 3}
support: {source: s, min_channels: 2, human_channels: [phone], max_evidence: 5}
mobile: {min_maximum_scale: 2}
browser: {source: s, fcp: {good_below: 1.8, poor_above: 3}, lcp: {good_below: 2.5, poor_above: 4},
          cls: {good_below: 0.1, poor_above: 0.25}, phone_width: 375, phone_height: 812,
          target_min: 24, target_comfortable: 44, max_evidence: 10}
""")
    with pytest.raises(KnowledgeError, match="good_below"):
        load("thresholds.yaml", tmp_path)


def test_axe_rule_lookup():
    assert knowledge.axe_rule_criteria("color-contrast") == ["3.2"]
    assert knowledge.axe_rule_criteria("not-a-rule") == []
