"""Report parameters: each notebook's typed schema, checked before any kernel starts.

:data:`SCHEMAS` documents every notebook parameter (type, default, help); the notebooks'
parameters cells carry the same names and defaults (a test compares them with
``papermill.inspect_notebook``). :func:`validate_parameters` checks a parameter set with a
pandera schema over a one-row frame and turns the first failure into one line a user can act
on; :func:`check_figures_dir` makes sure figures can be written before anything runs.
"""

from __future__ import annotations

import os
from dataclasses import dataclass
from pathlib import Path

from analysis.paths import NOTEBOOKS_DIR, ROOT

#: the story notebooks, by name (``notebooks/<name>.ipynb``)
NOTEBOOKS = ("country_report", "global_overview", "compare_countries")


class ParameterError(ValueError):
    """Parameters that do not fit a notebook's schema (raised before any kernel starts)."""


def notebook_path(notebook: str) -> Path:
    """Absolute path of a story notebook by name."""
    if notebook not in NOTEBOOKS:
        raise ParameterError(f"unknown notebook {notebook!r}; accepted: {', '.join(NOTEBOOKS)}")
    return NOTEBOOKS_DIR / f"{notebook}.ipynb"


FIGURE_FORMATS = ("png", "svg", "pdf")


# --- parameter schemas --------------------------------------------------------------------------


@dataclass(frozen=True)
class Param:
    """One notebook parameter: accepted types, default, and what it means.

    ``choices`` names the allowed items of a list parameter (``"sources"``: the registry's
    fact sources; ``"formats"``: :data:`FIGURE_FORMATS`).
    """

    types: tuple[type, ...]
    default: object
    help: str
    items: type | None = None  # element type of a list parameter
    choices: str | None = None

    def accepts(self, value) -> bool:
        """True when ``value`` has one of the accepted types (a bool is not an int here)."""
        if isinstance(value, bool) and bool not in self.types:
            return False
        return isinstance(value, self.types)

    def type_name(self) -> str:
        names = [t.__name__ if t is not type(None) else "None" for t in self.types]
        if self.items is not None:
            names = [f"list of {self.items.__name__}" if n == "list" else n for n in names]
        return " or ".join(names)


def _choices(name: str | None) -> tuple[str, ...]:
    if name == "sources":
        from analysis.schema import SOURCES

        return SOURCES
    return FIGURE_FORMATS if name == "formats" else ()


def parameter_schema(notebook: str):
    """The notebook's parameters as a pandera schema over a one-row frame (one column each).

    Checks, in order: no unknown key (strict); each value's type; the items of a list
    parameter (type, then allowed values); ``first_year <= last_year``.
    """
    import pandera.pandas as pa

    columns = {}
    for key, param in SCHEMAS[notebook].items():
        checks = [pa.Check(param.accepts, element_wise=True, name="type")]
        if param.items is not None:
            checks.append(
                pa.Check(
                    lambda v, p=param: not isinstance(v, list) or all(isinstance(i, p.items) for i in v),
                    element_wise=True,
                    name="items",
                )
            )
        if param.choices:
            allowed = _choices(param.choices)
            checks.append(
                pa.Check(
                    lambda v, a=allowed: not isinstance(v, list) or all(i in a for i in v),
                    element_wise=True,
                    name="choices",
                )
            )
        columns[key] = pa.Column(object, checks, nullable=type(None) in param.types, required=False)

    def ordered(frame):
        if not {"first_year", "last_year"} <= set(frame):
            return True
        first, last = frame["first_year"].iloc[0], frame["last_year"].iloc[0]
        return not (isinstance(first, int) and isinstance(last, int) and first > last)

    return pa.DataFrameSchema(columns, checks=[pa.Check(ordered, name="year_order")], strict=True)


def _parameter_message(notebook: str, key: str | None, check: str, value, values: dict) -> str:
    schema = SCHEMAS[notebook]
    if check == "column_in_schema":
        unknown = sorted(set(values) - set(schema))
        accepted = ", ".join(f"{k} ({p.type_name()})" for k, p in schema.items())
        return f"unknown parameter(s) {', '.join(unknown)} for {notebook}; accepted: {accepted}"
    if check == "year_order":
        return f"first_year {values['first_year']} is after last_year {values['last_year']}"
    param = schema[key]
    if check in ("type", "not_nullable"):
        shown = f"{value!r}" if isinstance(value, bool) else f"{value!r} ({type(value).__name__})"
        return f"parameter {key!r}: expected {param.type_name()}, got {shown}"
    if check == "items":
        bad = [v for v in value if not isinstance(v, param.items)]
        return f"parameter {key!r}: every item must be {param.items.__name__}; got {bad!r}"
    allowed = _choices(param.choices)
    return (
        f"parameter {key!r}: unknown {[v for v in value if v not in allowed]}; accepted: {', '.join(allowed)}"
    )


NONE = type(None)
#: the parameters every notebook shares: the figures' folder, formats and width
FIGURE_PARAMS = {
    "figures_dir": Param((str,), "figures", "folder for figures (relative to the repository)"),
    "formats": Param((list,), ["png", "svg"], "figure formats: png, svg, pdf", str, "formats"),
    "width": Param((str, int, float), "double", "figure width: single (3.5 in), double (7.2 in) or inches"),
}
#: the years a comparison or the overview covers
WINDOW_PARAMS = {
    "first_year": Param((int, NONE), None, "first data / report year, or None"),
    "last_year": Param((int, NONE), None, "last data / report year, or None"),
}
SCHEMAS: dict[str, dict[str, Param]] = {
    "country_report": {
        "country": Param((str,), "Peru", "country name or ISO3 (any spelling the sources use)"),
        "first_year": Param((int, NONE), None, "first reference / report year, or None"),
        "last_year": Param((int, NONE), None, "last reference / report year, or None"),
        "sources": Param((list,), ["tip_narrative", "unodc_glotip"], "fact sources to use", str, "sources"),
        **FIGURE_PARAMS,
    },
    "compare_countries": {
        "countries": Param(
            (list,),
            ["Peru", "Nigeria", "Colombia"],
            "countries to compare (names or ISO3), at least two",
            str,
        ),
        "region": Param((str, NONE), None, "a region: compare all its countries instead (countries ignored)"),
        "scheme": Param((str,), "tip", "region scheme: tip (TIP Report regions) or unodc"),
        **WINDOW_PARAMS,
        **FIGURE_PARAMS,
    },
    "global_overview": {
        **WINDOW_PARAMS,
        **FIGURE_PARAMS,
    },
}


def validate_parameters(notebook: str, parameters: dict) -> dict:
    """Check parameters against the notebook's schema; return them with defaults filled.

    Raises:
        ParameterError: an unknown key (the message lists the accepted keys), a wrong type,
            an unknown source or figure format, or first_year after last_year.
        UnknownCountryError: an unknown country (with close matches).
    """
    import pandas as pd
    import pandera.pandas as pa

    from analysis.countries import canonical_name

    notebook_path(notebook)
    values = dict(parameters)
    frame = pd.DataFrame({key: pd.Series([value], dtype=object) for key, value in values.items()})
    try:
        parameter_schema(notebook).validate(frame, lazy=True)
    except pa.errors.SchemaErrors as errors:
        cases = errors.failure_cases
        keys = list(SCHEMAS[notebook])
        order = ["column_in_schema", "not_nullable", "type", "items", "choices", "year_order"]
        cases = cases.assign(
            _check=cases["check"].map(lambda c: order.index(c) if c in order else len(order)),
            _key=cases["column"].map(lambda c: keys.index(c) if c in keys else -1),
        ).sort_values(["_check", "_key"], kind="stable")
        first = cases.iloc[0]
        key = first["column"] if first["column"] in SCHEMAS[notebook] else None
        raise ParameterError(
            _parameter_message(notebook, key, first["check"], values.get(key) if key else None, values)
        ) from None
    out = {key: param.default for key, param in SCHEMAS[notebook].items()}
    out.update(values)
    if "formats" in out and not out["formats"]:
        raise ParameterError("parameter 'formats': give at least one of " + ", ".join(FIGURE_FORMATS))
    if "figures_dir" in out:
        check_figures_dir(out["figures_dir"])
    if "width" in out:
        from analysis.plots.theme import parse_width

        try:
            parse_width(out["width"])
        except ValueError as exc:
            raise ParameterError(f"parameter 'width': {exc}") from None
    if "country" in out:
        out["country"] = canonical_name(out["country"])  # UnknownCountryError names close matches
    if notebook == "compare_countries":
        from analysis.report.compare import CompareError, resolve

        try:  # unknown countries (with close matches), an unknown region or scheme, too few
            codes, _ = resolve(None if out["region"] else out["countries"], out["region"], out["scheme"])
        except CompareError as exc:
            raise ParameterError(str(exc)) from None
        if not out["region"]:
            out["countries"] = [canonical_name(code) for code in codes]
    return out


def parse_param(text: str) -> tuple[str, object]:
    """``KEY=VALUE`` with VALUE read as YAML: ``first_year=2010``, ``sources=[unodc_glotip]``."""
    import yaml

    if "=" not in text:
        raise ParameterError(f"--param {text!r}: expected KEY=VALUE")
    key, raw = text.split("=", 1)
    try:
        value = yaml.safe_load(raw) if raw != "" else ""
    except yaml.YAMLError as exc:
        problem = getattr(exc, "problem", None) or "not a YAML value"
        raise ParameterError(
            f"--param {text!r}: cannot read the value ({problem}); "
            "e.g. first_year=2010, sources=[unodc_glotip]"
        ) from exc
    return key.strip(), value


def check_figures_dir(figures_dir: str) -> Path:
    """The folder figures will be written to, checked before any kernel starts.

    A relative folder is taken from the repository root (as :func:`analysis.plots.save_figure`
    does); the command line turns a relative ``--param figures_dir`` into an absolute path from
    the current folder first.

    Raises:
        ParameterError: an empty name, a path that is a file, or a folder that cannot be written.
    """
    if not str(figures_dir).strip():
        raise ParameterError("parameter 'figures_dir': empty; give a folder (e.g. figures or /tmp/figs)")
    path = Path(figures_dir)
    path = path if path.is_absolute() else ROOT / path
    probe = path
    while not probe.exists():
        probe = probe.parent
    if not probe.is_dir():
        raise ParameterError(f"parameter 'figures_dir': {probe} is a file, not a folder")
    if not os.access(probe, os.W_OK | os.X_OK):
        raise ParameterError(f"parameter 'figures_dir': {probe} is not writable")
    return path
