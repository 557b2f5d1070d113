from __future__ import annotations

from datetime import date

import pytest

from tocsin.events.when import EventDate, resolve

REPORT = date(2022, 1, 18)  # a Tuesday


@pytest.mark.parametrize("text,future,expected,precision", [
    ("on Tuesday", False, date(2022, 1, 18), "day"),
    ("on Monday", False, date(2022, 1, 17), "day"),
    ("on Wednesday", False, date(2022, 1, 12), "day"),
    ("on Wednesday", True, date(2022, 1, 19), "day"),
    ("in February", True, date(2022, 2, 1), "month"),
    ("in February", False, date(2021, 2, 1), "month"),
    ("in 2015", False, date(2015, 1, 1), "year"),
    ("January 10", False, date(2022, 1, 10), "day"),
    ("December 5, 2021", False, date(2021, 12, 5), "day"),
    ("yesterday", False, date(2022, 1, 17), "day"),
    ("last year", False, date(2021, 1, 1), "year"),
    ("last month", False, date(2021, 12, 1), "month"),
])
def test_resolve(text: str, future: bool, expected: date, precision: str) -> None:
    got = resolve(text, REPORT, future)
    assert got is not None
    assert (got.value, got.precision) == (expected, precision)


def test_vague_spans_name_no_date() -> None:
    assert resolve("the last few days", REPORT, False) is None
    assert resolve("years", REPORT, False) is None


def test_historical() -> None:
    assert EventDate(date(2015, 1, 1), "year").is_historical(REPORT)
    assert not EventDate(date(2022, 1, 1), "month").is_historical(REPORT)
    assert not EventDate(date(2021, 12, 20), "day").is_historical(REPORT)
    assert EventDate(date(2021, 10, 1), "day").is_historical(REPORT)
