"""Agreement between two codings of the same items: share agreeing, confusion matrix, kappa.

Used to score the criteria coder (and any coder with a closed set of labels) against hand
codes. Pure functions over two aligned Series of labels.
"""

from __future__ import annotations

import pandas as pd


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
