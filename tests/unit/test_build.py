"""A bad raw file is refused with its file and line, and never half-writes the processed panel."""

import gzip
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from analysis.build import build
from analysis.paths import PROCESSED_DIR, ROOT
from analysis.rawio import RawDataError
from analysis.schema import SchemaError


def _snapshot(folder: Path) -> dict[str, bytes]:
    return {p.name: p.read_bytes() for p in sorted(folder.iterdir()) if p.is_file()}


def _edit_line(path: Path, line: int, old: str, new: str) -> None:
    opener = gzip.open if path.suffix == ".gz" else open
    with opener(path, "rt", encoding="utf-8", newline="") as handle:
        lines = handle.read().split("\n")
    assert old in lines[line - 1], lines[line - 1]
    lines[line - 1] = lines[line - 1].replace(old, new, 1)
    with opener(path, "wt", encoding="utf-8", newline="") as handle:
        handle.write("\n".join(lines))


def _line_of(path: Path, needle: str) -> int:
    opener = gzip.open if path.suffix == ".gz" else open
    with opener(path, "rt", encoding="utf-8") as handle:
        for number, text in enumerate(handle, start=1):
            if needle in text:
                return number
    raise AssertionError(needle)


def _break_narrative_value(raw: Path):
    path = raw / "tip_narratives" / "facts.csv"
    line = _line_of(path, "Peru,2008,2007,prosecution,prosecutions,all,total,15,")
    _edit_line(path, line, ",total,15,", ",total,-15,")
    return SchemaError, f"tip_narratives/facts.csv, line {line}", "negative count"


def _break_unodc_value(raw: Path):
    path = raw / "unodc_glotip" / "data_glotip_2023-05-30.csv.gz"
    line = _line_of(
        path,
        "PER,Peru,Americas,Latin America and the Caribbean,Persons convicted,Total,Total,Total,Total,2007",
    )
    _edit_line(path, line, ",123,GLOTIP", ",-123,GLOTIP")
    return SchemaError, f"data_glotip_2023-05-30.csv.gz, line {line}", "negative count"


def _break_narrative_indicator(raw: Path):
    path = raw / "tip_narratives" / "facts.csv"
    line = _line_of(path, "Peru,2008,2006,prosecution,prosecutions,")
    _edit_line(path, line, ",prosecutions,", ",prosecutionz,")
    return SchemaError, f"tip_narratives/facts.csv, line {line}", "unknown indicator 'prosecutionz'"


def _break_unodc_indicator(raw: Path):
    path = raw / "unodc_glotip" / "data_glotip_2023-05-30.csv.gz"
    line = _line_of(path, ",Persons prosecuted,Total,")
    _edit_line(path, line, ",Persons prosecuted,", ",Persons admonished,")
    return (
        RawDataError,
        f"data_glotip_2023-05-30.csv.gz, line {line}",
        "unknown indicator 'Persons admonished'",
    )


def _truncate_csv(raw: Path):
    path = raw / "tip_global" / "table_all_sources.csv"
    data = path.read_bytes()
    path.write_bytes(data[: len(data) // 2])  # cut mid-row: the last row is short
    return RawDataError, "tip_global/table_all_sources.csv, line", "truncated"


def _truncate_gzip(raw: Path):
    path = raw / "unodc_glotip" / "data_glotip_2023-05-30.csv.gz"
    data = path.read_bytes()
    path.write_bytes(data[: len(data) // 2])
    return RawDataError, "data_glotip_2023-05-30.csv.gz", "truncated"


def _truncate_mid_field(raw: Path):
    path = raw / "tip_narratives" / "facts.csv"
    text = path.read_text(encoding="utf-8")
    path.write_text(text[: text.rindex("\n", 0, len(text) - 1) + 30], encoding="utf-8")
    return RawDataError, "tip_narratives/facts.csv, line", "truncated"


def _duplicate_narrative_row(raw: Path):
    """A duplicated row in a raw facts file was accepted: facts.csv gained a row."""
    path = raw / "tip_narratives" / "facts.csv"
    line = _line_of(path, "Peru,2008,2007,prosecution,prosecutions,all,total,15,")
    text = path.read_text(encoding="utf-8")
    path.write_text(text + text.split("\n")[line - 1] + "\n", encoding="utf-8")
    copy = text.count("\n") + 1
    return RawDataError, f"tip_narratives/facts.csv, lines {line} and {copy}", "the same fact twice"


def _invalid_source_yml(raw: Path):
    path = raw / "cho_3p" / "SOURCE.yml"
    path.write_text("id: cho_3p\ntitle: [unclosed\nlicence: MIT\n", encoding="utf-8")
    return RawDataError, "cho_3p/SOURCE.yml, line", "not valid YAML"


@pytest.mark.parametrize(
    "breaker",
    [
        _duplicate_narrative_row,
        _invalid_source_yml,
        _break_narrative_value,
        _break_unodc_value,
        _break_narrative_indicator,
        _break_unodc_indicator,
        _truncate_csv,
        _truncate_gzip,
        _truncate_mid_field,
    ],
)
def test_bad_raw_file_names_file_and_line_and_leaves_processed_intact(raw_copy, tmp_path, breaker):
    out = tmp_path / "processed"
    shutil.copytree(PROCESSED_DIR, out)
    before = _snapshot(out)
    error, where, what = breaker(raw_copy)
    with pytest.raises(error) as info:
        build(raw_copy, out)
    assert where in str(info.value)
    assert what in str(info.value)
    assert _snapshot(out) == before
    assert not [p for p in out.iterdir() if p.name.endswith(".tmp")]


def test_cli_build_error_is_one_line_without_traceback(raw_copy, tmp_path):
    _break_narrative_value(raw_copy)
    out = tmp_path / "out"
    result = subprocess.run(
        [sys.executable, "-m", "analysis", "build-data", "--raw", str(raw_copy), "--out", str(out)],
        capture_output=True,
        text=True,
        cwd=ROOT,
    )
    assert result.returncode == 1
    assert "Traceback" not in result.stderr
    assert "negative count" in result.stderr and "line" in result.stderr
    assert not out.exists() or not list(out.iterdir())


def test_an_out_folder_that_is_a_file_unwritable_or_full_is_one_line(raw_copy, tmp_path, monkeypatch):
    import errno

    from analysis import atomic
    from analysis.build import BuildOutputError

    a_file = tmp_path / "processed"
    a_file.write_text("not a folder")
    with pytest.raises(BuildOutputError, match="is a file, not a folder"):
        build(raw_copy, a_file)
    out = tmp_path / "out"
    with monkeypatch.context() as patch:
        patch.setattr("analysis.build.os.access", lambda path, mode: False)  # root ignores permissions
        with pytest.raises(BuildOutputError, match="is not writable"):
            build(raw_copy, out)

    def full(*args, **kwargs):
        raise OSError(errno.ENOSPC, "No space left on device")

    monkeypatch.setattr(atomic.os, "fsync", full)
    with pytest.raises(BuildOutputError, match="No space left on device"):
        build(raw_copy, out)
    assert not out.exists() or not list(out.iterdir())  # nothing half-written, no stray .tmp
