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


def _parts(text: str, report_year: int = 2021) -> list[list]:
    rows = extract_text(f"ATLANTIS (Tier 2)\nPROTECTION\n{text}\n", country="Peru", report_year=report_year)
    rows = rows[rows["indicator"] != "tier"]
    return rows[["value", "reference_year", "scope", "breakdown"]].values.tolist()


def test_sentences_that_go_on_counting_parts_carry_the_count_they_belong_to():
    text = (
        "Police identified 52 victims (47 in 2019). In 2019, 30 were exploited in sex trafficking and 17 "
        "in forced labor; 40 were women. Twelve of the victims were children."
    )
    assert _parts(text) == [
        [52.0, 2020, "all", "total"],
        [47.0, 2019, "all", "total"],
        [30.0, 2019, "sex", "total"],
        [17.0, 2019, "labor", "total"],
        [40.0, 2019, "all", "sex=female;age=18+"],
        [12.0, 2020, "all", "age=0-17"],
    ]


def test_a_part_named_in_words_is_a_breakdown_never_a_second_total():
    text = (
        "Officials identified 90 victims; 41 were transnational and 49 were internal, 20 of forced begging, "
        "six unknown; 15 Nepali and 12 were from other countries."
    )
    assert [row[3] for row in _parts(text)] == [
        "total",
        "part=transnational",
        "part=internal",
        "part=forced begging",
        "part=unknown",
        "citizenship=Nepali",
        "citizenship=foreign",
    ]


def test_screening_people_is_not_identifying_victims():
    assert _parts("Mobile teams screened 400 migrants for indicators of trafficking.") == []


def _indicators(text: str, section: str = "PROSECUTION") -> list[list]:
    return [row[:2] for row in _rows(text, section=section)]


def test_officials_make_a_figure_complicity_only_when_it_counts_them():
    # officials who act, or who are trained, do not make the traffickers complicit officials
    judges = _indicators("Judges acquitted 12 defendants and convicted 25 traffickers.")
    assert judges == [["convictions", 25.0]]
    assert _indicators(
        "The government prosecuted 40 suspects, convicted 19, and trained 300 police officers and judges."
    ) == [["prosecutions", 40.0], ["convictions", 19.0]]
    # a figure that counts officials, or a clause about complicity, is complicity
    assert _indicators("Authorities opened an investigation against a border guard soldier.") == [
        ["complicity_investigations", 1.0]
    ]
    assert _indicators("Prosecutors charged 4 suspects for complicity in trafficking crimes.") == [
        ["complicity_prosecutions", 4.0]
    ]


def test_a_previous_period_named_in_a_later_clause_does_not_date_a_figure():
    text = "Officials identified 17 victims; this matched the figure of the previous reporting period."
    assert _rows(text) == [["victims_identified", 17.0, 2020]]


def test_potential_and_confirmed_victims_are_both_victims_identified():
    assert _indicators(
        "In 2020, police identified 310 potential victims and confirmed 64 victims.", section="PROTECTION"
    ) == [["victims_identified", 310.0], ["victims_identified", 64.0]]
    # "confirmed that" reports, it does not identify
    reported = _indicators("Inspectors confirmed that 90 workers received back wages.", section="PROTECTION")
    assert reported == []


def test_budgets_in_local_currency_with_their_dollar_equivalent():
    from analysis.extract.figures.numbers import find_numbers

    money = "allotted 4.5 million Atlantean dinar ($12,300), 2 million GYD, 300 kroner, 7,200 Fijian dollars"
    assert [(n.value, n.currency) for n in find_numbers(money)] == [
        (4_500_000.0, "local"),
        (12_300.0, "USD"),
        (2_000_000.0, "GYD"),
        (300.0, "local"),
        (7_200.0, "local"),
    ]
    assert _indicators("The government provided 8 million drams ($16,500) to an NGO shelter.") == [
        ["budget", 8_000_000.0],
        ["budget", 16_500.0],
    ]
    # money paid to victims or by traffickers is not a budget, before or after the figure
    assert _indicators("The government provided 50,000 drams ($104) in compensation to a victim.") == []


def test_a_shelter_counts_as_one_only_when_it_is_opened_or_run():
    assert _indicators("The ministry operated one 60-bed shelter for adult victims.") == [["shelters", 1.0]]
    assert _indicators("Authorities opened a new shelter for boys.") == [["shelters", 1.0]]
    assert _indicators("Victims who chose not to stay in a shelter received rent support.") == []
    assert _indicators("The grant covered operational costs of an NGO-run shelter.") == []


def test_one_count_of_victims_read_by_two_verbs_counts_for_both():
    protection = {"section": "PROTECTION"}
    assert _indicators("Police identified and referred 12 victims to shelters.", **protection) == [
        ["victims_referred", 12.0],
        ["victims_identified", 12.0],
    ]
    assert _indicators("Officials identified 80 victims and referred all of them to care.", **protection) == [
        ["victims_identified", 80.0],
        ["victims_referred", 80.0],
    ]
    # a second verb with another object is not the whole count again
    assert _indicators("Officials identified 80 victims and referred 30 to care.", **protection) == [
        ["victims_identified", 80.0],
        ["victims_referred", 30.0],
    ]


def test_victims_that_ngos_and_international_organizations_identified_are_theirs():
    rows = _parts("NGOs and international organizations reported identifying at least 75 victims.")
    assert rows == [[75.0, 2020, "all", "identified_by=ngo"]]
    # the government and NGOs together: a joint total
    assert _parts("The government and NGOs identified 75 victims.") == [[75.0, 2020, "all", "total"]]


def test_victims_that_ngos_assisted_are_the_ngos_count_even_when_the_government_funds_them():
    assert _parts("Government-funded NGOs supported 140 victims (120 in 2019).") == [
        [140.0, 2020, "all", "assisted_by=ngo"],
        [120.0, 2019, "all", "assisted_by=ngo"],
    ]
    # the government with the NGOs it funds: a joint count
    assert _parts("The government and government-supported NGOs provided services to all 96 victims.") == [
        [96.0, 2020, "all", "total"]
    ]


def test_ngo_counts_are_scored_as_the_labels_ngo_indicators(tmp_path):
    from analysis.extract.figures.evaluate import evaluate

    (tmp_path / "atlantis").mkdir()
    (tmp_path / "atlantis" / "2021.txt").write_text(
        "# PERU | TIP Report 2021 | 1 chunk(s) | sources: x\n----- source: x\n"
        "PROTECTION\nNGOs identified 30 victims. The government identified 12 victims.\n"
    )
    (tmp_path / "labels.csv").write_text(
        "country,report_year,reference_year,section,indicator,value,value_high,qualifier,evidence,source_url\n"
        "peru,2021,2020,protection,victims_identified_by_ngos,30,,,NGOs identified 30,x\n"
        "peru,2021,2020,protection,victims_identified,12,,,identified 12,x\n"
    )
    victims = evaluate(tmp_path).scores.set_index("indicator").loc["victims_identified"]
    assert (victims["labels"], victims["predictions"], victims["true_positives"]) == (1, 1, 1)


def test_zeros_said_in_the_ways_real_reports_say_them():
    def zeros(text):
        return [(r[0], r[2]) for r in _rows(text) if r[1] == 0]

    assert zeros("The courts did not secure convictions of any traffickers.") == [("convictions", 2020)]
    assert zeros("Prosecutors did not obtain any convictions under the new law.") == [("convictions", 2020)]
    assert zeros("The ministry did not operate any shelters for adults.") == [("shelters", 2020)]
    assert zeros("There were no specialized shelters for boys.") == [("shelters", 2020)]
    assert zeros("Labor courts did not report convicting any abusive employers.") == [("convictions", 2020)]
    # the year of a zero comes from its own words
    assert zeros(
        "This compared with four prosecutions and no convictions in the previous reporting period."
    ) == [("convictions", 2019)]
    # a zero for one part: the breakdown of the count it follows, in the year it names
    parts = _parts("Officials identified nine foreign victims (none in 2018).")
    assert parts == [[9.0, 2020, "all", "citizenship=foreign"], [0.0, 2018, "all", "citizenship=foreign"]]


def test_one_figure_for_two_years_and_a_period_named_before_its_figures():
    assert _rows("The government allocated 9 million drams ($18,000) in both 2019 and 2018 for care.") == [
        ["budget", 9_000_000.0, 2019],
        ["budget", 9_000_000.0, 2018],
        ["budget", 18_000.0, 2019],
        ["budget", 18_000.0, 2018],
    ]
    # another figure between the first figure and the two years keeps the first its own year
    assert _rows("Police identified 30 victims, and 4 were children in both 2019 and 2018.")[0][2] == 2020
    text = (
        "Investigations fell from the previous reporting period, when the government investigated 80 cases "
        "and convicted 12 traffickers."
    )
    assert _rows(text, section="PROSECUTION") == [["investigations", 80.0, 2019], ["convictions", 12.0, 2019]]


def test_a_new_verb_family_is_one_entry_in_the_rules_file():
    """Victims repatriated: a verb family and its class × family row in extractor_rules.yml, and the
    indicator's row in indicators.csv; no code."""
    from analysis.extract.figures.vocabulary import INDICATOR_BY_VERB

    assert INDICATOR_BY_VERB["victim"]["repatriate"] == ("victims_repatriated", "victim.repatriate")
    assert _indicators("The ministry repatriated 14 victims to Nepal.", section="PROTECTION") == [
        ["victims_repatriated", 14.0]
    ]


def test_case_counts_beside_persons_are_scored_as_the_labels_case_indicators():
    from analysis.extract.figures.evaluate import labelled_indicator

    rows = extract_text(
        "GHANA (Tier 2)\nPROSECUTION\nCourts convicted 9 traffickers in 4 cases.\n", report_year=2024
    )
    rows = rows[rows["indicator"] != "tier"]
    assert labelled_indicator(rows).tolist() == ["convictions", "conviction_cases"]


def test_who_counted_is_the_subject_just_before_the_figure_and_stays_with_its_parts():
    text = (
        "Police referred 40 victims to shelters, foreign embassies referred five, NGOs referred 12, "
        "and 9 victims referred themselves."
    )
    assert [row[3] for row in _parts(text)] == ["total", "referred_by=embassy", "referred_by=ngo", "total"]
    text = "NGOs reported assisting 60 victims; among these, 22 were children."
    assert [row[3] for row in _parts(text)] == ["assisted_by=ngo", "age=0-17;assisted_by=ngo"]


def test_money_for_programmes_serving_victims_of_other_crimes_is_a_multi_purpose_budget():
    rows = extract_text(
        "ATLANTIS (Tier 2)\nPROTECTION\nThe government provided 2 million GYD ($9,500) to an NGO shelter for "
        "victims of gender-based violence, including trafficking victims.\n",
        country="Peru",
        report_year=2021,
    )
    assert rows.loc[rows["indicator"] == "budget", "breakdown"].tolist() == [
        "purpose=multi",
        "purpose=multi;unit=USD",
    ]


def test_victims_labor_inspectors_identified_are_the_inspectorates_part():
    text = "Labor inspectors coordinated with police and identified 14 victims of forced labor."
    assert _parts(text) == [[14.0, 2020, "labor", "identified_by=labor_inspection"]]


def test_the_year_that_closes_a_comparison_holds_for_each_of_its_figures():
    rows = _rows(
        "In 2020, officials identified 410 victims and 75 potential victims, compared with 380 victims "
        "and 90 potential victims identified in 2018."
    )
    assert [row[2] for row in rows] == [2020, 2020, 2018, 2018]
    # a comparison with no year of its own is the previous reporting period's
    assert _rows("Officials identified 410 victims, compared with 380.")[-1][2] == 2019


def test_each_part_of_a_comparison_takes_the_year_that_closes_it():
    rows = _rows(
        "In 2020, officials identified 500 potential victims and confirmed 60 victims, compared to 420 "
        "potential and 55 confirmed victims in 2019, and 390 potential and 40 confirmed victims in 2018."
    )
    assert [row[2] for row in rows] == [2020, 2020, 2019, 2019, 2018, 2018]


def test_a_country_heading_with_a_mirrors_note_after_a_dash_is_still_the_heading():
    rows = extract_text(
        "PAKISTAN (Tier 2 Watch List) – Extracted from a mirror's copy\nThe text.\n", report_year=2020
    )
    assert rows[["country", "indicator", "value"]].values.tolist() == [["Pakistan", "tier", 2.5]]


def test_a_part_of_a_group_counted_before_takes_the_groups_year():
    """Older data (a statistics office's count for a year before the reporting period): the
    sentences that break the group down are that year's too, not the reporting period's."""
    text = (
        "The statistics office reported the identification of 900 victims in 2016, compared with 700 in "
        "2015. The office reported 410 of the victims were exploited in forced labor, 300 in sex "
        "trafficking, and 190 in an unknown form. Of these victims, 880 were nationals."
    )
    assert [row[2] for row in _rows(text, report_year=2018)] == [2016, 2015, 2016, 2016, 2016, 2016]
    # without a year for the group, its parts are the reporting period's
    text = "Officials identified 80 victims. The ministry reported 30 of the victims were children."
    assert [row[2] for row in _rows(text)] == [2020, 2020]


def test_a_sentence_that_only_compares_leaves_the_group_before_it():
    text = (
        "The government convicted 60 individuals. This compared with convicting 20 individuals in the "
        "previous reporting period. Of those convicted, 55 were convicted under the penal code."
    )
    rows = _rows(text, section="PROSECUTION")
    assert rows == [["convictions", 60.0, 2020], ["convictions", 20.0, 2019], ["convictions", 55.0, 2020]]


def test_a_year_written_right_before_a_figure_is_its_year():
    rows = _rows(
        "The unit received a budget of 10 million GYD ($48,000) in fiscal year 2020 and, in fiscal year "
        "2021, 12 million GYD ($57,000).",
        report_year=2022,
    )
    # a conversion into dollars in a parenthesis is the same money, of the same year
    assert rows == [
        ["budget", 10e6, 2020],
        ["budget", 48000.0, 2020],
        ["budget", 12e6, 2021],
        ["budget", 57000.0, 2021],
    ]
    rows = _rows("It prosecuted four cases; in 2016, the government prosecuted seven defendants.", 2018)
    assert rows[-1] == ["prosecutions", 7.0, 2016]


def test_the_same_amount_as_in_a_year_is_a_comparison_not_the_figures_year():
    rows = _rows(
        "The government allocated NGOs €90,000 ($101,000) for victim care, the same amount as in 2018."
    )
    assert [row[2] for row in rows] == [2020, 2020]


def test_money_of_local_governments_is_their_part_of_the_budget():
    rows = extract_text(
        "ATLANTIS (Tier 2)\nPROTECTION\nThe government allocated €70,000 to NGOs for victim care; "
        "municipalities allocated €5,000 for shelters.\n",
        country="Peru",
        report_year=2021,
    )
    assert rows.loc[rows["indicator"] == "budget", "breakdown"].tolist() == ["total", "funder=local"]


def test_a_count_an_ngo_reports_and_its_parts_are_the_ngos():
    text = (
        "One NGO reported it identified 40 victims (31 victims of forced labor and nine of sex trafficking)."
    )
    assert {row[3] for row in _parts(text)} == {"identified_by=ngo"}
    text = "Police identified 90 victims and NGOs an additional four victims."
    assert [row[3] for row in _parts(text)] == ["total", "identified_by=ngo"]
    # a parenthesis larger than the NGOs' figure breaks down both parties' victims, not theirs
    text = "Police identified 90 victims and NGOs an additional four victims (60 women and 34 men)."
    assert [row[3] for row in _parts(text)][2:] == ["sex=female;age=18+", "sex=male;age=18+"]


def test_a_bare_figure_with_its_own_participle_takes_that_verb():
    rows = _rows(
        "Officials identified 40 victims, compared with 30 victims identified and 12 referred in 2019."
    )
    assert rows[-1] == ["victims_referred", 12.0, 2019]


def test_a_fact_stated_twice_in_one_section_is_one_row():
    text = (
        "Courts convicted 25 traffickers in nine cases. The judiciary completed 40 trials; judges "
        "acquitted 68 defendants and convicted 25 traffickers in nine cases."
    )
    rows = _rows(text, section="PROSECUTION")
    assert rows.count(["convictions", 25.0, 2020]) == 1
    # the summary and the section that states it again each keep theirs (each is a source line)
    rows = extract_text(
        "ATLANTIS (Tier 2)\nThe government convicted 25 traffickers.\nPROSECUTION\n"
        "The government convicted 25 traffickers.\n",
        country="Peru",
        report_year=2021,
    )
    assert (rows["indicator"] == "convictions").sum() == 2


def test_cases_referred_for_prosecution_are_not_prosecutions():
    rows = _rows(
        "The ministry referred for prosecution 30 trafficking cases (18 labor trafficking and 12 sex "
        "trafficking).",
        section="PROSECUTION",
    )
    assert {row[0] for row in rows} == {"cases_referred_for_prosecution"}


def test_an_article_counts_one_only_under_a_verb():
    assert (
        _rows("Victims were often unwilling to take part in an investigation.", section="PROSECUTION") == []
    )
    assert _rows("The ministry expanded a trafficking investigations database.", section="PROSECUTION") == []
    rows = _rows("Police commenced an investigation against a police officer.", section="PROSECUTION")
    assert rows == [["complicity_investigations", 1.0, 2020]]


def test_victims_who_referred_themselves_are_a_channel_of_referral():
    text = "NGOs referred 20 victims to shelters, and 14 victims self-referred through the hotline."
    assert [row[3] for row in _parts(text)][-1] == "subset=hotline;referred_by=self"


def test_those_sentenced_among_the_convicted_are_not_new_convictions():
    rows = _rows(
        "Courts convicted 30 traffickers and sentenced 12 of those convicted to life imprisonment.",
        section="PROSECUTION",
    )
    assert rows == [["convictions", 30.0, 2020]]
    # "Of those convicted, …" opens the parts of the count
    rows = _rows(
        "Courts convicted 30 traffickers. Of those convicted, 25 were convicted under the penal code.",
        section="PROSECUTION",
    )
    assert rows == [["convictions", 30.0, 2020], ["convictions", 25.0, 2020]]


def test_money_handed_to_victims_is_not_the_budget():
    rows = _rows(
        "The government allocated 9 million GYD ($43,000) to the unit and provided 2 million GYD "
        "($9,600) in direct financial assistance to victims who lived outside shelters."
    )
    assert rows == [["budget", 9e6, 2020], ["budget", 43000.0, 2020]]


def test_victims_traffickers_exploited_are_parts_of_the_identified_by_form():
    text = (
        "Authorities identified 30 victims. Traffickers exploited nine victims in domestic servitude "
        "and five victims in cattle herding; at least three were from the Republic of the Congo."
    )
    # domestic servitude is a form the rules know (scope labor); cattle herding is named as a part
    assert _parts(text) == [
        [30.0, 2020, "all", "total"],
        [9.0, 2020, "labor", "total"],
        [5.0, 2020, "all", "part=cattle herding"],
        [3.0, 2020, "all", "origin=Republic of the Congo"],
    ]


def test_a_verb_right_before_a_count_governs_it_over_a_participle_after_its_noun():
    rows = _rows("Police referred the other 12 adult victims identified during the year to an NGO.")
    assert rows == [["victims_referred", 12.0, 2020]]
    # … unless a coordination stands between: each figure keeps its own participle
    rows = _rows(
        "Officials identified 40 victims, compared with 30 victims assisted and 12 girls referred in 2019."
    )
    assert [row[0] for row in rows] == ["victims_identified", "victims_assisted", "victims_referred"]


def test_victims_assisted_in_the_words_of_real_reports():
    rows = _rows("The office assisted 40 young Ruritanian women with travel documents.")
    assert rows == [["victims_assisted", 40.0, 2020]]
    rows = _rows(
        "The ministry reported providing at least 90 victims with medical care and shelter; this "
        "compared with 120 victims provided services in 2019."
    )
    assert rows == [["victims_assisted", 90.0, 2020], ["victims_assisted", 120.0, 2019]]
    # two participles after the noun: the same victims counted twice
    rows = _rows("Two centers reported 35 trafficking victims identified and assisted in three states.")
    assert sorted(rows) == [["victims_assisted", 35.0, 2020], ["victims_identified", 35.0, 2020]]


def test_country_headings_with_letters_beyond_ascii_are_recognised():
    """'CÔTE D’IVOIRE: Tier 2' was not a heading, so its narrative was merged into the previous
    country's (issue 20)."""
    from analysis.extract.text.document import read_document

    for heading, iso3 in (
        ("CÔTE D’IVOIRE: Tier 2", "CIV"),
        ("CURAÇAO: Tier 2 Watch List", "CUW"),
        ("SÃO TOMÉ AND PRÍNCIPE: Tier 2", "STP"),
    ):
        assert read_document(f"{heading}\nThe text.\n", report_year=2021).iso3 == iso3
    rows = extract_text(
        "PERU: Tier 2\nThe government convicted 3 traffickers.\n"
        "CÔTE D’IVOIRE: Tier 2\nThe government convicted 5 traffickers.\n",
        report_year=2021,
    )
    assert rows.loc[rows["indicator"] == "convictions", "value"].tolist() == [3.0]  # not Peru's


def test_a_sentence_wrapped_after_a_number_in_a_narrow_column_is_one_sentence():
    """'… identified 45' / 'Venezuelan victims and referred 30' / 'Adults to shelters.' was cut
    into headings at each line, and neither figure was read (issue 20)."""
    text = "In 2020, authorities identified 45\nVenezuelan victims and referred 30\nAdults to shelters."
    assert _rows(text) == [["victims_identified", 45.0, 2020], ["victims_referred", 30.0, 2020]]
    # a section heading after a line that ends in a year is still a heading
    rows = extract_text(
        "ATLANTIS (Tier 2)\nPROSECUTION\nCourts convicted 12 traffickers in 2020\nPROTECTION\n"
        "Police identified 40 victims.\n",
        country="Peru",
        report_year=2021,
    )
    assert rows.loc[rows["indicator"] == "victims_identified", "section"].tolist() == ["protection"]


def test_a_title_line_after_a_narrative_names_the_next_one_not_this_one():
    """A PDF part that ended with the next narrative's title line took that country: Moldova's
    narrative was filed as Thailand (issue 20)."""
    from analysis.extract.text.document import read_document

    part = (
        "MOLDOVA: Tier 2\nThe government convicted 5 traffickers.\n"
        "2021 Trafficking in Persons Report: Thailand\n"
    )
    document = read_document(part)
    assert (document.iso3, document.report_year) == ("MDA", 2021)
    # before the heading, a title line names the narrative it opens
    document = read_document("2021 Trafficking in Persons Report: Peru\nThe government convicted 5.\n")
    assert (document.iso3, document.report_year) == ("PER", 2021)


def test_no_shelters_of_a_kind_named_with_several_words_is_a_zero():
    # up to four modifiers between "no" and the noun, each a word the rules allow
    assert _rows("There were no adequate public or private shelters for adult men.") == [
        ["shelters", 0.0, 2020]
    ]
    assert _rows("There were no shelters that met the standard.") == [["shelters", 0.0, 2020]]
    assert _rows("There was no evidence that shelters were inspected.") == []


def test_an_ing_clause_after_a_comma_is_not_governed_by_the_verb_before_it():
    # "…, upgrading 12 of 14 shelters": the referral verb before the comma does not reach the shelters
    assert _rows("It referred them to care, upgrading 12 of 14 shelters to offer counseling.") == [
        ["shelters", 14.0, 2020]
    ]
    # "…, including": the same verb goes on counting its own object
    assert _rows("It identified 50 victims, including 12 children.") == [
        ["victims_identified", 50.0, 2020],
        ["victims_identified", 12.0, 2020],
    ]


def test_an_article_after_an_infinitive_of_purpose_is_not_a_count_of_one():
    assert _rows("It worked with an NGO to open and operate a shelter for girls.") == []
    assert _rows("It opened a shelter for girls.") == [["shelters", 1.0, 2020]]
