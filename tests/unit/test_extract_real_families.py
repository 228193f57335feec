"""Phrasing families found in real TIP narratives (../shared/corpus-world), one test each.

The sentences are ours: each says what the family looks like, in our own words, so a rule is
held to the family and not to one report's sentence. The real text is scored in
``test_extract_world.py``.
"""

from analysis.extract import extract_text


def _rows(text: str, report_year: int = 2021, section: str = "PROTECTION") -> list[list]:
    rows = extract_text(f"ATLANTIS (Tier 2)\n{section}\n{text}\n", country="Peru", report_year=report_year)
    rows = rows[rows["indicator"] != "tier"]
    return rows[["indicator", "value", "reference_year"]].values.tolist()


def test_a_year_that_closes_a_parenthesis_holds_for_every_figure_in_it():
    rows = _rows(
        "Officials identified 40 victims; 22 were exploited in sex trafficking and 18 in forced labor "
        "(19 were exploited in sex trafficking, 12 in forced labor, and two in forced begging in 2019)."
    )
    assert rows == [
        ["victims_identified", 40.0, 2020],
        ["victims_identified", 22.0, 2020],
        ["victims_identified", 18.0, 2020],
        ["victims_identified", 19.0, 2019],
        ["victims_identified", 12.0, 2019],
        ["victims_identified", 2.0, 2019],
    ]


def test_a_year_that_opens_the_sentence_holds_until_another_year_is_named():
    assert _rows("In 2019, officials identified 31 victims; 14 were children.") == [
        ["victims_identified", 31.0, 2019],
        ["victims_identified", 14.0, 2019],
    ]
    # a comparison in parentheses does not end it; another year named in the sentence does
    assert _rows("In 2019, officials identified 31 victims (25 in 2018); 14 were children.")[-1][2] == 2019
    assert _rows("In 2019, officials identified 31 victims, and in 2020 they identified 40.")[-1] == [
        "victims_identified",
        40.0,
        2020,
    ]
