"""Reading tocsin's YAML dictionaries (package data or user files) with errors that name file and line."""

from __future__ import annotations

from typing import Any

import yaml

from .errors import DictionaryError


def load_yaml(where: str, text: str) -> Any:
    """Parse YAML text; a syntax error becomes a DictionaryError naming ``where`` and the line."""
    try:
        return yaml.safe_load(text)
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        line = mark.line + 1 if mark is not None else None
        raise DictionaryError(f"invalid YAML: {getattr(exc, 'problem', exc)}", path=where, line=line) from exc
