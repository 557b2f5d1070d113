"""One exception tree for everything tocsin raises on purpose.

Every error a user can cause carries where it happened (file, line, field) so the CLI can print
one clear line instead of a traceback.
"""

from __future__ import annotations


class TocsinError(Exception):
    """Base class: catch this to handle any error tocsin raises deliberately."""

    def __init__(self, message: str, *, path: str | None = None, line: int | None = None,
                 field: str | None = None) -> None:
        super().__init__(message)
        self.message = message
        self.path = path
        self.line = line
        self.field = field

    def __str__(self) -> str:
        where = ""
        if self.path is not None:
            where = self.path
            if self.line is not None:
                where += f":{self.line}"
            where += ": "
        what = f"field {self.field!r}: " if self.field else ""
        return f"{where}{what}{self.message}"


class InputError(TocsinError):
    """An input file or record cannot be read as an article (bad format, date, encoding, size)."""


class DictionaryError(TocsinError):
    """An actor, verb or place dictionary is malformed (unknown CAMEO code, bad date range...)."""


class StoreError(TocsinError):
    """The event store cannot be opened, migrated or written."""


class ModelError(TocsinError):
    """The spaCy language model is missing or unusable."""
