"""Backtest: a day-by-day replay fires alerts only from data available on the day (no look-ahead)."""

from __future__ import annotations

import json
from collections.abc import Sequence
from datetime import date, timedelta
from pathlib import Path

import pytest
from click.testing import CliRunner

from tocsin.analytics.backtest import BacktestResult, backtest, in_date_order
from tocsin.cli import main
from tocsin.errors import InputError
from tocsin.models import Article, Event
from tocsin.store import open_store

from .test_analytics import START, SURGE_WEEK, stream, surge_counts, week_items

Items = list[tuple[Article, list[Event]]]


def ordered(items: Items) -> Items:
    return sorted(items, key=lambda item: (item[0].date or date.min, item[0].id))


def replay(tmp_path: Path, name: str, items: Items) -> BacktestResult:
    with open_store(tmp_path / f"{name}.duckdb") as store:
        return backtest(store, ordered(items), source="RUS", target="UKR")


def test_surge_fires_during_its_week(tmp_path: Path) -> None:
    result = replay(tmp_path, "full", stream(surge_counts()))
    surge_start = START + timedelta(weeks=SURGE_WEEK)
    assert [f.alert.start for f in result.firings] == [surge_start]
    (firing,) = result.firings
    # it fires on the day the week's count first crosses the threshold, not when the week closes
    assert surge_start <= firing.fired_on < surge_start + timedelta(days=6)
    assert result.first_alert == firing.fired_on and firing.alert.evidence
    assert result.days == len({a.date for a, _ in stream(surge_counts())})


def test_no_look_ahead(tmp_path: Path) -> None:
    items = stream(surge_counts())
    full = replay(tmp_path, "full", items)
    (fired,) = full.firings
    # 1. the corpus cut on the firing day gives the same firing on the same day
    cut = [item for item in items if item[0].date is not None and item[0].date <= fired.fired_on]
    assert replay(tmp_path, "cut", cut).firings == full.firings
    # 2. cut one day earlier, it has not fired yet
    early = [item for item in items if item[0].date is not None and item[0].date < fired.fired_on]
    assert replay(tmp_path, "early", early).firings == ()
    # 3. a different future (a huge surge later on) changes nothing that fired before it
    later = week_items(SURGE_WEEK + 20, 40)
    changed = replay(tmp_path, "changed", items + later)
    assert changed.firings[0] == fired and len(changed.firings) == 2
    assert changed.firings[1].fired_on >= START + timedelta(weeks=SURGE_WEEK + 20)
    # every firing comes on or after the first day of its period, never before
    assert all(f.fired_on >= f.alert.start for f in changed.firings)


def test_quiet_stream_never_fires(tmp_path: Path) -> None:
    result = replay(tmp_path, "quiet", stream([3, 2, 4, 3, 2, 3, 4, 3, 2, 3, 3, 4]))
    assert result.firings == () and result.first_alert is None


def test_order_and_empty_store_are_checked(tmp_path: Path) -> None:
    items = stream([3, 3, 3])
    with open_store(tmp_path / "x.duckdb") as store, pytest.raises(InputError, match="date order"):
        backtest(store, list(reversed(ordered(items))), source="RUS", target="UKR")
    with open_store(tmp_path / "y.duckdb") as store:
        store.add_many(items[:1])
        with pytest.raises(InputError, match="empty store"):
            backtest(store, ordered(items), source="RUS", target="UKR")


def test_in_date_order_sorts_cuts_and_counts_undated() -> None:
    articles = [Article(id="b", text="t", date=date(2022, 1, 2)), Article(id="a", text="t", date=date(2022, 1, 2)),
                Article(id="c", text="t", date=date(2022, 1, 1)), Article(id="u", text="t"),
                Article(id="late", text="t", date=date(2022, 3, 1))]
    dated, undated = in_date_order(articles, until=date(2022, 2, 24))
    assert [a.id for a in dated] == ["c", "a", "b"] and undated == 1


# ---------------------------------------------------------------------------------------------- CLI, real coder

QUIET = "Russia and Ukraine held talks in Minsk on {day}."
HOSTILE = [
    "Russian troops shelled Ukrainian positions near Donetsk.",
    "Russia accused Ukraine of provoking the conflict.",
    "Russian forces attacked a Ukrainian checkpoint.",
    "Russia threatened Ukraine with military action.",
    "Russian artillery bombarded the Ukrainian town of Avdiivka.",
]


def corpus(path: Path, weeks: int, surge_week: int) -> Path:
    records: list[dict[str, str]] = []
    for week in range(weeks):
        for day in range(0, 5):
            when = START + timedelta(weeks=week, days=day)
            hostile: Sequence[str] = HOSTILE if week == surge_week and day < 3 else ()
            if week < surge_week and day == 0:
                hostile = HOSTILE[1:2]  # a low, steady baseline of one accusation a week
            text = " ".join([QUIET.format(day=when.strftime("%A")), *hostile])
            records.append({"id": f"w{week}d{day}", "date": when.isoformat(), "title": "", "text": text})
    records.reverse()  # the replay must put them in order itself
    path.write_text("".join(json.dumps(r) + "\n" for r in records), encoding="utf-8")
    return path


def test_backtest_command_ends_with_first_alert(tmp_path: Path) -> None:
    path = corpus(tmp_path / "c.jsonl", weeks=6, surge_week=4)
    result = CliRunner().invoke(main, ["backtest", str(path), "--dyad", "RUS:UKR", "--until", "2022-03-01"])
    assert result.exit_code == 0, result.output
    lines = result.stdout.strip().splitlines()
    surge_monday = START + timedelta(weeks=4)
    assert lines[-1] == f"first alert: {surge_monday.isoformat()}"
    assert lines[0].startswith(f"{surge_monday} fired: surge RUS->UKR")
    # cut before the surge: nothing fires
    early = CliRunner().invoke(main, ["backtest", str(path), "--dyad", "RUS:UKR",
                                      "--until", (surge_monday - timedelta(days=1)).isoformat()])
    assert early.exit_code == 0, early.output
    assert early.stdout.strip().splitlines()[-1] == "first alert: none"


def test_backtest_refuses_a_store_with_data(tmp_path: Path) -> None:
    path = corpus(tmp_path / "c.jsonl", weeks=1, surge_week=5)
    db = tmp_path / "used.duckdb"
    with open_store(db) as store:
        store.add_many(stream([1]))
    result = CliRunner().invoke(main, ["backtest", str(path), "--dyad", "RUS:UKR", "--db", str(db)])
    assert result.exit_code == 1 and result.output.startswith("error:") and "empty store" in result.output
