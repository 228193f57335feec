"""Recommendation uptake counts (analysis.uptake)."""

import pandas as pd

from analysis.uptake import PAIR_COLUMNS, uptake_by_pair, uptake_by_theme


def _items(rows: list[tuple[int, str, str]], iso3: str = "GHA") -> pd.DataFrame:
    frame = pd.DataFrame(
        [
            {
                "country": "Ghana",
                "iso3": iso3,
                "year_from": year,
                "year_to": year + 1,
                "item_no": i + 1,
                "theme": theme,
                "status": status,
            }
            for i, (year, theme, status) in enumerate(rows)
        ]
    )
    return frame.astype({"year_from": "Int64", "year_to": "Int64", "item_no": "Int64"})


def test_counts_per_pair_keep_unclear_apart_from_not_acted():
    table = _items(
        [(2020, "funding", "not_acted"), (2020, "training", "unclear"), (2021, "funding", "acted")]
    )
    pairs = uptake_by_pair(table)
    assert list(pairs.columns) == PAIR_COLUMNS
    assert pairs[["year_from", "acted", "not_acted", "unclear", "items"]].values.tolist() == [
        [2020, 0, 1, 1, 2],
        [2021, 1, 0, 0, 1],
    ]


def test_themes_most_often_unacted_come_first_and_silence_is_not_counted_as_failure():
    table = _items(
        [
            (2020, "funding", "not_acted"),
            (2020, "funding", "not_acted"),
            (2020, "funding", "acted"),
            (2020, "legislation", "not_acted"),
            (2020, "training", "unclear"),
        ]
    )
    themes = uptake_by_theme(table).set_index("theme")
    assert list(themes.index) == ["funding", "legislation", "training"]
    assert themes.loc["funding", "share_not_acted"] == 2 / 3
    assert pd.isna(themes.loc["training", "share_not_acted"])  # the next edition said nothing
