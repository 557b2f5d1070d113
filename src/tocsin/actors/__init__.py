"""Actor dictionary and resolution: from a noun phrase in a parsed sentence to a coded ``Actor``.

The dictionary (package data ``actors.yaml`` + ``agents.yaml``, plus user files) knows countries with their
names, demonyms and seats of government, organisations, and people whose roles carry date ranges, so the
same name codes differently by date (Poroshenko is UKRGOV in 2018, UKROPP in 2020). Agents are sector nouns
("troops" -> MIL). Resolution combines them inside one phrase: "Russian troops" -> RUSMIL, "the defence
ministry in Moscow" -> RUSGOV, "a delegation of American senators" -> USALEG.

``dictionary`` holds the entries and their loading, ``resolver`` the per-article resolution.
"""

from __future__ import annotations

# The private names are the loader's parts that the PETRARCH importer, the compiled-dictionary cache and the
# dictionary checker reuse.
from .dictionary import (
    NON_STATE_PREFIXES,
    ActorDictionary,
    Entry,
    EntryKind,
    Mention,
    Role,
    _entries,
    _parse_date,
    _read_yaml,
    load_dictionary,
)
from .resolver import ArticleContext, Resolver

__all__ = [
    "NON_STATE_PREFIXES",
    "ActorDictionary",
    "ArticleContext",
    "Entry",
    "EntryKind",
    "Mention",
    "Resolver",
    "Role",
    "_entries",
    "_parse_date",
    "_read_yaml",
    "load_dictionary",
]
