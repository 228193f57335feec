"""Score the criteria coder against hand codes (``../shared/gold/criteria_dev.csv``).

The gold table has one row per narrative and criterion (country, report_year, criterion,
status, evidence, file, note); ``file`` is relative to the corpus folder. Each narrative is
coded from its file and compared code by code:

- agreement over all codes, and over the *assessed* codes (gold is not ``not_reported``);
- per-criterion agreement, the confusion matrix (gold × coded) and Cohen's kappa;
- the disagreements, each with the gold evidence's sentence and the coder's, as character
  offsets into the file (the gold evidence phrase is located in the text, never copied out).
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path

import pandas as pd

from analysis.extract import read_text_file
from analysis.extract.agreement import GoldError, agreement, cohen_kappa, confusion, read_gold_table
from analysis.extract.criteria.coder import code_document
from analysis.extract.text.document import read_document
from analysis.schema import CRITERION_STATUSES

GOLD_COLUMNS = ["country", "report_year", "criterion", "status", "evidence", "file"]


@dataclass
class CriteriaEvaluation:
    overall: pd.DataFrame  # scope, codes, agreeing, agreement, kappa
    per_criterion: pd.DataFrame  # criterion, codes, assessed, agreement, assessed_agreement
    confusion: pd.DataFrame  # gold × coded
    pairs: pd.DataFrame  # one row per gold code, with the coder's code and both spans

    def by_country(self) -> pd.DataFrame:
        """Agreement per country (the folder of each gold file), over all and assessed codes, and
        overall: where the coder reads a country's phrasing well or badly."""
        return by_country(self.pairs, self.pairs["file"].str.split("/").str[0])


def by_country(pairs: pd.DataFrame, country: pd.Series) -> pd.DataFrame:
    """Codes and agreement per country (all codes, and assessed: gold not ``not_reported``), then
    overall."""
    table = agreement_by(pairs, country, "country", sort=True)
    overall = agreement_by(pairs, pd.Series("overall", index=pairs.index), "country")
    return pd.concat([table, overall], ignore_index=True)


def agreement_by(pairs: pd.DataFrame, key: pd.Series, name: str, sort: bool = False) -> pd.DataFrame:
    """Per value of ``key``: codes, agreement, assessed codes (gold not ``not_reported``) and their
    agreement; the column of the key is called ``name``."""
    rows = []
    for value, part in pairs.groupby(key, sort=sort):
        own = part[part["gold"] != "not_reported"]
        rows.append(
            {
                name: value,
                "codes": len(part),
                "agreement": agreement(part["gold"], part["coded"]),
                "assessed": len(own),
                "assessed_agreement": agreement(own["gold"], own["coded"]),
            }
        )
    return pd.DataFrame(rows)


def _evidence_span(text: str, phrase: str, sentences) -> tuple[int | None, int | None]:
    """The span of the sentence holding the gold phrase (whitespace-insensitive), else NA."""
    if not isinstance(phrase, str) or not phrase.strip():
        return None, None
    words = [re.escape(w) for w in phrase.split()]
    match = re.search(r"\s+".join(words), text)
    if match is None:
        return None, None
    for sentence in sentences:
        if sentence.start <= match.start() < sentence.end:
            return sentence.start, sentence.end
    return match.start(), match.end()


def read_gold(path: Path) -> pd.DataFrame:
    """The gold criteria table, checked for the columns and statuses the evaluation needs.

    Raises:
        GoldError: missing file or columns, or a status outside the vocabulary.
    """
    gold = read_gold_table(
        path, GOLD_COLUMNS, CRITERION_STATUSES, "criteria", "../shared/gold/criteria_dev.csv"
    )
    gold["report_year"] = gold["report_year"].astype(int)
    return gold


def evaluate_criteria(gold_path: Path, corpus: Path | None = None) -> CriteriaEvaluation:
    """Code every narrative the gold names and compare with the gold codes.

    Args:
        gold_path: the gold CSV.
        corpus: the folder ``file`` paths are relative to (default: ``corpus`` beside the
            gold file's folder, as in ``../shared``).
    """
    gold = read_gold(gold_path)
    corpus = Path(corpus) if corpus else Path(gold_path).resolve().parent.parent / "corpus"
    rows = []
    for file, group in gold.groupby("file", sort=True):
        path = corpus / file
        if not path.exists():
            raise GoldError(f"{gold_path}: narrative {file} not found under {corpus}")
        text = read_text_file(path)
        first = group.iloc[0]
        doc = read_document(text, first["country"], int(first["report_year"]))
        coded = code_document(doc).set_index("criterion")
        for g in group.itertuples():
            gold_start, gold_end = _evidence_span(text, g.evidence, doc.sentences)
            c = coded.loc[g.criterion]
            rows.append(
                {
                    "file": file,
                    "country": g.country,
                    "report_year": g.report_year,
                    "criterion": g.criterion,
                    "gold": g.status,
                    "coded": c["status"],
                    "rule": c["rule"],
                    "gold_start": gold_start,
                    "gold_end": gold_end,
                    "coded_start": c["start"],
                    "coded_end": c["end"],
                }
            )
    pairs = pd.DataFrame(rows)
    for column in ("gold_start", "gold_end", "coded_start", "coded_end"):
        pairs[column] = pairs[column].astype("Int64")
    labels = list(CRITERION_STATUSES)
    assessed = pairs[pairs["gold"] != "not_reported"]
    overall = pd.DataFrame(
        [
            {
                "scope": name,
                "codes": len(part),
                "agreeing": int((part["gold"] == part["coded"]).sum()),
                "agreement": agreement(part["gold"], part["coded"]),
                "kappa": cohen_kappa(part["gold"], part["coded"], labels),
            }
            for name, part in (("all codes", pairs), ("assessed codes", assessed))
        ]
    )
    per = agreement_by(pairs, pairs["criterion"], "criterion")
    return CriteriaEvaluation(overall, per, confusion(pairs["gold"], pairs["coded"], labels), pairs)
