"""Score recommendation follow-through against hand codes (``../shared/gold/followthrough_dev.csv``).

The gold has one row per item: country, year_from, year_to, item_no, a paraphrase of the item,
theme, status, the evidence phrase in the Y+1 file, the two files (relative to the corpus). The
paraphrase is matched to the coder's items by their shared key words (the coder's item text is
read from the file at scoring time, never stored); each gold item matches at most one coded item.

Printed: item recall (gold items found) and extra items (coded items matching no gold item), the
status agreement over matched items, the confusion matrix and Cohen's kappa, and the share of
items where one says ``acted`` and the other ``not_acted`` (the confident wrong answers).
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

import pandas as pd

from analysis.extract import read_text_file
from analysis.extract.agreement import GoldError, agreement, cohen_kappa, confusion, read_gold_table
from analysis.extract.followthrough.coder import STATUSES, follow_through, key_words, signals
from analysis.extract.followthrough.recommendations import rules
from analysis.extract.text.document import read_document

GOLD_COLUMNS = [
    "country",
    "year_from",
    "year_to",
    "item_no",
    "recommendation",
    "theme",
    "status",
    "file_from",
    "file_to",
]
MIN_MATCH = 0.3


@dataclass
class FollowThroughEvaluation:
    overall: pd.DataFrame  # measure, value, of
    confusion: pd.DataFrame
    pairs: pd.DataFrame  # one row per gold item (matched or not) and per extra coded item

    def by_country(self) -> pd.DataFrame:
        """Per country (the folder of each ``file_from``) and overall: gold items, the share found,
        extra items as a share of coded ones, and status agreement over matched items."""
        rows = []
        pairs = self.pairs
        country = pairs["file_from"].str.split("/").str[0]
        for name, part in [*pairs.groupby(country, sort=True), ("overall", pairs)]:
            gold = part[part["gold"].notna()]
            matched = gold[gold["coded"].notna()]
            coded = len(matched) + int(part["gold"].isna().sum())
            rows.append(
                {
                    "country": name,
                    "gold_items": len(gold),
                    "found": len(matched) / len(gold) if len(gold) else float("nan"),
                    "extra": (coded - len(matched)) / coded if coded else float("nan"),
                    "agreement": agreement(matched["gold"], matched["coded"]),
                }
            )
        return pd.DataFrame(rows)


def read_gold(path: Path) -> pd.DataFrame:
    """The gold follow-through table, checked.

    Raises:
        GoldError: missing file or columns, or a status outside acted / partial / not_acted / unclear.
    """
    gold = read_gold_table(
        path, GOLD_COLUMNS, STATUSES, "follow-through", "../shared/gold/followthrough_dev.csv"
    )
    for column in ("year_from", "year_to", "item_no"):
        gold[column] = gold[column].astype(int)
    return gold


def _match(gold_items: pd.DataFrame, coded: pd.DataFrame, text: str, stopwords) -> dict[int, int]:
    """gold row index → coded row index, by the share of the gold paraphrase's key words found."""
    coded_words = {i: key_words(text[int(r.start) : int(r.end)], stopwords) for i, r in coded.iterrows()}
    scores = []
    for gi, g in gold_items.iterrows():
        words = key_words(g["recommendation"], stopwords)
        for ci, cw in coded_words.items():
            if words and cw:  # the larger of the two shares: a cut-off item has few words
                share = max(len(words & cw) / len(words), len(words & cw) / len(cw) if len(cw) > 1 else 0.0)
                closeness = -abs(int(coded.at[ci, "item_no"]) - int(g["item_no"]))
                scores.append((share, closeness, gi, ci))
    matched: dict[int, int] = {}
    used: set[int] = set()
    for share, _, gi, ci in sorted(scores, reverse=True):
        if share < MIN_MATCH or gi in matched or ci in used:
            continue
        matched[gi] = ci
        used.add(ci)
    return matched


def evaluate_followthrough(gold_path: Path, corpus: Path | None = None) -> FollowThroughEvaluation:
    """Code every edition pair the gold names and compare items and statuses."""
    gold = read_gold(gold_path)
    corpus = Path(corpus) if corpus else Path(gold_path).resolve().parent.parent / "corpus"
    stopwords = signals().stopwords
    rows = []
    for (file_from, file_to), items in gold.groupby(["file_from", "file_to"], sort=True):
        for name in (file_from, file_to):
            if not (corpus / name).exists():
                raise GoldError(f"{gold_path}: narrative {name} not found under {corpus}")
        text_from = read_text_file(corpus / file_from)
        first = items.iloc[0]
        doc_from = read_document(text_from, first["country"], int(first["year_from"]))
        doc_to = read_document(read_text_file(corpus / file_to), first["country"], int(first["year_to"]))
        coded = follow_through(doc_from, doc_to, allow_gap=True)
        matched = _match(items, coded, text_from, stopwords)
        for gi, g in items.iterrows():
            ci = matched.get(gi)
            rows.append(_pair_row(file_from, g["year_from"], g, None if ci is None else coded.loc[ci]))
        for ci, c in coded.iterrows():
            if ci not in matched.values():
                rows.append(_pair_row(file_from, int(c["year_from"]), None, c))
    pairs = pd.DataFrame(rows)
    matched = pairs[pairs["gold"].notna() & pairs["coded"].notna()]
    return FollowThroughEvaluation(
        _overall(pairs), confusion(matched["gold"], matched["coded"], list(STATUSES)), pairs
    )


def _pair_row(file_from: str, year_from: int, g: pd.Series | None, c: pd.Series | None) -> dict:
    """One row of the pairs table: a gold item and its coded item, either of them missing."""
    return {
        "file_from": file_from,
        "year_from": year_from,
        "item_no": None if g is None else g["item_no"],
        "gold_theme": None if g is None else g["theme"],
        "gold": None if g is None else g["status"],
        "coded_item_no": None if c is None else int(c["item_no"]),
        "theme": None if c is None else c["theme"],
        "coded": None if c is None else c["status"],
        **{
            k: None if c is None else c[k] for k in ("rule", "start", "end", "evidence_start", "evidence_end")
        },
    }


def _overall(pairs: pd.DataFrame) -> pd.DataFrame:
    """Item recall, extra items, status agreement and kappa, swaps and theme agreement."""
    gold_rows = pairs[pairs["gold"].notna()]
    matched = gold_rows[gold_rows["coded"].notna()]
    extra = pairs[pairs["gold"].isna()]
    coded_total = len(matched) + len(extra)
    swaps = ((matched["gold"] == "acted") & (matched["coded"] == "not_acted")) | (
        (matched["gold"] == "not_acted") & (matched["coded"] == "acted")
    )
    gold_map = rules().spec["gold_themes"]
    theme_agree = (
        (matched["theme"].map(gold_map) == matched["gold_theme"]).mean() if len(matched) else float("nan")
    )
    n = len(matched)
    measures = [
        ("gold items found (recall)", len(matched) / len(gold_rows), len(gold_rows)),
        (
            "extra items (share of coded)",
            len(extra) / coded_total if coded_total else float("nan"),
            coded_total,
        ),
        ("status agreement (matched items)", agreement(matched["gold"], matched["coded"]), n),
        ("Cohen's kappa (matched items)", cohen_kappa(matched["gold"], matched["coded"], list(STATUSES)), n),
        ("acted vs not_acted swaps (share of matched)", swaps.mean() if n else float("nan"), n),
        ("theme agreement (gold's coarse themes)", theme_agree, n),
    ]
    return pd.DataFrame(measures, columns=["measure", "value", "of"])
