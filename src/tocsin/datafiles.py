"""Reading tocsin's YAML dictionaries (package data or user files) with errors that name file and line."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import yaml

from .errors import DictionaryError

# libyaml parses the large imported dictionaries several times faster; the results are the same.
_BaseLoader: Any = getattr(yaml, "CSafeLoader", yaml.SafeLoader)


class LineDict(dict[Any, Any]):
    """A YAML mapping that remembers its own first line and the line of each key (1-based)."""

    line: int = 0
    key_lines: dict[Any, int]

    def line_of(self, key: Any) -> int:
        lines: dict[Any, int] = getattr(self, "key_lines", {})
        return lines.get(key, self.line)


class LineList(list[Any]):
    """A YAML sequence that remembers its own first line and the line of each item (1-based)."""

    line: int = 0
    item_lines: list[int]

    def line_of(self, index: int) -> int:
        lines = getattr(self, "item_lines", [])
        return lines[index] if 0 <= index < len(lines) else self.line


class _LineLoader(_BaseLoader):  # type: ignore[misc]
    pass


def _mapping(loader: Any, node: yaml.MappingNode) -> Iterator[LineDict]:
    data = LineDict()
    data.line = node.start_mark.line + 1
    yield data
    data.update(loader.construct_mapping(node))
    data.key_lines = {loader.construct_object(key): key.start_mark.line + 1
                      for key, _ in node.value if isinstance(key, yaml.ScalarNode)}


def _sequence(loader: Any, node: yaml.SequenceNode) -> Iterator[LineList]:
    data = LineList()
    data.line = node.start_mark.line + 1
    data.item_lines = [item.start_mark.line + 1 for item in node.value]
    yield data
    data.extend(loader.construct_sequence(node))


def _timestamp(loader: Any, node: yaml.ScalarNode) -> Any:
    # an impossible date (2021-02-30) stays text, so validation can name its line instead of a traceback
    try:
        return loader.construct_yaml_timestamp(node)
    except ValueError:
        return loader.construct_scalar(node)


_LineLoader.add_constructor("tag:yaml.org,2002:map", _mapping)
_LineLoader.add_constructor("tag:yaml.org,2002:timestamp", _timestamp)
_LineLoader.add_constructor("tag:yaml.org,2002:seq", _sequence)


def load_yaml(where: str, text: str) -> Any:
    """Parse YAML text; a syntax error becomes a DictionaryError naming ``where`` and the line.

    Mappings and sequences come back as ``LineDict``/``LineList`` (plain dict/list subclasses) so that
    validation can name the line of a bad entry.
    """
    try:
        return yaml.load(text, Loader=_LineLoader)  # a SafeLoader subclass: no arbitrary objects
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        line = mark.line + 1 if mark is not None else None
        raise DictionaryError(f"invalid YAML: {getattr(exc, 'problem', exc)}", path=where, line=line) from exc
