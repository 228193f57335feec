"""Recommendation items (analysis.extract.followthrough.recommendations) and their follow-through."""

from pathlib import Path

import pytest

from analysis.extract.followthrough.coder import FOLLOWTHROUGH_COLUMNS, FollowThroughError, follow_through
from analysis.extract.followthrough.evaluate import GoldError, evaluate_followthrough, read_gold
from analysis.extract.followthrough.recommendations import recommendation_items
from analysis.extract.text.document import read_document
from analysis.paths import SHARED_DIR

FIXTURES = Path(__file__).resolve().parents[1] / "fixtures" / "followthrough"
GOLD = SHARED_DIR / "gold" / "followthrough_dev.csv"
needs_shared = pytest.mark.skipif(
    not GOLD.exists(), reason=f"{GOLD} not found: ../shared is not beside the repo"
)


def _items(recommendations: str) -> list[tuple[str, str]]:
    text = f"GHANA (Tier 2)\n\nPRIORITIZED RECOMMENDATIONS:\n{recommendations}\n"
    doc = read_document(text, report_year=2021)
    return [(text[i.start : i.end], i.theme) for i in recommendation_items(doc)]


def test_items_split_at_semicolons_bullets_and_new_actions():
    items = _items(
        "Raise the budget of the task force and publish its annual report; "
        "screen migrants for trafficking indicators. • Provide shelter to male victims."
    )
    assert [t for t, _ in items] == [
        "Raise the budget of the task force",
        "publish its annual report",
        "screen migrants for trafficking indicators",
        "Provide shelter to male victims",
    ]
    assert [theme for _, theme in items][::3] == ["funding", "victim services"]


def test_the_justice_chain_shared_objects_and_purpose_clauses_stay_one_item():
    assert len(_items("Investigate and prosecute labor traffickers, and convict and sentence them.")) == 1
    assert len(_items("Adopt and implement a national action plan.")) == 1
    assert len(_items("Train judges to understand coercion and improve victim-centered trials.")) == 1


def test_two_actions_on_one_object_and_objects_of_different_themes_are_two_items():
    items = _items("Increase funding for, and access to, shelters for all victims.")
    assert [theme for _, theme in items] == ["funding", "victim services"]
    assert items[1][0] == "access to, shelters for all victims"
    items = _items("Approve the amendments to the penal code and the national action plan.")
    assert [theme for _, theme in items] == ["legislation", "coordination"]
    # a verb that is itself a theme keeps its objects together
    assert len(_items("Train labor inspectors on victim identification and the referral of victims.")) == 1


def test_older_editions_should_sentences_are_recommendations():
    text = (
        "GHANA (Tier 2)\nThe government made some progress. In the coming year the government should "
        "prosecute more traffickers and open a shelter for boys.\n"
    )
    items = recommendation_items(read_document(text, report_year=2006))
    assert [text[i.start : i.end] for i in items] == ["prosecute more traffickers", "open a shelter for boys"]


def _pair(before: str, after: str, years=(2021, 2022)):
    a = read_document(f"GHANA (Tier 2)\n\nPRIORITIZED RECOMMENDATIONS:\n{before}\n", report_year=years[0])
    b = read_document(f"GHANA (Tier 2)\n\n{after}\n", report_year=years[1])
    return a, b, follow_through(a, b)


def test_statuses_follow_the_coding_rules():
    _, b, rows = _pair(
        "Increase funding for victim services. • Amend the act to remove fines. • Launch an awareness "
        "campaign. • Conduct joint raids on brick kilns.",
        "The government cut funding for victim services. Parliament did not amend the act. Police and labor "
        "inspectors conducted joint operations and raids on brick kilns.",
    )
    assert list(rows.columns) == FOLLOWTHROUGH_COLUMNS
    assert rows["status"].tolist() == ["not_acted", "not_acted", "unclear", "acted"]
    # silence is unclear and has no evidence; a code has its sentence's offsets in the Y+1 text
    assert rows.loc[2, ["evidence_start", "evidence_end"]].isna().all()
    start, end = rows.loc[1, ["evidence_start", "evidence_end"]]
    assert b.text[start:end] == "Parliament did not amend the act."


def test_steps_short_of_the_item_are_partial_and_the_core_action_decides():
    _, _, rows = _pair(
        "Provide specialized services to foreign victims. • Convict complicit officials.",
        "The government opened a shelter for foreign victims, but services remained limited to the capital. "
        "Authorities opened investigations into complicit officials but did not convict any of them.",
    )
    assert rows["status"].tolist() == ["partial", "not_acted"]  # investigations do not answer "convict"


def test_pairs_that_cannot_be_compared_are_refused():
    a = read_document("GHANA (Tier 2)\nRECOMMENDATIONS:\nOpen a shelter.\n", report_year=2021)
    later = read_document("GHANA (Tier 2)\nThe government opened a shelter.\n", report_year=2024)
    with pytest.raises(FollowThroughError, match="3 years apart"):
        follow_through(a, later)
    assert follow_through(a, later, allow_gap=True)["status"].tolist() == ["acted"]
    other = read_document("CHILE (Tier 1)\nThe government opened a shelter.\n", report_year=2022)
    with pytest.raises(FollowThroughError, match="different countries"):
        follow_through(a, other)
    # no recommendations: no rows, no error
    silent = read_document("GHANA (Tier 2)\nThe government opened a shelter.\n", report_year=2021)
    assert follow_through(silent, read_document("GHANA (Tier 2)\nNothing.\n", report_year=2022)).empty


@needs_shared
def test_dev_gold_meets_the_targets():
    overall = evaluate_followthrough(GOLD).overall.set_index("measure")["value"]
    assert overall["gold items found (recall)"] >= 0.85 and overall["extra items (share of coded)"] <= 0.15
    assert overall["status agreement (matched items)"] >= 0.65
    assert overall["acted vs not_acted swaps (share of matched)"] <= 0.10


def test_invented_pairs_meet_the_targets():
    overall = evaluate_followthrough(FIXTURES / "followthrough.csv", FIXTURES).overall.set_index("measure")[
        "value"
    ]
    assert (
        overall["gold items found (recall)"] >= 0.85 and overall["status agreement (matched items)"] >= 0.65
    )
    assert overall["acted vs not_acted swaps (share of matched)"] <= 0.10
    countries = (
        evaluate_followthrough(FIXTURES / "followthrough.csv", FIXTURES).by_country().set_index("country")
    )
    assert countries.loc["overall", "agreement"] == overall["status agreement (matched items)"]
    assert countries.loc["overall", "found"] == overall["gold items found (recall)"]
    assert countries.drop(index="overall")["gold_items"].sum() == countries.loc["overall", "gold_items"]


def test_gold_with_an_unknown_status_is_refused(tmp_path):
    path = tmp_path / "gold.csv"
    path.write_text(
        "country,year_from,year_to,item_no,recommendation,theme,status,file_from,file_to\n"
        "peru,2008,2009,1,x,prosecution,done,peru/2008.txt,peru/2009.txt\n",
        encoding="utf-8",
    )
    with pytest.raises(GoldError, match="line 2: unknown status 'done'"):
        read_gold(path)


def test_an_item_takes_the_theme_of_its_leading_action_and_the_justice_chain_is_one_clause():
    # "law" names legislation, but the item asks for convictions; complicity keeps its own theme
    assert _items("Convict traffickers under the 2012 law with adequate sentences.")[0][1] == "prosecution"
    assert _items("Prosecute complicit officials.")[0][1] == "complicity"
    _, _, rows = _pair(
        "Convict traffickers under the 2012 law with adequate sentences.",
        "Officials reported investigating, prosecuting, and convicting more suspects than the year "
        "before; they also opened a shelter.",
    )
    assert rows["status"].tolist() == ["acted"]


def test_the_steps_a_summary_lists_are_done_when_they_name_the_items_object():
    _, _, rows = _pair(
        "Train labor inspectors on trafficking indicators. • Open a shelter for adult men.",
        "These efforts included training more labor inspectors, expanding a hotline and opening new "
        "offices; however, the government did not open a shelter for adult men.",
    )
    assert rows["status"].tolist() == ["acted", "not_acted"]


def test_an_item_opening_with_refer_identify_train_or_screen_is_answered_by_that_action_only():
    _, _, rows = _pair(
        "Refer identified victims to services. • Train police on the referral guidelines.",
        "These efforts included establishing regional commissions to provide services to victims. "
        "The government did not refer any victims to services.",
    )
    # the commissions do not answer "refer"; "did not refer" does not answer "train"
    assert rows["status"].tolist() == ["not_acted", "unclear"]


def test_did_not_for_more_than_half_is_uneven_not_nothing():
    _, _, rows = _pair(
        "Sentence convicted traffickers to adequate prison terms.",
        "Courts did not sentence more than half of the convicted traffickers to adequate prison terms.",
    )
    assert rows["status"].tolist() == ["partial"]
