"""The README's catalogue of bad inputs, executed: each command's exit status and one-line message.

The table between ``<!-- catalogue`` and ``<!-- /catalogue -->`` in README.md is the test data, so
the catalogue users read is the one that runs. Placeholders: ``{file}`` an ordinary file,
``{empty}`` an empty folder, ``{raw:<how>}`` a copy of data/raw broken as named,
``{processed:mismatch}`` a processed folder whose facts.csv does not match its manifest.
"""

import hashlib
import json
import re
import shlex
import shutil

import pytest

from analysis.cli import main
from analysis.paths import PROCESSED_DIR, RAW_DIR, ROOT


def catalogue() -> list[tuple[str, int, str]]:
    readme = (ROOT / "README.md").read_text()
    table = readme[readme.index("<!-- catalogue") : readme.index("<!-- /catalogue -->")]
    rows = []
    for line in table.splitlines():
        match = re.match(r"^\| `(.+)` \| (\d+) \| (.+) \|$", line)
        if match:
            message = match.group(3).replace("\\|", "|")  # a | in a table cell is written \\|
            rows.append((match.group(1), int(match.group(2)), message))
    return rows


CASES = catalogue()


def _raw(tmp_path, how: str):
    raw = tmp_path / f"raw-{how}"
    shutil.copytree(RAW_DIR, raw)
    facts = raw / "tip_narratives" / "facts.csv"
    if how == "bad-yaml":
        (raw / "cho_3p" / "SOURCE.yml").write_text("id: cho_3p\ntitle: [unclosed\nlicence: MIT\n")
    elif how == "duplicate":
        text = facts.read_text()
        facts.write_text(text + text.splitlines()[1] + "\n")
    elif how == "negative":
        facts.write_text(facts.read_text().replace(",total,15,", ",total,-15,", 1))
    elif how in ("criterion", "status", "duplicate-code"):
        name = "criteria.csv" if how == "criterion" else "criteria_extracted.csv"
        codes = raw / "tip_narratives" / name
        lines = codes.read_text().splitlines()
        if how == "criterion":
            lines[3] = lines[3].replace("specialized_services", "special_services")
        elif how == "status":
            lines[3] = lines[3].replace(",partial,", ",halfway,", 1)
        else:
            lines.append(lines[2])
        codes.write_text("\n".join(lines) + "\n")
    return raw


def _mismatch(tmp_path):
    folder = tmp_path / "processed"
    shutil.copytree(PROCESSED_DIR, folder)
    manifest = json.loads((folder / "manifest.json").read_text())
    manifest["files"]["facts.csv"] = hashlib.sha256(b"another build").hexdigest()
    (folder / "manifest.json").write_text(json.dumps(manifest))
    return folder


def _fill(command: str, tmp_path) -> list[str]:
    (tmp_path / "a_file.txt").write_text("not a folder\n")
    (tmp_path / "empty").mkdir(exist_ok=True)
    places = {"{file}": str(tmp_path / "a_file.txt"), "{empty}": str(tmp_path / "empty")}
    for how in ("bad-yaml", "duplicate", "negative", "criterion", "status", "duplicate-code"):
        if f"{{raw:{how}}}" in command:
            places[f"{{raw:{how}}}"] = str(_raw(tmp_path, how))
    if "{processed:mismatch}" in command:
        places["{processed:mismatch}"] = str(_mismatch(tmp_path))
    for key, value in places.items():
        command = command.replace(key, value)
    return shlex.split(command)


def test_the_catalogue_is_there():
    assert len(CASES) >= 50


@pytest.mark.parametrize(("command", "code", "message"), CASES, ids=[c for c, _, _ in CASES])
def test_bad_input(command, code, message, tmp_path, capsys, monkeypatch):
    monkeypatch.chdir(tmp_path)  # nothing a case writes lands in the repository
    reports = ROOT / "reports"
    before = sorted(reports.iterdir()) if reports.is_dir() else []
    argv = _fill(command, tmp_path)
    try:
        status = main(argv)
    except SystemExit as exit_:  # argparse's own usage errors
        status = exit_.code
    err = capsys.readouterr().err
    assert status == code, err
    assert message in err, err
    assert "Traceback" not in err
    assert len(err.strip().splitlines()) == 1 or err.startswith("usage:"), (
        err
    )  # one line (argparse adds usage)
    assert not [p for p in tmp_path.iterdir() if p.name.startswith("20")]  # no run folder was made ...
    assert (sorted(reports.iterdir()) if reports.is_dir() else []) == before  # ... here or in reports/
