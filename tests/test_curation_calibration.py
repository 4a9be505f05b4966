"""A proposal's confidence is its rule's measured precision, drawn towards its author's value (calibration.py)."""

from __future__ import annotations

import pytest
from alliance_kg.curation.propose.analysis import ProposedClaim
from alliance_kg.curation.propose.calibration import (
    PRIOR_WEIGHT,
    Measured,
    calibrate,
    calibration_yaml,
    confidence,
    load_calibration,
)
from alliance_kg.loaders.errors import LoadError


def claim(rule: str, prior: float) -> ProposedClaim:
    return ProposedClaim("e1", "participant", "japan", 0, 10, rule, prior, "met")


def test_a_rule_measured_on_many_proposals_says_what_it_was_measured_to_be_and_one_on_few_stays_near_its_prior():
    assert PRIOR_WEIGHT == 4
    assert confidence(0.6, Measured(right=0, proposed=11)) == pytest.approx(2.4 / 15)  # 0.16: wrong every time
    assert confidence(0.6, Measured(right=96, proposed=100)) == pytest.approx(98.4 / 104)
    assert confidence(0.5, Measured(right=1, proposed=1)) == pytest.approx(3 / 5)
    assert confidence(0.7, None) == 0.7  # not measured: its author's value


def test_calibrate_sets_each_claims_confidence_from_its_rule_and_leaves_unmeasured_rules_alone():
    claims = [claim("event-participant", 0.75), claim("event-participant", 0.55), claim("new-rule", 0.7)]
    calibrate(claims, {"event-participant": Measured(right=8, proposed=10)})
    assert [round(c.confidence, 4) for c in claims] == [round(11 / 14, 4), round(10.2 / 14, 4), 0.7]


def test_the_table_round_trips_through_its_file(tmp_path):
    table = {"event-place": Measured(14, 16), "joint-statement-party": Measured(0, 11)}
    path = tmp_path / "calibration.yaml"
    path.write_text(calibration_yaml(table, "alliance-kg propose --calibrate --gold dev", ["dev"]), encoding="utf-8")
    assert load_calibration(path) == table
    assert load_calibration(tmp_path / "none.yaml") == {}


@pytest.mark.parametrize(
    ("entry", "message"),
    [
        ("  event-place: {right: 3}", r"calibration.yaml:2: rule 'event-place' needs whole numbers"),
        ("  event-place: {right: 5, proposed: 4}", r"'event-place' has 5 right of 4 proposed"),
        ("  event-place: {right: many, proposed: 4}", r"'event-place' needs whole numbers"),
    ],
)
def test_a_malformed_table_is_an_error_naming_the_file_line_and_rule(tmp_path, entry, message):
    path = tmp_path / "calibration.yaml"
    path.write_text(f"rules:\n{entry}\n", encoding="utf-8")
    with pytest.raises(LoadError, match=message):
        load_calibration(path)
