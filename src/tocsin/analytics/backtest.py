"""Backtest: replay a dated corpus day by day as if live, and say when each alert would first have fired.

Each day's articles are stored, and only then is the dyad's series recomputed with ``until`` = that day,
so an evaluation on day d sees exactly the articles dated up to d (events they report may be dated
earlier; nothing dated later exists in the store yet). Coding an article depends on that article alone,
so coding the whole corpus up front, in date order, adds no knowledge of the future.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass
from datetime import date
from itertools import groupby

from ..errors import InputError
from ..models import Article, Event
from ..store import Store
from .alerts import DEFAULT_SETTINGS, Alert, AlertSettings, alerts
from .series import DEFAULT_MODALITIES, Freq, dyad_series

Coded = tuple[Article, Sequence[Event]]


@dataclass(frozen=True)
class Firing:
    """An alert and the first day on which the data stored so far made it fire."""

    fired_on: date
    alert: Alert


@dataclass(frozen=True)
class BacktestResult:
    source: str
    target: str
    days: int  # days with articles replayed
    articles: int  # articles stored (new to the store)
    undated: int  # articles without a date, which a replay cannot place and so leaves out
    firings: tuple[Firing, ...]

    @property
    def first_alert(self) -> date | None:
        return self.firings[0].fired_on if self.firings else None


def in_date_order(articles: Iterable[Article], until: date | None = None) -> tuple[list[Article], int]:
    """The dated articles up to ``until`` sorted by (date, id), and how many had no date. Holds the corpus
    in memory: a backtest replays one corpus, not an archive."""
    dated: list[Article] = []
    undated = 0
    for article in articles:
        if article.date is None:
            undated += 1
        elif until is None or article.date <= until:
            dated.append(article)
    dated.sort(key=lambda a: (a.date or date.min, a.id))
    return dated, undated


def backtest(store: Store, coded: Iterable[Coded], *, source: str, target: str, freq: Freq = "week",
             modalities: Sequence[str] = DEFAULT_MODALITIES, settings: AlertSettings = DEFAULT_SETTINGS,
             undated: int = 0, after_day: Callable[[Store], object] | None = None,
             on_firing: Callable[[Firing], None] | None = None) -> BacktestResult:
    """Store ``coded`` (articles with their events, in date order) one day at a time into ``store``, which
    must start empty, and after each day record the alerts of source -> target that fire for the first
    time. ``after_day`` runs after each day's store (e.g. updating event clusters); ``on_firing`` is told
    of each firing as it happens."""
    if store.count_articles():
        raise InputError("a backtest replays into an empty store; this one already holds articles",
                         path=str(store.path))
    firings: list[Firing] = []
    seen: set[tuple[str, date]] = set()
    days = stored = 0
    for day, batch in groupby(_checked_order(coded), key=lambda item: item[0].date):
        assert day is not None  # _checked_order lets no undated article through
        stored += store.add_many(batch).articles_added
        days += 1
        if after_day is not None:
            after_day(store)
        series = dyad_series(store, source, target, freq=freq, modalities=modalities, until=day)
        for alert in alerts(series, settings, store=store):
            if (alert.kind, alert.start) in seen:
                continue
            seen.add((alert.kind, alert.start))
            firing = Firing(fired_on=day, alert=alert)
            firings.append(firing)
            if on_firing is not None:
                on_firing(firing)
    return BacktestResult(source=source, target=target, days=days, articles=stored, undated=undated,
                          firings=tuple(firings))


def _checked_order(coded: Iterable[Coded]) -> Iterator[Coded]:
    last: date | None = None
    for item in coded:
        day = item[0].date
        if day is None:
            raise InputError("a backtest needs dated articles", path=item[0].origin or item[0].id)
        if last is not None and day < last:
            raise InputError(f"articles must arrive in date order ({day} after {last})",
                             path=item[0].origin or item[0].id)
        last = day
        yield item
