"""Publication dates as written in feeds and records: ISO, "January 18, 2022", RFC 2822, epoch numbers.

Nothing is ever read relative to today: a string that names no absolute day, month and year is an error.
"""

from __future__ import annotations

import datetime as dt
import email.utils
import functools
import re

from ..errors import InputError

__all__ = ["parse_date"]

_MONTHS = {
    name: number
    for number, names in enumerate(
        [("january", "jan"), ("february", "feb"), ("march", "mar"), ("april", "apr"), ("may",),
         ("june", "jun"), ("july", "jul"), ("august", "aug"), ("september", "sep", "sept"),
         ("october", "oct"), ("november", "nov"), ("december", "dec")],
        start=1,
    )
    for name in names
}
_MONTH = r"(?P<month>[a-z]+)\.?"
_WEEKDAY = r"(?:(?:mon|tue|wed|thu|fri|sat|sun)[a-z]*\.?,?\s+)?"
_DAY = r"(?P<day>\d{1,2})(?:st|nd|rd|th)?"
_DATE_ISO = re.compile(r"(\d{4})-(\d{2})-(\d{2})")
# the date as written: the time and any offset are validated for shape but not converted
_DATETIME_ISO = re.compile(
    r"(\d{4}-\d{2}-\d{2})[T ]\d{2}:\d{2}(?::\d{2}(?:[.,]\d+)?)?\s*(?:Z|UTC|GMT|[+-]\d{2}(?::?\d{2})?)?",
    re.IGNORECASE,
)
_DATE_YMD = re.compile(r"(\d{4})[/.](\d{1,2})[/.](\d{1,2})")
_NUMBER = re.compile(r"(\d+)(?:\.\d*)?")
_DATE_MDY = re.compile(_WEEKDAY + _MONTH + r"\s+" + _DAY + r",?\s+(?P<year>\d{4})", re.IGNORECASE)
_DATE_DMY = re.compile(_WEEKDAY + _DAY + r"\s+(?:of\s+)?" + _MONTH + r",?\s+(?P<year>\d{4})", re.IGNORECASE)
_RFC2822_HINT = re.compile(r"\d{1,2}\s+[a-z]{3}\s+\d{2,4}\s+\d{1,2}:\d{2}", re.IGNORECASE)
# Epoch numbers by their count of integer digits: 9-10 are seconds (1973-2286), 12-13 milliseconds (JS).
# Shorter numbers are years or counts, not timestamps, and must not silently become a day in 1970.
_EPOCH_SCALE = {9: 1, 10: 1, 12: 1000, 13: 1000}


def parse_date(value: str, *, path: str, line: int | None, field: str = "date") -> dt.date:
    """The calendar date a string names, as written (offsets are not converted to UTC).

    Accepts ISO dates and datetimes, "January 18, 2022", "18 January 2022", "2022/01/18", RFC 2822,
    YYYYMMDD and epoch seconds (or milliseconds), then falls back to dateparser restricted to English
    absolute dates with day, month and year all present, so nothing is ever read relative to today.
    """
    parsed = _parse_date(value.strip())
    if parsed is None:
        what = "empty date" if not value.strip() else f"unrecognised date {value!r}"
        raise InputError(what, path=path, line=line, field=field)
    return parsed


@functools.lru_cache(maxsize=4096)
def _parse_date(value: str) -> dt.date | None:
    try:
        return _parse_known_date(value)
    except (ValueError, OverflowError, OSError):
        return None


def _parse_known_date(value: str) -> dt.date | None:
    if not value:
        return None
    if m := _DATE_ISO.fullmatch(value):
        return dt.date(int(m[1]), int(m[2]), int(m[3]))
    if m := _DATETIME_ISO.fullmatch(value):
        return dt.date.fromisoformat(m[1])
    if m := _NUMBER.fullmatch(value):
        if len(value) == 8 and value.isdigit():  # YYYYMMDD, ISO 8601's basic form
            return dt.date(int(value[:4]), int(value[4:6]), int(value[6:]))
        scale = _EPOCH_SCALE.get(len(m[1]))
        if scale is None:
            return None
        return dt.datetime.fromtimestamp(float(value) / scale, tz=dt.UTC).date()
    if m := _DATE_YMD.fullmatch(value):
        return dt.date(int(m[1]), int(m[2]), int(m[3]))
    for pattern in (_DATE_MDY, _DATE_DMY):
        if (m := pattern.fullmatch(value)) and (month := _MONTHS.get(m["month"].lower())):
            return dt.date(int(m["year"]), month, int(m["day"]))
    if _RFC2822_HINT.search(value):
        try:
            return email.utils.parsedate_to_datetime(value).date()
        except (ValueError, TypeError, IndexError):
            pass
    return _dateparser_date(value)


def _dateparser_date(value: str) -> dt.date | None:
    import dateparser  # slow to import and rarely needed: the formats above cover most feeds

    settings = {
        "STRICT_PARSING": True,
        "REQUIRE_PARTS": ["day", "month", "year"],
        "PREFER_DATES_FROM": "past",
        "PARSERS": ["absolute-time"],  # never "relative-time": "yesterday" must not become a real date
        "RETURN_AS_TIMEZONE_AWARE": False,
    }
    parsed = dateparser.parse(value, languages=["en"], settings=settings)
    return parsed.date() if parsed is not None else None
