"""One reader for the coders' rules files (figures, criteria, follow-through): YAML with line numbers.

Each coder keeps its rules as data (``analysis/data/*_rules.yml``) and declares which top-level
keys its file may hold; this module reads the file, refuses keys it does not know, and remembers
the line of every mapping key so a coder can refuse a bad entry with ``file:line`` and a reason.

Example:
    >>> import tempfile, pathlib
    >>> path = pathlib.Path(tempfile.mkdtemp()) / "demo_rules.yml"
    >>> _ = path.write_text("nouns:\\n  victim: [victims]\\n")
    >>> doc = read_rules(path, {"nouns": "what a figure counts"})
    >>> doc["nouns"]["victim"], doc.where(doc["nouns"], "victim")
    (['victims'], 'demo_rules.yml:2')
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping
from pathlib import Path

import yaml


class RulesFileError(ValueError):
    """A rules file that cannot be used: names the file, the line and what would be accepted."""


class _Located(dict):
    """A mapping of a rules file that remembers the line of each of its keys (1-based)."""

    lines: dict

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.lines = {}
        self.line = 0


class _Loader(yaml.SafeLoader):
    def construct_mapping(self, node, deep=False):
        mapping = _Located(super().construct_mapping(node, deep=True))
        mapping.line = node.start_mark.line + 1
        for key_node, _ in node.value:
            mapping.lines[self.construct_object(key_node, deep=True)] = key_node.start_mark.line + 1
        return mapping


_Loader.add_constructor(yaml.resolver.BaseResolver.DEFAULT_MAPPING_TAG, _Loader.construct_mapping)


class RuleDoc(dict):
    """A rules file's top-level mapping, with :meth:`where` and :meth:`error` for messages."""

    def __init__(self, path: Path, data: Mapping):
        super().__init__(data)
        self.path = Path(path)
        self._top = data

    def where(self, mapping: Mapping | None = None, key=None) -> str:
        """``file:line`` of ``key`` in ``mapping`` (a mapping read from this file), or of the mapping."""
        mapping = self._top if mapping is None else mapping
        line = getattr(mapping, "lines", {}).get(key) if key is not None else None
        line = line or getattr(mapping, "line", 0)
        return f"{self.path.name}:{line}" if line else self.path.name

    def error(self, mapping: Mapping | None, key, message: str) -> RulesFileError:
        """An error naming the place of ``key`` in ``mapping``: raise what this returns."""
        return RulesFileError(f"{self.where(mapping, key)}: {message}")

    def check_keys(self, mapping: Mapping, allowed: Iterable[str], what: str) -> None:
        """Refuse any key of ``mapping`` outside ``allowed``, naming its line and the accepted keys."""
        allowed = list(allowed)
        for key in mapping:
            if key not in allowed:
                raise self.error(mapping, key, f"unknown {what} {key!r}; accepted: {', '.join(allowed)}")

    def check_values(self, mapping: Mapping, key, value, accepted: Iterable[str], what: str) -> None:
        """Refuse ``value`` (found under ``key`` of ``mapping``) unless it is one of ``accepted``."""
        accepted = sorted(set(accepted))
        if value not in accepted:
            raise self.error(mapping, key, f"unknown {what} {value!r}; accepted: {', '.join(accepted)}")


def read_rules(path: Path, keys: Mapping[str, str], required: Iterable[str] | None = None) -> RuleDoc:
    """Read a rules file whose top level may hold only ``keys`` (name → what it holds).

    Args:
        path: the YAML file.
        keys: the top-level keys the coder reads, with a short description for the error.
        required: keys that must be present (default: all of ``keys``).

    Raises:
        RulesFileError: the file is missing or not YAML, its top level is not a mapping, or a
            top-level key is unknown or missing (``file:line: unknown key …; accepted: …``).
    """
    path = Path(path)
    try:
        # _Loader is a SafeLoader that keeps line numbers
        data = yaml.load(path.read_text(encoding="utf-8"), Loader=_Loader)
    except OSError as error:
        raise RulesFileError(f"{path}: cannot read the rules file ({error.strerror})") from None
    except yaml.YAMLError as error:
        raise RulesFileError(f"{path.name}: not valid YAML: {error}") from None
    if not isinstance(data, Mapping):
        raise RulesFileError(f"{path.name}: the top level must be a mapping of {', '.join(keys)}")
    doc = RuleDoc(path, data)
    doc.check_keys(data, keys, "key")
    for key in keys if required is None else required:
        if key not in data:
            raise RulesFileError(f"{path.name}: missing key {key!r} ({keys[key]})")
    return doc


def alternatives(patterns: Iterable[str]) -> str:
    """Patterns joined as one group of alternatives, each kept whole: ``(?:a)|(?:b)``."""
    return "|".join(f"(?:{p})" for p in patterns)


def compile_pattern(doc: RuleDoc, mapping: Mapping, key, pattern: str, flags: int = 0) -> re.Pattern[str]:
    """Compile a pattern of the file, refusing one that does not compile with its line."""
    try:
        return re.compile(pattern, flags)
    except re.error as error:
        raise doc.error(mapping, key, f"pattern {pattern!r} does not compile: {error}") from None
