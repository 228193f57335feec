"""The criteria and follow-through coders on real narratives (../shared/corpus-world): floors.

Development figures (the rules were written while reading this text), held just under today's
scores so a family that helps one country cannot quietly undo another. README: "Protection
criteria from narratives" and the follow-through section give first-look and current figures.
"""

import pytest

from analysis.paths import WORLD_CORPUS_DIR


@pytest.fixture(scope="module")
def world() -> object:
    if not (WORLD_CORPUS_DIR / "criteria.csv").exists():
        pytest.skip(f"real-narrative corpus not found at {WORLD_CORPUS_DIR}")
    return WORLD_CORPUS_DIR


def test_criteria_agreement_on_real_narratives_stays_above_its_floor(world):
    from analysis.extract.criteria.evaluate import evaluate_criteria

    overall = evaluate_criteria(world / "criteria.csv", world).overall.set_index("scope")["agreement"]
    assert overall["all codes"] >= 0.87 and overall["assessed codes"] >= 0.70, overall.to_dict()


def test_follow_through_on_real_narratives_stays_above_its_floor(world):
    from analysis.extract.followthrough.evaluate import evaluate_followthrough

    overall = evaluate_followthrough(world / "followthrough.csv", world).overall.set_index("measure")["value"]
    assert overall["gold items found (recall)"] >= 0.90
    assert overall["extra items (share of coded)"] <= 0.15
    assert overall["status agreement (matched items)"] >= 0.65
    assert overall["acted vs not_acted swaps (share of matched)"] <= 0.05
