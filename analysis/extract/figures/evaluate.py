"""Score the extractor against hand labels (``labels.csv`` of the corpus).

A count the text credits to NGOs (breakdown ``…_by=ngo``) is scored as the labels'
``…_by_ngos`` indicator, and prosecutions or convictions counted in cases beside persons
(``unit=cases``) as ``prosecution_cases`` / ``conviction_cases``, all outside the core set.
A prediction matches a label when country, report year, indicator and value agree (and
``value_high`` where the label has one), and the reference year agrees where the label gives a
single year; each label matches at most once. Precision, recall and F1 are given per core
indicator and overall (core indicators only, the scored set), and per country.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path

import pandas as pd

from analysis.countries import try_iso3
from analysis.extract import extract_texts, read_text_file
from analysis.schema import core_indicators


@dataclass
class Evaluation:
    scores: pd.DataFrame  # indicator, labels, predictions, true_positives, precision, recall, f1
    misses: pd.DataFrame  # labels not found
    false_positives: pd.DataFrame  # predictions matching no label
    by_country: pd.DataFrame  # the same scores per country (core indicators together), and overall

    def overall(self) -> pd.Series:
        return self.scores.set_index("indicator").loc["overall"]


def f1_score(precision: float, recall: float) -> float:
    """Harmonic mean of precision and recall: 0 when either is 0, NA when either is undefined
    (no predictions, or no labels).

    Example:
        >>> f1_score(0.0, 1.0), f1_score(0.5, 0.5), f1_score(float("nan"), 1.0)
        (0.0, 0.5, nan)
    """
    if pd.isna(precision) or pd.isna(recall):
        return float("nan")
    if precision == 0 or recall == 0:
        return 0.0
    return 2 * precision * recall / (precision + recall)


def _float(value) -> float | None:
    try:
        out = float(value)
    except (TypeError, ValueError):
        return None
    return None if pd.isna(out) else out


def _single_year(value) -> int | None:
    text = str(value).strip()
    return int(text) if text.isdigit() else None


#: a breakdown that makes a figure another party's count: the labels give it an indicator of its own
#: (``victims_assisted`` with ``assisted_by=ngo`` is labelled ``victims_assisted_by_ngos``)
NGO_COUNT = re.compile(r"(?:^|;)\w+_by=ngo(?:;|$)")
OTHER_COUNT = re.compile(r"(?:^|;)referred_by=\w+(?:;|$)")  # victims others referred
UNIT_CASES = re.compile(r"(?:^|;)unit=cases(?:;|$)")
MULTI_PURPOSE = re.compile(r"(?:^|;)purpose=multi(?:;|$)")
LOCAL_FUNDER = re.compile(r"(?:^|;)funder=local(?:;|$)")
#: the labels count prosecutions and convictions of cases, beside the persons, under these names
CASE_INDICATORS = {"prosecutions": "prosecution_cases", "convictions": "conviction_cases"}


def labelled_indicator(preds: pd.DataFrame) -> pd.Series:
    """The indicator the hand labels give each prediction. The extractor keeps who counted and in
    what unit as breakdowns of one indicator; the labels give two such counts indicators of their
    own, outside the core set: a count the text credits to NGOs (``…_by=ngo``) is
    ``<indicator>_by_ngos`` (victims referred by others, ``referred_by=…``, ``…_by_others``), and
    prosecutions or convictions counted in cases beside the persons
    (``unit=cases``) are ``prosecution_cases`` / ``conviction_cases``, money for programmes
    serving victims of other crimes too (``purpose=multi``) is ``budget_multi_purpose``, and
    local governments' money (``funder=local``) is ``budget_local``.

    Example:
        >>> frame = pd.DataFrame({"indicator": ["victims_identified"] * 2 + ["convictions"],
        ...                       "breakdown": ["total", "identified_by=ngo", "unit=cases"]})
        >>> labelled_indicator(frame).tolist()
        ['victims_identified', 'victims_identified_by_ngos', 'conviction_cases']
    """
    if preds.empty:
        return preds["indicator"] if "indicator" in preds else pd.Series(dtype="object")
    breakdown = preds["breakdown"].fillna("")
    out = preds["indicator"].where(~breakdown.str.contains(NGO_COUNT), preds["indicator"] + "_by_ngos")
    others = breakdown.str.contains(OTHER_COUNT) & ~breakdown.str.contains(NGO_COUNT)
    out = out.where(~others, preds["indicator"] + "_by_others")
    cases = breakdown.str.contains(UNIT_CASES) & preds["indicator"].isin(list(CASE_INDICATORS))
    out = out.where(~cases, preds["indicator"].map(CASE_INDICATORS))
    budget = preds["indicator"] == "budget"
    out = out.where(~(breakdown.str.contains(LOCAL_FUNDER) & budget), "budget_local")
    return out.where(~(breakdown.str.contains(MULTI_PURPOSE) & budget), "budget_multi_purpose")


def corpus_files(corpus: Path) -> list[Path]:
    """Narrative files of a corpus folder (``<country>/<year>.txt``)."""
    return sorted(p for p in Path(corpus).glob("*/*.txt"))


def predictions(corpus: Path) -> pd.DataFrame:
    """Extractor output for every narrative file of the corpus."""
    files = corpus_files(corpus)
    narratives = ((str(path.relative_to(corpus)), read_text_file(path), None, None) for path in files)
    return extract_texts(narratives, key="file")


def evaluate(
    corpus: Path, indicators: list[str] | None = None, preds: pd.DataFrame | None = None
) -> Evaluation:
    """Precision, recall and F1 of the extractor on the corpus's labels.

    ``preds`` scores other predictions against the same labels (e.g. the corpus read through
    PDFs); by default the extractor is run on the corpus's text files.
    """
    corpus = Path(corpus)
    indicators = indicators or core_indicators()
    labels = pd.read_csv(corpus / "labels.csv", dtype=str, keep_default_na=False)
    labels = labels[labels["indicator"].isin(indicators)].reset_index(drop=True)
    preds = predictions(corpus) if preds is None else preds
    preds = preds.assign(indicator=labelled_indicator(preds))
    preds = preds[preds["indicator"].isin(indicators)].reset_index(drop=True)

    label_iso = labels["country"].map(lambda c: try_iso3(c))
    pred_iso = preds["country"].map(lambda c: try_iso3(c) if isinstance(c, str) else None)
    used: set[int] = set()
    matched_pred: set[int] = set()
    by_key: dict[tuple, list[int]] = {}
    for i, row in labels.iterrows():
        key = (label_iso[i], int(row["report_year"]), row["indicator"], _float(row["value"]))
        by_key.setdefault(key, []).append(i)
    for j, row in preds.iterrows():
        key = (
            pred_iso[j],
            int(row["report_year"]) if pd.notna(row["report_year"]) else None,
            row["indicator"],
            _float(row["value"]),
        )
        for i in by_key.get(key, []):
            if i in used:
                continue
            label = labels.loc[i]
            high = _float(label["value_high"])
            if high is not None and _float(row["value_high"]) != high:
                continue
            year = _single_year(label["reference_year"])
            if year is not None and (pd.isna(row["reference_year"]) or int(row["reference_year"]) != year):
                continue
            used.add(i)
            matched_pred.add(j)
            break
    rows = []
    for indicator in [*indicators, "overall"]:
        lab = labels if indicator == "overall" else labels[labels["indicator"] == indicator]
        pre = preds if indicator == "overall" else preds[preds["indicator"] == indicator]
        true_positives = len(set(pre.index) & matched_pred)
        rows.append({"indicator": indicator, **_score(len(lab), len(pre), true_positives)})
    countries = []
    for iso3 in sorted({*label_iso.dropna(), *pred_iso.dropna()}):
        pre = preds.index[pred_iso == iso3]
        name = labels.loc[label_iso == iso3, "country"]
        countries.append(
            {
                "country": name.iloc[0] if len(name) else preds.loc[pre[0], "country"],
                **_score(int((label_iso == iso3).sum()), len(pre), len(set(pre) & matched_pred)),
            }
        )
    countries.append({"country": "overall", **rows[-1]})
    countries[-1].pop("indicator")
    misses = labels.loc[sorted(set(labels.index) - used)]
    false_positives = preds.loc[sorted(set(preds.index) - matched_pred)]
    return Evaluation(pd.DataFrame(rows), misses, false_positives, pd.DataFrame(countries))


def _score(labels: int, predictions: int, true_positives: int) -> dict:
    """Counts and scores of one row: precision NA without predictions, recall NA without labels."""
    precision = true_positives / predictions if predictions else float("nan")
    recall = true_positives / labels if labels else float("nan")
    return {
        "labels": labels,
        "predictions": predictions,
        "true_positives": true_positives,
        "precision": precision,
        "recall": recall,
        "f1": f1_score(precision, recall),
    }
