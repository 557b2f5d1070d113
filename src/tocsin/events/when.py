"""Event dates: resolve the date expression governing a trigger relative to the article's date.

"on Tuesday" -> the Tuesday on or before the report date (after it, for future tense); "in February" -> that
month of the nearest year in the tense's direction; "in 2015" -> year precision. Vague spans ("the last few
days") keep the report date with no precision claim. An event whose period ends well before the report
date is historical.
"""

from __future__ import annotations

import calendar
import re
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, timedelta
from typing import TYPE_CHECKING

from ..models import DatePrecision

if TYPE_CHECKING:
    from spacy.tokens import Span as SpacySpan
    from spacy.tokens import Token

_WEEKDAYS = {name.lower(): i for i, name in enumerate(calendar.day_name)}
_MONTHS = {name.lower(): i for i, name in enumerate(calendar.month_name) if name}
_MONTHS.update({name.lower(): i for i, name in enumerate(calendar.month_abbr) if name})
_YEAR = re.compile(r"\b(1[89]\d\d|20\d\d)\b")
_DAY = re.compile(r"\b([0-3]?\d)(?:st|nd|rd|th)?\b")
# An event is history, not news, when its period ended this long before the article.
HISTORICAL_GAP = timedelta(days=60)


@dataclass(frozen=True)
class EventDate:
    value: date
    precision: DatePrecision | None
    text: str = ""

    def period_end(self) -> date:
        if self.precision == "year":
            return date(self.value.year, 12, 31)
        if self.precision == "month":
            last = calendar.monthrange(self.value.year, self.value.month)[1]
            return date(self.value.year, self.value.month, last)
        return self.value

    def is_historical(self, report: date | None) -> bool:
        return report is not None and self.precision is not None and self.period_end() < report - HISTORICAL_GAP


def _is_future(trigger: Token) -> bool:
    node: Token | None = trigger
    for _ in range(3):
        if node is None:
            break
        if any(c.dep_ == "aux" and c.lower_ in ("will", "shall", "'ll") for c in node.children):
            return True
        node = node.head if node.head.i != node.i else None
    return False


def resolve(text: str, report: date, future: bool) -> EventDate | None:
    """Resolve one date expression against the report date, or None when it names no point in time."""
    lower = text.lower()
    words = re.findall(r"[a-z]+", lower)
    year_m = _YEAR.search(lower)
    month = next((_MONTHS[w] for w in words if w in _MONTHS and w != "may"), None)
    if month is None and "may" in words and year_m is not None:
        month = 5
    if "yesterday" in words:
        return EventDate(report - timedelta(days=1), "day", text)
    if "today" in words or "tonight" in words:
        return EventDate(report, "day", text)
    if "tomorrow" in words:
        return EventDate(report + timedelta(days=1), "day", text)
    weekday = next((_WEEKDAYS[w] for w in words if w in _WEEKDAYS), None)
    if weekday is not None and month is None:
        delta = (report.weekday() - weekday) % 7
        if "next" in words or future:
            delta = -((weekday - report.weekday()) % 7 or 7)
        elif "last" in words and delta == 0:
            delta = 7
        return EventDate(report - timedelta(days=delta), "day", text)
    if month is not None:
        year = int(year_m.group(1)) if year_m else None
        if year is None:
            year = report.year
            if future and month < report.month:
                year += 1
            elif not future and month > report.month:
                year -= 1
        stripped = _YEAR.sub("", lower)
        day_m = _DAY.search(stripped)
        if day_m:
            try:
                return EventDate(date(year, month, int(day_m.group(1))), "day", text)
            except ValueError:
                pass
        return EventDate(date(year, month, 1), "month", text)
    if year_m:
        year = int(year_m.group(1))
        if "last" in words and "year" in words:
            year = report.year - 1
        return EventDate(date(year, 1, 1), "year", text)
    if "last" in words and "year" in words:
        return EventDate(date(report.year - 1, 1, 1), "year", text)
    if "last" in words and "month" in words:
        prev = report.replace(day=1) - timedelta(days=1)
        return EventDate(prev.replace(day=1), "month", text)
    if "last" in words and "week" in words:
        return EventDate(report - timedelta(days=7), None, text)
    return None


def event_date(trigger: Token, dates: Sequence[SpacySpan], report: date | None) -> EventDate | None:
    """The date of the event triggered by ``trigger``: of the sentence's DATE entities, the one attached nearest."""
    if report is None:
        return None
    best: tuple[int, SpacySpan] | None = None
    for ent in dates:
        distance = _attachment_distance(ent.root, trigger)
        if distance is not None and (best is None or distance < best[0]):
            best = (distance, ent)
    if best is None:
        return None
    return resolve(best[1].text, report, _is_future(trigger))


def _attachment_distance(date_root: Token, trigger: Token) -> int | None:
    """Steps from the date up to the trigger, stopping at clause boundaries (another verb)."""
    node = date_root
    for steps in range(1, 5):
        if node.head.i == node.i:
            return None
        node = node.head
        if node == trigger:
            return steps
        if node.pos_ in ("VERB", "AUX") and node != trigger:
            return None
    return None
