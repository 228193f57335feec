"""The extractor's parts one by one: document, rules, vocabulary, evaluate, review (analysis.extract.*)."""

import math

import pandas as pd

from analysis.extract import extract_text
from analysis.extract.figures.evaluate import f1_score
from analysis.extract.figures.numbers import NUMBER_WORDS, find_numbers
from analysis.extract.figures.review import mark_against
from analysis.extract.figures.rules import sentence_candidates, tier_from_heading, tier_from_sentence
from analysis.extract.figures.vocabulary import MODIFIERS
from analysis.extract.text.document import read_document

NARRATIVE = (
    "PERU (Tier 2)\n"
    "PROSECUTION\n"
    "The government prosecuted 12 suspects in 2019. Officials convicted zero traffickers.\n"
    "PROTECTION\n"
    "The government identified 40 victims.\n"
)


def test_document_reads_heading_sections_and_sentences_with_offsets():
    document = read_document(NARRATIVE, report_year=2020)
    assert document.headings[0].tier == "2"
    sections = {s.section for s in document.sentences}
    assert {"prosecution", "protection"} <= sections
    for sentence in document.sentences:
        assert NARRATIVE[sentence.start : sentence.end] == sentence.text


def test_rules_read_one_sentence_and_tiers():
    candidates, _ = sentence_candidates(
        "The government prosecuted 12 suspects in 2019.", 2020, "prosecution", None, set()
    )
    assert [(c.indicator, c.value, c.reference_year) for c in candidates] == [("prosecutions", 12.0, 2019)]
    assert tier_from_heading("2.5") == 2.5 and tier_from_heading("special") is None
    assert tier_from_sentence("Nigeria was upgraded to Tier 2 Watch List")[0] == 2.5


def test_zero_in_words_is_a_figure():
    """'zero' was missing from the extractor's quick filter: a sentence with no digit was skipped."""
    assert "zero" in NUMBER_WORDS
    assert [n.value for n in find_numbers("convicted zero traffickers")] == [0]
    rows = extract_text("PERU (Tier 2)\nThe government convicted zero traffickers.\n", report_year=2020)
    assert rows.loc[rows["indicator"] == "convictions", "value"].tolist() == [0.0]


def test_vocabulary_is_word_lists():
    assert {"suspected", "potential", "cross-border"} <= MODIFIERS
    assert all(word == word.strip() and word for word in MODIFIERS)


def test_f1_is_zero_when_precision_or_recall_is_zero_and_na_when_undefined():
    assert f1_score(0.0, 1.0) == 0.0 and f1_score(1.0, 0.0) == 0.0
    assert f1_score(1.0, 1.0) == 1.0 and math.isclose(f1_score(0.5, 1.0), 2 / 3)
    assert math.isnan(f1_score(float("nan"), 0.5))


def test_review_marks_rows_against_curated_facts(tmp_path):
    curated = tmp_path / "facts.csv"
    pd.DataFrame(
        [
            {
                "country": "Peru",
                "report_year": 2008,
                "reference_year": 2007,
                "indicator": "prosecutions",
                "scope": "all",
                "breakdown": "total",
                "value": 15,
            },
            {
                "country": "Peru",
                "report_year": 2008,
                "reference_year": 2007,
                "indicator": "convictions",
                "scope": "all",
                "breakdown": "total",
                "value": 1,
            },
        ]
    ).to_csv(curated, index=False)
    extracted = pd.DataFrame(
        [
            {
                "country": "Peru",
                "report_year": 2008,
                "reference_year": 2007,
                "indicator": "prosecutions",
                "scope": "all",
                "breakdown": "total",
                "value": 15.0,
            },
            {
                "country": "Peru",
                "report_year": 2008,
                "reference_year": 2007,
                "indicator": "convictions",
                "scope": "all",
                "breakdown": "total",
                "value": 0.0,
            },
            {
                "country": "Peru",
                "report_year": 2008,
                "reference_year": 2007,
                "indicator": "arrests",
                "scope": "all",
                "breakdown": "total",
                "value": 3.0,
            },
        ]
    )
    assert mark_against(extracted, curated)["status"].tolist() == ["curated", "conflict", "new"]


def test_a_figure_about_part_of_the_cases_is_a_breakdown():
    """Subsets are breakdowns (cue phrases in the vocabulary), never totals."""
    rows = extract_text(
        "PERU (Tier 2)\nPROSECUTION\nOfficials did not prosecute or convict any of the suspects detained in "
        "operations against informal gold mines.\n",
        report_year=2020,
    )
    enforcement = rows[rows["indicator"].isin(["prosecutions", "convictions"])]
    assert enforcement["breakdown"].tolist() == ["subset=operation", "subset=operation"]
    rows = extract_text(
        "PERU (Tier 2)\nPROTECTION\nThe government identified 40 victims in 2019, and 12 "
        "victims were identified by NGOs.\n",
        report_year=2020,
    )
    victims = rows[rows["indicator"] == "victims_identified"]
    assert victims[["value", "breakdown"]].values.tolist() == [[40.0, "total"], [12.0, "identified_by=ngo"]]


def test_the_subject_of_the_sentence_can_make_a_figure_a_breakdown():
    """Who did the identifying, named before the verb, is a breakdown just as after it."""
    rows = extract_text(
        "MALI (Tier 2)\nPROTECTION\nCivil society groups identified 31 victims and referred them to care.\n",
        report_year=2021,
    )
    victims = rows[rows["indicator"] == "victims_identified"]
    assert victims[["value", "breakdown"]].values.tolist() == [[31.0, "identified_by=ngo"]]
    rows = extract_text(
        "MALI (Tier 2)\nPROTECTION\nThe government and NGOs identified 31 victims.\n", report_year=2021
    )
    assert rows.loc[rows["indicator"] == "victims_identified", "breakdown"].tolist() == ["total"]


def test_a_new_verb_after_a_comparison_starts_a_new_figure():
    """ "compared with N in YEAR, and convicted M": M belongs to the reporting period, not YEAR."""
    candidates, _ = sentence_candidates(
        "Authorities prosecuted 20 suspects in 2021, compared with 14 in 2020, "
        "and convicted nine traffickers.",
        2022,
        "prosecution",
        None,
        set(),
    )
    got = [(c.indicator, c.value, c.reference_year) for c in candidates]
    assert ("convictions", 9.0, 2021) in got
    assert ("prosecutions", 14.0, 2020) in got


def _victim_rows(sentence: str) -> list[list]:
    rows = extract_text(f"LATVIA (Tier 2)\nPROTECTION\n{sentence}\n", report_year=2022)
    rows = rows[rows["indicator"] != "tier"]
    return rows[["indicator", "value"]].values.tolist()


def test_referred_out_of_identified_keeps_both_figures_apart():
    """ "referred X of the Y victims": Y is the identified group X was drawn from."""
    for sentence in (
        "Social workers referred 45 of the 120 victims they identified to shelters.",
        "Police referred 19 of 57 identified victims to protective services.",
        "The agency assisted 8 of all 30 victims it found.",
    ):
        (first, _), (base, base_value) = _victim_rows(sentence)
        assert base == "victims_identified" and first in ("victims_referred", "victims_assisted")
        assert base_value in (120.0, 57.0, 30.0)
    # unless a relative clause says it: "the 10 suspects they detained" were arrests
    assert _victim_rows("Customs officers prosecuted 3 of the 10 suspects they detained.") == [
        ["prosecutions", 3.0],
        ["arrests", 10.0],
    ]
    # for suspects the text does not say what the larger group counts: it is left out
    assert _victim_rows("Courts convicted 5 of the 12 defendants in 2021.") == [["convictions", 5.0]]


def test_assistance_given_as_receiving_or_providing_with_is_read():
    assert _victim_rows("Some 25 victims received assistance from state shelters.") == [
        ["victims_assisted", 25.0]
    ]
    assert _victim_rows("Officials offered 12 survivors with children legal counseling.") == [
        ["victims_assisted", 12.0]
    ]
    assert _victim_rows("The ministry provided 40 victims with shelter and medical care.") == [
        ["victims_assisted", 40.0]
    ]
    # a plural then a singular noun are two nouns: 40 victims, not 40 shelters (what they were
    # given is not said to be assistance here, so nothing is read rather than a wrong count)
    assert _victim_rows("The agency gave 40 survivors shelter.") == []
    assert _victim_rows("The agency ran 4 victim shelters.") == [["shelters", 4.0]]
    # a share with its count beside it: the count takes the share's verb
    assert _victim_rows("Caseworkers assisted 75 percent (51) of them.") == [["victims_assisted", 51.0]]
    assert _victim_rows("Convictions rose 20 percent (12) over the year.") == []
    # support named after an identifying verb does not make the figure an assistance count
    assert _victim_rows("The government identified 40 victims with support from an NGO.") == [
        ["victims_identified", 40.0]
    ]


def test_a_zero_for_one_form_of_trafficking_is_not_a_zero_total():
    def zeros(sentence: str) -> list[list]:
        rows = extract_text(f"LATVIA (Tier 2)\nPROSECUTION\n{sentence}\n", report_year=2022)
        rows = rows[rows["indicator"] != "tier"]
        return rows[["indicator", "value", "scope"]].values.tolist()

    assert zeros("Courts recorded no forced labor convictions.") == [["convictions", 0.0, "labor"]]
    assert zeros(
        "Police opened no new sex trafficking investigations and no labour trafficking prosecutions."
    ) == [
        ["investigations", 0.0, "sex"],
        ["prosecutions", 0.0, "labor"],
    ]
    assert zeros("The state did not prosecute any sex traffickers.") == [["prosecutions", 0.0, "sex"]]
    assert zeros("The state reported no prosecutions or convictions.") == [
        ["prosecutions", 0.0, "all"],
        ["convictions", 0.0, "all"],
    ]
    # words between "no" and the noun that are not modifiers: not a zero at all
    assert zeros("There was no sign that prosecutions had advanced.") == []


def test_own_nationals_after_a_total_are_a_breakdown():
    rows = extract_text(
        "LATVIA (Tier 2)\nPROTECTION\nInspectors identified 36 victims. Of these, 21 were foreign citizens "
        "and 15 were nationals.\n",
        report_year=2022,
    )
    rows = rows[rows["indicator"] == "victims_identified"]
    assert rows[["value", "breakdown"]].values.tolist() == [
        [36.0, "total"],
        [21.0, "citizenship=foreign"],
        [15.0, "citizenship=national"],
    ]


def test_other_predictions_can_be_scored_against_the_labels(corpus_dir):
    from analysis.extract.figures.evaluate import evaluate, predictions

    own = evaluate(corpus_dir).overall()
    same = evaluate(corpus_dir, preds=predictions(corpus_dir)).overall()
    assert own["recall"] == same["recall"] == 1.0
    none = evaluate(corpus_dir, preds=predictions(corpus_dir).iloc[0:0]).overall()
    assert none["recall"] == 0.0 and none["true_positives"] == 0


def test_scores_per_country_add_up_to_the_overall_scores(corpus_dir):
    from analysis.extract.figures.evaluate import evaluate, predictions

    preds = predictions(corpus_dir)
    peru = preds[preds["country"] == "Peru"]
    result = evaluate(corpus_dir, preds=pd.concat([peru, preds[preds["country"] != "Peru"].iloc[0:0]]))
    by_country = result.by_country.set_index("country")
    countries = by_country.drop(index="overall")
    assert set(countries.index) == {"peru", "nigeria"}
    for column in ("labels", "predictions", "true_positives"):
        assert countries[column].sum() == by_country.loc["overall", column] == result.overall()[column]
    # Nigeria's labels count, but with none of its predictions its recall is 0 and precision undefined
    assert by_country.loc["nigeria", "recall"] == 0.0 and math.isnan(by_country.loc["nigeria", "precision"])
    assert by_country.loc["peru", "recall"] == 1.0


def _breakdown_rows(sentence: str) -> list[list]:
    rows = extract_text(f"GHANA (Tier 2)\nPROSECUTION\n{sentence}\n", report_year=2024)
    rows = rows[rows["indicator"] != "tier"]
    return rows[["indicator", "value", "breakdown"]].values.tolist()


def test_one_count_in_cases_and_persons_keeps_both_with_the_unit():
    """Persons are the total, cases the ``unit=cases`` breakdown, in either order."""
    assert _breakdown_rows("The unit prosecuted 8 cases against 13 defendants.") == [
        ["prosecutions", 8.0, "unit=cases"],
        ["prosecutions", 13.0, "total"],
    ]
    assert _breakdown_rows("Courts convicted 6 traffickers in 4 cases.") == [
        ["convictions", 6.0, "total"],
        ["convictions", 4.0, "unit=cases"],
    ]
    # victims involved in cases are not a second count of the cases
    assert _breakdown_rows("Police investigated 20 cases involving 30 victims.") == [
        ["investigations", 20.0, "total"]
    ]
    # a case count alone is the year's total, as reported
    assert _breakdown_rows("Police investigated 20 cases.") == [["investigations", 20.0, "total"]]
