"""The package's shape: layers import in one direction, and every module has tests.

Layers (README, "Layout"): panel → measures → presentation → runs. A module imports only from
its own layer or the layers before it, so that, for example, writing a sentence never needs
the report runner and computing a ratio never needs matplotlib.
"""

import ast
import re
from pathlib import Path

import pytest

from analysis.paths import PACKAGE_DIR, ROOT

LAYERS = {
    "panel": [
        "paths",
        "atomic",
        "countries",
        "rawio",
        "registry",
        "schema",
        "caveats",
        "checks",
        "sources",
        "panel",
        "build",
        "series",
    ],
    "measures": ["enforcement", "protection", "tiers", "uptake", "extract"],
    "presentation": [
        "plots",
        "report",
        "report.section",
        "report.headline",
        "report.text",
        "report.country",
        "report.global_",
        "report.compare",
        "report.footer",
        "report.notebook",
    ],
    "runs": ["report.run", "report.params", "report.folders", "report.worker", "cli", "__main__"],
}
ORDER = list(LAYERS)


def module_names() -> list[str]:
    names = []
    for path in sorted(PACKAGE_DIR.rglob("*.py")):
        parts = path.relative_to(PACKAGE_DIR).with_suffix("").parts
        if parts[-1] == "__init__":
            parts = parts[:-1]
        if parts:
            names.append(".".join(parts))
    return names


def layer_of(module: str) -> str:
    best, length = None, -1
    for layer, prefixes in LAYERS.items():
        for prefix in prefixes:
            if (module == prefix or module.startswith(prefix + ".")) and len(prefix) > length:
                best, length = layer, len(prefix)
    assert best is not None, f"analysis.{module} belongs to no layer: add it to LAYERS and the README"
    return best


def imports_of(module: str) -> set[str]:
    path = PACKAGE_DIR / (module.replace(".", "/") + ".py")
    if not path.exists():
        path = PACKAGE_DIR / module.replace(".", "/") / "__init__.py"
    found = set()
    for node in ast.walk(ast.parse(path.read_text())):
        if isinstance(node, ast.ImportFrom) and node.module and node.module.startswith("analysis"):
            base = node.module.removeprefix("analysis").lstrip(".")
            for alias in node.names:
                candidate = f"{base}.{alias.name}".lstrip(".")
                found.add(candidate if candidate in module_names() else base)
        elif isinstance(node, ast.Import):
            found |= {a.name.removeprefix("analysis.") for a in node.names if a.name.startswith("analysis.")}
    return {name for name in found if name}


@pytest.mark.parametrize("module", module_names())
def test_a_module_imports_only_from_its_layer_or_earlier_ones(module):
    own = ORDER.index(layer_of(module))
    later = {name: layer_of(name) for name in imports_of(module) if ORDER.index(layer_of(name)) > own}
    assert not later, f"analysis.{module} ({layer_of(module)}) imports later layers: {later}"


def test_the_import_graph_has_no_circle():
    """No module reaches itself through its imports, at module level or inside a function
    (report/params.py and report/run.py imported each other through a lazy import)."""
    modules = module_names()
    graph = {m: {i for i in imports_of(m) if i in modules and i != m} for m in modules}
    state: dict[str, int] = {}  # 1: on the current path, 2: done
    path: list[str] = []

    def visit(module: str) -> list[str] | None:
        state[module] = 1
        path.append(module)
        for target in sorted(graph[module]):
            if state.get(target) == 1:
                return [*path[path.index(target) :], target]
            if target not in state and (circle := visit(target)):
                return circle
        path.pop()
        state[module] = 2
        return None

    for module in modules:
        if module not in state:
            circle = visit(module)
            assert circle is None, " → ".join(f"analysis.{m}" for m in circle)


def test_the_panel_layer_imports_only_what_is_listed_before_it():
    """Within the panel layer the order of LAYERS is the order of dependence: the schema read the
    sources registry from sources/, whose readers import the schema (an arrow upward)."""
    order = LAYERS["panel"]

    def rank(module: str) -> int:
        return max(i for i, prefix in enumerate(order) if module == prefix or module.startswith(prefix + "."))

    for module in [m for m in module_names() if layer_of(m) == "panel"]:
        later = [
            name
            for name in imports_of(module)
            if layer_of(name) == "panel"
            and rank(name) > rank(module)
            and not name.startswith(module.split(".")[0] + ".")  # a package's own modules
        ]
        assert not later, f"analysis.{module} imports {later}, listed after it in the panel layer"


#: the longest a module and a function of the package may be (lines, docstrings included): past
#: them a reader loses the thread; split by what the parts compute (README, "Layout")
MAX_MODULE_LINES = 600
MAX_FUNCTION_LINES = 80


def test_no_module_or_function_is_longer_than_a_reader_can_follow():
    too_long = []
    for path in sorted(PACKAGE_DIR.rglob("*.py")):
        source = path.read_text(encoding="utf-8")
        name = path.relative_to(ROOT)
        if source.count("\n") > MAX_MODULE_LINES:
            too_long.append(f"{name}: {source.count(chr(10))} lines (module)")
        for node in ast.walk(ast.parse(source)):
            if isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef)):
                lines = node.end_lineno - node.lineno + 1
                if lines > MAX_FUNCTION_LINES:
                    too_long.append(f"{name}:{node.lineno} {node.name}: {lines} lines")
    assert not too_long, "split these by what their parts compute:\n" + "\n".join(too_long)


def test_every_module_has_tests():
    tests = "\n".join(p.read_text() for p in (ROOT / "tests").rglob("test_*.py"))
    untested = []
    for module in module_names():
        if module in ("__main__",):
            continue
        dotted, parent, leaf = f"analysis.{module}", *f"analysis.{module}".rsplit(".", 1)
        imported = rf"from {re.escape(parent)} import (?:\([^)]*|[^\n]*)\b{re.escape(leaf)}\b"
        pattern = rf"\b{re.escape(dotted)}\b|{imported}"
        if not re.search(pattern, tests):
            untested.append(module)
    assert not untested, f"modules no test imports: {untested}"


def test_the_readme_layout_map_names_every_module():
    readme = (ROOT / "README.md").read_text()
    layout = readme[readme.index("## Layout") :]
    missing = []
    for path in sorted(PACKAGE_DIR.rglob("*.py")):
        relative = path.relative_to(PACKAGE_DIR)
        if relative.name == "__init__.py" and relative.parent != Path("."):
            name = f"{relative.parent.name}/"
        elif relative.name in ("__init__.py", "__main__.py"):
            continue
        else:
            name = relative.name
        if name not in layout:
            missing.append(str(relative))
    assert not missing, f"README layout map lacks {missing}"


def test_the_readme_states_the_size_limit_ingest_applies():
    """The README's limit on one file is the code's (it once said 20 MB while ingest took 40)."""
    from analysis.extract.text.ingest import MAX_BYTES

    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    limits = set(re.findall(r"larger than (\d+) MB", readme))
    assert limits == {str(MAX_BYTES // 1024 // 1024)}, limits
