"""environment.yml (conda users) and pyproject.toml list the same dependencies."""

import re
import tomllib

import yaml

from analysis.paths import ROOT


def _spec(requirement: str) -> tuple[str, str]:
    match = re.match(r"^\s*([A-Za-z0-9_.\-]+)\s*(.*)$", requirement)
    name, version = match.group(1), match.group(2).replace(" ", "")
    return name.lower().replace("_", "-"), version


def test_environment_yml_agrees_with_pyproject():
    project = tomllib.loads((ROOT / "pyproject.toml").read_text())["project"]
    wanted = {_spec(r) for r in project["dependencies"]}
    wanted |= {_spec(r) for r in project["optional-dependencies"]["dev"]}
    env = yaml.safe_load((ROOT / "environment.yml").read_text())
    listed = {_spec(d) for d in env["dependencies"] if isinstance(d, str)}
    listed = {(name, version) for name, version in listed if name not in {"python", "pip"}}
    assert listed == wanted, {
        "only in environment.yml": listed - wanted,
        "only in pyproject.toml": wanted - listed,
    }
    python = [d for d in env["dependencies"] if isinstance(d, str) and d.startswith("python")]
    assert python == ["python=3.11"]


def test_lock_pins_every_dependency_exactly():
    lock = (ROOT / "requirements.lock").read_text().splitlines()
    pinned = {line.split("==")[0].lower().replace("_", "-") for line in lock if "==" in line}
    project = tomllib.loads((ROOT / "pyproject.toml").read_text())["project"]
    needed = {_spec(r)[0] for r in project["dependencies"] + project["optional-dependencies"]["dev"]}
    assert needed <= pinned, needed - pinned
    assert all("==" in line for line in lock if line and not line.startswith("#"))
