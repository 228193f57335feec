"""The one rules-file reader (analysis.extract.rulefile) and the extractor's rules file it checks."""

import re

import pytest

from analysis.extract.figures.vocabulary import RULES_FILE, load_vocabulary
from analysis.extract.rulefile import RulesFileError, read_rules


def test_unknown_and_missing_top_level_keys_are_refused_with_file_and_line(tmp_path):
    path = tmp_path / "demo_rules.yml"
    path.write_text("nouns:\n  victim: [victims]\nverbz: []\n", encoding="utf-8")
    message = r"demo_rules.yml:3: unknown key 'verbz'; accepted: nouns, verbs"
    with pytest.raises(RulesFileError, match=message):
        read_rules(path, {"nouns": "classes", "verbs": "families"})
    path.write_text("nouns:\n  victim: [victims]\n", encoding="utf-8")
    with pytest.raises(RulesFileError, match=r"missing key 'verbs' \(families\)"):
        read_rules(path, {"nouns": "classes", "verbs": "families"})
    path.write_text("- a list\n", encoding="utf-8")
    with pytest.raises(RulesFileError, match="the top level must be a mapping"):
        read_rules(path, {"nouns": "classes"})
    path.write_text("nouns: [unclosed\n", encoding="utf-8")
    with pytest.raises(RulesFileError, match="not valid YAML"):
        read_rules(path, {"nouns": "classes"})
    with pytest.raises(RulesFileError, match="cannot read the rules file"):
        read_rules(tmp_path / "absent.yml", {"nouns": "classes"})


def test_lines_are_remembered_for_nested_keys(tmp_path):
    path = tmp_path / "demo_rules.yml"
    path.write_text("# comment\nnegation:\n  leads: [did not]\n  zero_of:\n    convict: convictions\n")
    doc = read_rules(path, {"negation": "zeros"})
    assert doc.where(doc["negation"], "zero_of") == "demo_rules.yml:4"
    assert doc.where(doc["negation"]["zero_of"], "convict") == "demo_rules.yml:5"


def _broken(tmp_path, old: str, new: str):
    text = RULES_FILE.read_text(encoding="utf-8")
    assert old in text, old
    path = tmp_path / "extractor_rules.yml"
    path.write_text(text.replace(old, new, 1), encoding="utf-8")
    line = text[: text.index(old)].count("\n") + 1
    return path, line


@pytest.mark.parametrize(
    ("old", "new", "message"),
    [
        (
            "indicator: victims_referred}",
            "indicator: victims_sent}",
            "unknown indicator (indicators.csv) 'victims_sent'",
        ),
        ("verb: refer, indicator: victims_referred}", "verb: sendd, indicator: victims_referred}", "'sendd'"),
        ("{id: victim.assist,", "{id: victim.identify,", "rule id 'victim.identify' appears twice"),
        ("noun: victim, verb: refer,", "noun: victims, verb: refer,", "unknown noun class"),
        ("{id: verb.arrest, verb: arrest,", "{id: verb.arrest, verbs: arrest,", "field of a bare rule"),
        ("    report: {pattern:", "    report: {zeroes: listed, regex:", "negated verb field 'regex'"),
        (
            "  change: the subject",
            "  victim.identify: the subject",
            "rule id 'victim.identify' is also a row's id",
        ),
        (
            "  purpose=multi:",
            "  multi purpose:",
            "breakdown label 'multi purpose' is not of the form key=value",
        ),
    ],
)
def test_a_bad_entry_of_the_extractor_rules_is_refused_with_its_line(tmp_path, old, new, message):
    path, line = _broken(tmp_path, old, new)
    with pytest.raises(RulesFileError, match=re.escape(message)) as caught:
        load_vocabulary(path)
    assert str(caught.value).startswith(f"extractor_rules.yml:{line}:"), str(caught.value)


def test_a_noun_in_two_classes_and_a_family_the_code_needs_are_checked(tmp_path):
    path, _ = _broken(tmp_path, "  case: [case, cases]", "  case: [case, cases, victims]")
    with pytest.raises(RulesFileError, match=r"noun 'victims' is in two classes \(victim, case\)"):
        load_vocabulary(path)
    path, _ = _broken(tmp_path, "  arrest: ['arrest", "  apprehend: ['arrest")
    with pytest.raises(RulesFileError, match="needs the verb family arrest"):
        load_vocabulary(path)
    path, _ = _broken(tmp_path, "subset=hotline:\n    - '", "subset=hotline:\n    - '(")
    with pytest.raises(RulesFileError, match="does not compile"):
        load_vocabulary(path)


def test_the_package_rules_file_loads_and_declares_every_rule_id_once():
    vocabulary = load_vocabulary()
    ids = [rule.id for rule in (*vocabulary.counted, *vocabulary.noun_indicators, *vocabulary.bare)]
    assert len(ids) == len(set(ids)) and "victim.identify" in ids and "noun.shelter" in ids


def test_every_rule_id_the_extractor_writes_is_declared_in_the_rules_file(world_corpus_dir):
    """The ids the code writes (``code_rules``) are declared beside the rows' own: each one in the
    data can be looked up in the rules file, and a candidate with an undeclared id is refused."""
    from analysis.extract import extract_file
    from analysis.extract.figures.clauses import Candidate
    from analysis.extract.figures.vocabulary import RULE_IDS

    methods = set()
    for path in sorted(world_corpus_dir.glob("*/*.txt")):
        methods |= set(extract_file(path)["method"])
    assert {m.removeprefix("rule:") for m in methods} <= RULE_IDS
    assert {"subset.anchor", "victim.anchor", "negative.did_not", "victim.identify"} <= RULE_IDS
    with pytest.raises(ValueError, match=re.escape("'victim.guess' is not declared in extractor_rules.yml")):
        Candidate("victims_identified", 1.0, None, None, 2020, "all", "total", "victim.guess", 0, 1)
