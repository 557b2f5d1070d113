"""Event clusters: every report of one real-world happening, counted once.

GDELT counts reports: 366 articles on one kidnapping are 366 events in its tables. tocsin groups the stored
events that report the same happening into one ``EventCluster`` and keeps each of them as evidence.

Two reports are of the same happening when all of these hold (``ClusterSettings`` holds the numbers):

- **same key**: the dyad (actors at country level, RUSMIL = RUSGOV = RUS, except when both sides are of
  one country, where the sectors tell police from protesters), directed except for codes without a
  direction (consultations, root 04, where "A visited B" and "B hosted A" are one meeting; signing an
  agreement; material cooperation), the CAMEO root, and the modality class: what happened (asserted,
  reported, historical), what may happen (threatened, planned, hypothetical, feared) and what did not happen
  (negated) never share a cluster. The key is computed in SQL (``tocsin.store.clusters.key_sql``).
- **close in time**: the event date (else the report date) lies within ``window_days`` after the cluster's
  first report, or within ``copy_days`` when the sentence is a near copy of the first report's sentence
  (token-set Jaccard >= ``copy_similarity`` over at least ``copy_min_words`` words): wire copies are
  re-run for days with their report date as their only date.
- **not contradicted**: different places (country, admin1 or city, wherever both reports give one), or a
  number of the same kind (killed, troops, ...) more than ``quantity_ratio`` times another.

When several clusters fit, the one whose first sentence is most like the report wins, then the oldest.

Reports are assigned greedily in (date, event id) order, undated ones last; each cluster's state is a
function of its members in that order. So the clusters are a function of the set of stored events, not of
the order they arrived in: ``update_clusters`` assigns only new events when they come after everything of
their key, and otherwise takes every member of that key from the first changed date on out of its cluster
and assigns them again (a late article re-clusters its key's most recent days; a back-fill of an old year
re-clusters its keys from that year on). Deleted or replaced events (an article re-ingested with changed
content) are handled the same way, so running after every batch equals one run over everything.
"""

from __future__ import annotations

import dataclasses
import hashlib
import heapq
import itertools
import json
import re
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from datetime import date
from typing import TYPE_CHECKING, Any, cast

from .models import Event, Modality

if TYPE_CHECKING:
    from .store import Store
    from .store.clusters import MemberInput

# Events fetched, assigned and written per step of an update: the bound on its memory.
CHUNK_EVENTS = 50_000
# Words too common to say whether two sentences report the same thing.
_STOPWORDS = frozenset({
    "a", "an", "the", "of", "in", "on", "at", "to", "for", "from", "by", "with", "and", "or", "but", "as", "is",
    "are", "was", "were", "be", "been", "has", "have", "had", "it", "its", "this", "that", "these", "those", "their",
    "his", "her", "he", "she", "they", "said", "says", "say", "also", "after", "before", "over", "into", "than",
    "then", "there",
})
_WORD = re.compile(r"[^\W_]+")


@dataclass(frozen=True)
class ClusterSettings:
    """When two reports are one happening. Changing any of these re-clusters the whole store once."""

    # Most reports of one happening are dated within a few days of each other (the next day's papers, a
    # weekly round-up's "on Tuesday"); longer would merge daily repeats such as shelling into one.
    window_days: int = 3
    # Wire copies are re-run for up to a week (weekly round-ups) with the report date as their only date;
    # not longer, as formulaic daily reports ("shelled the region overnight") would then merge for weeks.
    copy_days: int = 7
    # 10 shared content words out of 11: a copy with a light edit, not a different report on the same theme.
    copy_similarity: float = 0.9
    # "Russia attacked Ukraine." is too generic to be a copy of anything in particular.
    copy_min_words: int = 6
    # Early tolls grow (5 killed, then 12), so only numbers further apart than this contradict.
    quantity_ratio: float = 3.0

    def __post_init__(self) -> None:
        if self.window_days < 0 or self.copy_days < self.window_days:
            raise ValueError(f"need 0 <= window_days <= copy_days, got {self.window_days} and {self.copy_days}")
        if not 0.0 < self.copy_similarity <= 1.0:
            raise ValueError(f"copy_similarity must be in (0, 1], got {self.copy_similarity}")
        if self.copy_min_words < 1 or self.quantity_ratio < 1.0:
            raise ValueError("copy_min_words must be >= 1 and quantity_ratio >= 1")

    @property
    def horizon_days(self) -> int:
        """How long after its first report a cluster can still take a new one."""
        return max(self.window_days, self.copy_days)

    def to_json(self) -> str:
        return json.dumps(dataclasses.asdict(self), sort_keys=True)


@dataclass(frozen=True)
class EventCluster:
    """One real-world happening and every stored report of it (``event_ids``, in date order).

    ``source``/``target``/``cameo``/``goldstein``/``sentence`` are the representative report's: a report of
    the members' most frequent code, the most factual and confident one. ``modality`` is the most factual
    among all members (asserted before reported before historical ...). ``num_reports`` counts distinct
    sentences in distinct articles (a joint action coded both ways is one report), ``num_events`` the member
    events, ``num_sources`` the distinct article sources (articles without one are not counted).
    ``mutual``: a code without direction, so the dyad is an unordered pair.
    """

    id: str
    key: str
    mutual: bool
    seed_event_id: str
    representative_event_id: str
    source: str | None
    target: str | None
    cameo_root: str
    cameo: str
    cameo_name: str
    plover_type: str
    goldstein: float
    quad_class: int
    modality: Modality
    first_seen: date | None
    last_seen: date | None
    num_events: int
    num_reports: int
    num_articles: int
    num_sources: int
    location_name: str | None
    location_country: str | None
    location_precision: str | None
    sentence: str
    event_ids: tuple[str, ...]

    @property
    def dyad(self) -> tuple[str | None, str | None]:
        return self.source, self.target

    @property
    def dyad_label(self) -> str:
        return f"{self.source or '-'}{'<->' if self.mutual else '->'}{self.target or '-'}"

    def events(self, store: Store) -> list[Event]:
        """The member events with their sentences, in date order."""
        return cluster_events(store, self.id)

    def to_dict(self) -> dict[str, Any]:
        record = dataclasses.asdict(self)
        for name in ("first_seen", "last_seen"):
            record[name] = record[name].isoformat() if record[name] else None
        record["event_ids"] = list(self.event_ids)
        return record


@dataclass(frozen=True)
class ClusterUpdate:
    """What one ``update_clusters`` did."""

    articles: int  # articles added, replaced or removed since the previous update
    events: int  # events (re)assigned to a cluster
    clusters: int  # cluster rows rebuilt or dropped (one spanning two chunks of the update counts twice)
    reset: bool  # the settings differed from the stored clusters', so everything was re-clustered


def cluster_id(seed_event_id: str) -> str:
    """A cluster's id, derived from its first report's event id (stable across re-runs)."""
    return "c" + hashlib.sha256(seed_event_id.encode()).hexdigest()[:16]


# ---------------------------------------------------------------------------------------------- rules


def sentence_words(sentence: str) -> frozenset[str]:
    """The normalised content words of a sentence (lower case, no punctuation, no function words)."""
    return frozenset(w for w in _WORD.findall(sentence.lower()) if w not in _STOPWORDS)


def similarity(a: frozenset[str], b: frozenset[str]) -> float:
    """Token-set Jaccard: 1.0 for the same words in any order, 0.0 for none shared."""
    if not a and not b:
        return 1.0
    return len(a & b) / len(a | b)


Place3 = tuple[str | None, str | None, str | None]  # country, admin1, city


def places_conflict(a: Place3, b: Place3) -> bool:
    """Two places contradict when they differ at any level both give (Kyiv vs Kharkiv, UKR vs RUS)."""
    return any(x is not None and y is not None and x != y for x, y in zip(a, b, strict=True))


def quantities_conflict(ranges: Mapping[str, tuple[int, int]], stated: Mapping[str, int], ratio: float) -> bool:
    """True when a stated number is more than ``ratio`` times off the range already seen for its kind."""
    for name, value in stated.items():
        if name in ranges:
            low, high = min(ranges[name][0], value), max(ranges[name][1], value)
            if high > ratio * max(low, 1):
                return True
    return False


@dataclass
class _Open:
    """A cluster that can still take reports: what the rules compare a new report with."""

    id: str
    key: str
    anchor: date | None  # the first report's date
    seed_sentence: str
    place: Place3
    quantities: dict[str, tuple[int, int]]
    _words: frozenset[str] | None = None

    def words(self) -> frozenset[str]:
        if self._words is None:
            self._words = sentence_words(self.seed_sentence)
        return self._words

    def absorb(self, place: Place3, quantities: Mapping[str, int]) -> None:
        self.place = cast(Place3, tuple(mine if mine is not None else theirs
                                        for mine, theirs in zip(self.place, place, strict=True)))
        for name, value in quantities.items():
            low, high = self.quantities.get(name, (value, value))
            self.quantities[name] = (min(low, value), max(high, value))


class Clusterer:
    """Greedy assignment of reports, fed in (date, event id) order, undated last.

    Only clusters within ``horizon_days`` of the current date are held, so memory follows the reports of
    the last two weeks, not the store.
    """

    def __init__(self, settings: ClusterSettings) -> None:
        self.settings = settings
        self._open: dict[str, list[_Open]] = {}
        self._expiry: list[tuple[date, int, _Open]] = []
        self._order = itertools.count()

    def restore(self, members: Iterable[tuple[str, MemberInput]]) -> None:
        """Rebuild open clusters from their stored members, (date, id) ordered, as assignment built them."""
        known: dict[str, _Open] = {}
        for cid, row in members:
            found = known.get(cid)
            if found is None:
                known[cid] = self._start(row, _quantities(row), cid)
            else:
                found.absorb(_place(row), _quantities(row))

    def assign(self, row: MemberInput) -> str:
        """The id of the cluster the report joins (a new one when none fits)."""
        if row.date is not None:
            self._expire(row.date)
        quantities = _quantities(row)
        best = self._best(row, quantities)
        if best is None:
            return self._start(row, quantities, cluster_id(row.id)).id
        best.absorb(_place(row), quantities)
        return best.id

    def _start(self, row: MemberInput, quantities: Mapping[str, int], cid: str) -> _Open:
        opened = _Open(cid, row.key, row.date, row.sentence, _place(row), {k: (v, v) for k, v in quantities.items()})
        self._open.setdefault(row.key, []).append(opened)
        if row.date is not None:
            heapq.heappush(self._expiry, (row.date, next(self._order), opened))
        return opened

    def _expire(self, today: date) -> None:
        while self._expiry and (today - self._expiry[0][0]).days > self.settings.horizon_days:
            _, _, old = heapq.heappop(self._expiry)
            same_key = self._open[old.key]
            same_key.remove(old)
            if not same_key:
                del self._open[old.key]

    def _best(self, row: MemberInput, quantities: Mapping[str, int]) -> _Open | None:
        settings = self.settings
        words: frozenset[str] | None = None
        fits: list[_Open] = []
        for candidate in self._open.get(row.key, ()):
            if places_conflict(candidate.place, _place(row)) or quantities_conflict(
                    candidate.quantities, quantities, settings.quantity_ratio):
                continue
            days = None if row.date is None or candidate.anchor is None else (row.date - candidate.anchor).days
            if days is not None and days <= settings.window_days:
                fits.append(candidate)
                continue
            both_undated = row.date is None and candidate.anchor is None
            if not both_undated and (days is None or days > settings.copy_days):
                continue
            words = sentence_words(row.sentence) if words is None else words
            if self._copies(words, candidate.words()):
                fits.append(candidate)
        if len(fits) <= 1:
            return fits[0] if fits else None
        words = sentence_words(row.sentence) if words is None else words
        return max(fits, key=lambda c: similarity(words, c.words()))  # ties: the first, i.e. oldest

    def _copies(self, a: frozenset[str], b: frozenset[str]) -> bool:
        settings = self.settings
        return (min(len(a), len(b)) >= settings.copy_min_words
                and similarity(a, b) >= settings.copy_similarity)


def _place(row: MemberInput) -> Place3:
    return (row.country, row.admin1, row.city)


def _quantities(row: MemberInput) -> dict[str, int]:
    return {} if row.quantities is None else cast(dict[str, int], json.loads(row.quantities))


# ---------------------------------------------------------------------------------------------- API


def update_clusters(store: Store, settings: ClusterSettings | None = None, *,
                    chunk_events: int = CHUNK_EVENTS) -> ClusterUpdate:
    """Bring the clusters up to date with the stored events, in one transaction.

    Idempotent: with nothing changed since the last update it changes nothing. Events are read and assigned
    in date-ordered chunks of about ``chunk_events``; cluster rows are rebuilt in SQL after each chunk.
    Needs a writable store (StoreError otherwise).
    """
    from .store.clusters import ClusterTransaction

    settings = settings or ClusterSettings()
    if chunk_events < 1:
        raise ValueError(f"chunk_events must be >= 1, got {chunk_events}")
    with ClusterTransaction(store) as tx:
        reset = tx.sync_settings(settings.to_json())
        articles = tx.plan()
        clusterer = Clusterer(settings)
        clusterer.restore(tx.survivors(settings.horizon_days))
        events = rebuilt = 0
        for chunk in tx.chunks(chunk_events):
            members = [(row.id, clusterer.assign(row), row.article_id, row.key, row.date) for row in chunk]
            tx.add_members(members)
            tx.touch({member[1] for member in members})
            rebuilt += tx.rebuild()
            events += len(chunk)
        rebuilt += tx.rebuild()  # clusters that only lost members
    return ClusterUpdate(articles=articles, events=events, clusters=rebuilt, reset=reset)


def event_clusters(store: Store, *, actor: str | None = None, dyad: tuple[str, str] | None = None,
                   since: date | None = None, until: date | None = None, code: str | None = None,
                   modality: Sequence[str] | None = None, quad_class: Sequence[int] | None = None,
                   min_reports: int = 1, order: str = "date", limit: int | None = None) -> list[EventCluster]:
    """Stored clusters matching every filter given, as of the last ``update_clusters``.

    ``actor``, ``dyad`` (directed code prefixes; a mutual cluster matches either way round) and ``code``
    (CAMEO prefix) select clusters with at least one member that ``Store.events`` would select with them.
    ``since``/``until`` (inclusive) select clusters whose date range overlaps them. ``modality`` and
    ``quad_class`` filter on the cluster's own (most factual modality, representative code's quad class).
    ``order``: ``"date"`` (first seen, oldest first) or ``"reports"`` (most reported first).
    """
    from .store.clusters import select_clusters

    rows = select_clusters(store, actor=actor, dyad=dyad, since=since, until=until, code=code, modality=modality,
                           quad_class=quad_class, min_reports=min_reports, order=order, limit=limit)
    names = [f.name for f in dataclasses.fields(EventCluster)][:-1]  # the columns, then event_ids
    return [EventCluster(**dict(zip(names, row[:-1], strict=True)), event_ids=tuple(row[-1])) for row in rows]


def cluster_events(store: Store, cluster: str | EventCluster) -> list[Event]:
    """The member events of a cluster (or cluster id), with their sentences, in date order."""
    from .store.clusters import member_events

    return member_events(store, cluster.id if isinstance(cluster, EventCluster) else cluster)


def pending_articles(store: Store) -> int:
    """Articles added, replaced or removed since the last ``update_clusters`` (0: the clusters are current)."""
    from .store.clusters import pending_articles as count_pending

    return count_pending(store)
