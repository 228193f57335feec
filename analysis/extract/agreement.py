"""Agreement between two codings of the same items: share agreeing, confusion matrix, kappa.

Used to score the criteria coder and the follow-through coder (any coder with a closed set of
labels) against hand codes: the gold table is read and checked by :func:`read_gold_table`; the
measures are pure functions over two aligned Series of labels.
"""

from __future__ import annotations

from pathlib import Path

import pandas as pd

from analysis.rawio import RawDataError, read_raw_csv


class GoldError(ValueError):
    """A gold file an evaluation cannot use (names the file and what is missing)."""


def read_gold_table(path: Path, columns: list[str], statuses, what: str, example: str) -> pd.DataFrame:
    """A hand-coded gold CSV (all strings), checked for its columns and its ``status`` values.

    Raises:
        GoldError: no such file (with an ``example`` of one), missing columns, or a status not in
            ``statuses`` (file and line named).
    """
    path = Path(path)
    if not path.exists():
        raise GoldError(f"{path}: no such file; give the gold {what} CSV (e.g. {example})")
    try:  # an empty, binary or truncated file, or a folder, is named with what is wrong
        gold = read_raw_csv(path)
    except RawDataError as exc:
        raise GoldError(f"{exc}; give the gold {what} CSV (e.g. {example})") from exc
    missing = [c for c in columns if c not in gold.columns]
    if missing:
        raise GoldError(f"{path}: missing columns {', '.join(missing)}; expected {', '.join(columns)}")
    bad = gold[~gold["status"].isin(statuses)]
    if not bad.empty:
        accepted = ", ".join(statuses)
        raise GoldError(
            f"{path}, line {bad['_line'].iloc[0]}: unknown status {bad['status'].iloc[0]!r}; "
            f"accepted: {accepted}"
        )
    strings = [c for c in gold.columns if not c.startswith("_")]
    return pd.DataFrame({c: gold[c].astype(object) for c in strings}).reset_index(drop=True)


def agreement(gold: pd.Series, coded: pd.Series) -> float:
    """Share of items where the two codes agree (0–1; NA when there are no items)."""
    if len(gold) == 0:
        return float("nan")
    return float((gold.to_numpy() == coded.to_numpy()).mean())


def confusion(gold: pd.Series, coded: pd.Series, labels: list[str]) -> pd.DataFrame:
    """Counts of (gold label, coded label): rows gold, columns coded, every label shown."""
    table = pd.crosstab(
        pd.Categorical(gold, categories=labels), pd.Categorical(coded, categories=labels), dropna=False
    )
    table.index.name, table.columns.name = "gold", "coded"
    return table.reindex(index=labels, columns=labels, fill_value=0)


def cohen_kappa(gold: pd.Series, coded: pd.Series, labels: list[str]) -> float:
    """Cohen's kappa: agreement beyond what the two codings' label shares give by chance.

    ``(p_o − p_e) / (1 − p_e)``, where ``p_o`` is the observed agreement and ``p_e`` the sum
    over labels of the product of the two codings' shares. NA when there are no items or
    when chance agreement is 1 (both codings use a single, identical label).

    Example:
        >>> g = pd.Series(["met", "met", "not_met", "not_met"])
        >>> round(cohen_kappa(g, pd.Series(["met", "not_met", "not_met", "not_met"]), ["met", "not_met"]), 3)
        0.5
    """
    n = len(gold)
    if n == 0:
        return float("nan")
    table = confusion(gold, coded, labels).to_numpy()
    observed = table.trace() / n
    expected = float((table.sum(axis=1) / n) @ (table.sum(axis=0) / n))
    if expected == 1:
        return float("nan")
    return float((observed - expected) / (1 - expected))
