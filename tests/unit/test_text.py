"""analysis.report.text: how numbers and names are written in report prose."""

import subprocess
import sys

import pytest

from analysis.paths import ROOT
from analysis.report import text
from analysis.schema import indicators


def test_numbers():
    assert text.count(1234) == "1,234" and text.count(2.5) == "2.5" and text.count(None) == "not reported"
    assert text.count(0) == "0"  # reported as none is a number, not "not reported"
    assert text.ratio(0.8125, 4) == "0.8125" and text.ratio(float("nan")) == "undefined"
    assert (
        text.times(2.4615) == "×2.46"
        and text.pct_change(146.15) == "+146%"
        and text.pct_change(-25) == "-25%"
    )


@pytest.mark.parametrize(
    ("before", "after", "verb"), [(96960, 90354, "fell"), (30961, 133943, "rose"), (5, 5, "stayed")]
)
def test_change_verb_follows_the_figures(before, after, verb):
    assert text.change(before, after) == verb


def test_change_needs_two_figures():
    with pytest.raises(ValueError, match="two figures"):
        text.change(None, 3)


def test_names_come_from_the_data_dictionaries():
    for name in indicators()["name"]:
        assert text.indicator(name) == text.indicator(name).lower() and "_" not in text.indicator(name)
    assert text.indicator("suspects_identified") == "suspects identified"
    assert text.source("unodc_glotip") == "UNODC GLOTIP"
    assert text.source("kelley_cho") == "Kelley (2017) coded tiers"
    assert text.tier("2.5") == "Watch List" and text.tier("1") == "Tier 1"


def test_lists_years_and_plurals():
    assert (
        text.listing(["a", "b", "c"]) == "a, b and c"
        and text.listing(["a"]) == "a"
        and text.listing([]) == ""
    )
    assert text.year_ranges([2014, 2010, 2011]) == "2010-2011 and 2014"
    assert (
        text.plural(1, "upgrade") == "1 upgrade" and text.plural(2, "country", "countries") == "2 countries"
    )
    assert text.region("Americas") == "the Americas" and text.region("Europe") == "Europe"


def test_writing_a_sentence_does_not_import_the_plotting_stack():
    code = "import sys, analysis.report.text; print('matplotlib' in sys.modules, 'seaborn' in sys.modules)"
    result = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, cwd=ROOT, check=True
    )
    assert result.stdout.split() == ["False", "False"]


def test_one_wording_for_spans_and_counts_that_agree():
    """Reports called a 2013→2017 change 'year-over-year' and wrote '1 year-over-year changes are'."""
    assert text.span(1) == "year-over-year" and text.span(4) == "a 4-year change"
    assert text.change_over(5.0, 4) == "×5.00, a 4-year change"
    assert f"{text.plural(1, 'change')} {text.verb(1, 'is', 'are')}" == "1 change is"
    assert f"{text.plural(3, 'change')} {text.verb(3, 'is', 'are')}" == "3 changes are"
