"""Dyad series and escalation alerts on synthetic streams: quiet, surge, no data vs zero, no look-ahead, CLI."""

from __future__ import annotations

import sys
from collections.abc import Iterator, Sequence
from datetime import date, timedelta
from pathlib import Path

import pytest
from click.testing import CliRunner

from tocsin.analytics import (
    Alert,
    AlertSettings,
    SeriesPoint,
    active_dyads,
    actor_series,
    alerts,
    coverage,
    dyad_series,
    plot_series,
    scan,
)
from tocsin.cli import main
from tocsin.errors import StoreError, TocsinError
from tocsin.models import Actor, Article, Event, Manifest, Span
from tocsin.ontology import lookup
from tocsin.store import Store, open_store

MANIFEST = Manifest(tocsin_version="0.1.0", model="test", dictionary_hash="test")
START = date(2022, 1, 3)  # a Monday
WEEKS = 12
QUIET = [3, 2, 4, 3, 2, 3, 4, 3, 2, 3, 3, 4]  # RUS -> UKR conflict events per week
SURGE_WEEK = 9
CONFLICT_CODES = ["111", "130", "150", "193", "112", "138"]


def make_event(article: Article, n: int, cameo: str, *, source: str = "RUSMIL", target: str = "UKRGOV",
               modality: str = "asserted", sentence: str | None = None) -> Event:
    code = lookup(cameo)
    text = sentence or f"{source} did {code.name.lower()} to {target} ({article.id} #{n})."
    return Event(
        id=f"{article.id}-e{n}", article_id=article.id, event_date=article.date, report_date=article.date,
        source=Actor(text=source, code=source, country=source[:3]),
        target=Actor(text=target, code=target, country=target[:3]),
        cameo=code.code, cameo_root=code.root, cameo_name=code.name, goldstein=code.goldstein,
        quad_class=code.quad_class, plover_type=code.plover_type, plover_mode=code.plover_mode,
        modality=modality,  # type: ignore[arg-type]
        sentence=text, sentence_span=Span(0, len(text)), verb_span=Span(0, 1), source_span=None,
        target_span=None, confidence=0.9, manifest=MANIFEST)


def week_items(week: int, conflict: int, *, articles: int = 5) -> list[tuple[Article, list[Event]]]:
    """One week of a stream: ``articles`` articles (Mon..), ``conflict`` RUS->UKR conflict events among
    them, plus noise that the series must not count: cooperation, another dyad, an excluded modality."""
    monday = START + timedelta(weeks=week)
    items: list[tuple[Article, list[Event]]] = [
        (Article(id=f"w{week}a{i}", text="text", date=monday + timedelta(days=i % 7), source="wire"), [])
        for i in range(articles)]
    events: dict[int, list[Event]] = {i: [] for i in range(articles)}
    for k in range(conflict):
        article = items[k % articles][0]
        events[k % articles].append(make_event(article, k, CONFLICT_CODES[k % len(CONFLICT_CODES)]))
    first = items[0][0]
    events[0] += [make_event(first, 100, "051"),  # cooperation: counted in quad 1, not as conflict
                  make_event(first, 101, "193", source="USAGOV", target="RUSGOV"),  # another dyad
                  make_event(first, 102, "138", modality="hypothetical")]  # not asserted/reported
    return [(article, events[i]) for i, (article, _) in enumerate(items)]


def stream(counts: Sequence[int]) -> list[tuple[Article, list[Event]]]:
    return [item for week, n in enumerate(counts) for item in week_items(week, n)]


def surge_counts() -> list[int]:
    return [12 if week == SURGE_WEEK else n for week, n in enumerate(QUIET)]


def build(path: Path, items: Sequence[tuple[Article, Sequence[Event]]]) -> Path:
    with open_store(path) as store:
        store.add_many(items)
    return path


@pytest.fixture
def surge_db(tmp_path: Path) -> Path:
    return build(tmp_path / "surge.duckdb", stream(surge_counts()))


@pytest.fixture
def surge_store(surge_db: Path) -> Iterator[Store]:
    with open_store(surge_db, read_only=True) as store:
        yield store


# ---------------------------------------------------------------------------------------------- series


def test_weekly_series_counts_only_the_dyad_and_wanted_modalities(tmp_path: Path) -> None:
    with open_store(build(tmp_path / "q.duckdb", stream(QUIET))) as store:
        series = dyad_series(store, "RUS", "UKR")
        assert [p.start for p in series] == [START + timedelta(weeks=w) for w in range(WEEKS)]
        assert all(p.start.weekday() == 0 and p.end == p.start + timedelta(days=6) for p in series)
        assert [p.conflict for p in series] == QUIET
        assert [p.quad1 for p in series] == [1] * WEEKS
        assert all(p.articles == 5 and p.quad2 == 0 for p in series)
        # the hypothetical threat is counted once it is asked for
        wider = dyad_series(store, "RUS", "UKR", modalities=("asserted", "reported", "hypothetical"))
        assert [p.quad3 for p in wider] == [p.quad3 + 1 for p in series if p.quad3 is not None]
        # the other dyad is its own series; prefixes, like Store.events
        assert [p.quad4 for p in dyad_series(store, "USA", "RUSGOV")] == [1] * WEEKS
        assert dyad_series(store, "UKR", "RUS") != [] and all(
            p.events == 0 for p in dyad_series(store, "UKR", "RUS"))


def test_goldstein_share_and_normalisation_for_one_period(tmp_path: Path) -> None:
    article = Article(id="a", text="t", date=date(2022, 3, 2))
    other = Article(id="b", text="t", date=date(2022, 3, 3))
    events = [make_event(article, 0, "193"), make_event(article, 1, "111"), make_event(article, 2, "057")]
    with open_store(build(tmp_path / "g.duckdb", [(article, events), (other, [])])) as store:
        (point,) = dyad_series(store, "RUS", "UKR")
    codes = [lookup(c) for c in ("193", "111", "057")]
    assert (point.quad1, point.quad2, point.quad3, point.quad4, point.events) == (1, 0, 1, 1, 3)
    assert point.goldstein_sum == pytest.approx(sum(c.goldstein for c in codes))
    assert point.goldstein_mean == pytest.approx(sum(c.goldstein for c in codes) / 3)
    assert point.conflict_share == pytest.approx(1 / 3)
    assert point.articles == 2
    assert point.conflict_per_100_articles == pytest.approx(100.0)


def test_no_data_is_not_zero(tmp_path: Path) -> None:
    counts = [3, 3, 0, 3]  # week 2 is covered (articles) but has no RUS->UKR event
    items = [item for week, n in enumerate(counts) for item in week_items(week, n)]
    items += week_items(5, 3)  # weeks 4 and 5 of the gap: nothing stored at all -> week 4 has no data
    with open_store(build(tmp_path / "gap.duckdb", items)) as store:
        series = dyad_series(store, "RUS", "UKR")
        extended = dyad_series(store, "RUS", "UKR", since=START - timedelta(weeks=1),
                               until=START + timedelta(weeks=7))
    assert [p.conflict for p in series] == [3, 3, 0, 3, None, 3]
    zero, gap = series[2], series[4]
    assert zero.has_data and zero.events == 1 and zero.goldstein_sum is not None and zero.articles == 5
    assert zero.conflict_per_100_articles == 0.0
    assert not gap.has_data and gap.articles == 0
    assert (gap.events, gap.quad1, gap.quad4, gap.goldstein_sum, gap.goldstein_mean, gap.conflict_share) == (
        None, None, None, None, None, None)
    assert gap.conflict_per_100_articles is None
    # since/until extend the range with no-data periods on either side
    assert [p.conflict for p in extended] == [None, 3, 3, 0, 3, None, 3, None, None]
    assert extended[-1].end == START + timedelta(weeks=7)


def test_day_and_month_series_add_up(surge_store: Store) -> None:
    days = dyad_series(surge_store, "RUS", "UKR", freq="day")
    months = dyad_series(surge_store, "RUS", "UKR", freq="month")
    assert [p.start for p in months] == [date(2022, 1, 1), date(2022, 2, 1), date(2022, 3, 1)]
    assert months[0].end == date(2022, 1, 31)
    assert sum(p.conflict or 0 for p in days) == sum(p.conflict or 0 for p in months) == sum(surge_counts())
    assert sum(p.articles for p in days) == sum(p.articles for p in months) == 5 * WEEKS
    # weekends carry no articles in this stream: no data, not zero
    assert {p.start.weekday() for p in days if not p.has_data} == {5, 6}


def test_bad_arguments(surge_store: Store) -> None:
    with pytest.raises(ValueError, match="freq"):
        dyad_series(surge_store, "RUS", "UKR", freq="year")  # type: ignore[arg-type]
    assert dyad_series(surge_store, "RUS", "UKR", since=date(2022, 2, 1), until=date(2022, 1, 1)) == []
    assert dyad_series(surge_store, "RUS", "UKR", modalities=())[0].events == 0
    with open_store(":memory:") as memory, pytest.raises(StoreError, match="in-memory"):
        dyad_series(memory, "RUS", "UKR")


def test_series_sees_what_a_writable_store_just_committed(tmp_path: Path) -> None:
    with open_store(tmp_path / "live.duckdb") as store:
        store.add_many(week_items(0, 3))
        assert [p.conflict for p in dyad_series(store, "RUS", "UKR")] == [3]
        store.add_many(week_items(1, 4))
        assert [p.conflict for p in dyad_series(store, "RUS", "UKR")] == [3, 4]


# ---------------------------------------------------------------------------------------------- alerts


def test_quiet_series_raises_no_alert(tmp_path: Path) -> None:
    with open_store(build(tmp_path / "q.duckdb", stream(QUIET))) as store:
        assert alerts(dyad_series(store, "RUS", "UKR"), store=store) == []


def test_injected_surge_alerts_on_its_week_with_evidence(surge_store: Store) -> None:
    found = alerts(dyad_series(surge_store, "RUS", "UKR"), store=surge_store)
    assert [a.start for a in found] == [START + timedelta(weeks=SURGE_WEEK)]
    (alert,) = found
    assert alert.dyad == ("RUS", "UKR") and alert.count == 12
    assert 2.0 < alert.baseline < 4.0 and alert.ratio >= 2.0 and alert.z >= 2.0
    assert len(alert.evidence) == 5
    goldstein = [e.goldstein for e in alert.evidence]
    assert goldstein == sorted(goldstein) and goldstein[0] == lookup("193").goldstein
    for item in alert.evidence:
        assert item.sentence.startswith("RUSMIL did") and item.event_id.startswith(f"w{SURGE_WEEK}a")
        assert alert.start <= (item.date or date.min) <= alert.end
    # without a store the alert is the same, minus its evidence
    bare = alerts(dyad_series(surge_store, "RUS", "UKR"))
    assert [(a.start, a.count, a.ratio, a.evidence) for a in bare] == [(alert.start, 12, alert.ratio, ())]


def test_thresholds_are_settings(surge_store: Store) -> None:
    series = dyad_series(surge_store, "RUS", "UKR")
    assert alerts(series, AlertSettings(min_events=13)) == []
    assert alerts(series, AlertSettings(surge_ratio=100.0, z_threshold=100.0, cusum_threshold=100.0)) == []
    assert len(alerts(series, AlertSettings(surge_ratio=1.2, z_threshold=1.0))) > 1
    for bad in ({"decay": 0.0}, {"baseline_periods": 0}, {"surge_ratio": -1.0}, {"cusum_slack": -0.1}):
        with pytest.raises(ValueError):
            AlertSettings(**bad)  # type: ignore[arg-type]


def test_baseline_skips_no_data_and_needs_history() -> None:
    def point(week: int, conflict: int | None) -> SeriesPoint:
        return SeriesPoint(source="RUS", target="UKR", start=START + timedelta(weeks=week),
                           end=START + timedelta(weeks=week, days=6), articles=0 if conflict is None else 5,
                           events=conflict, quad1=None if conflict is None else 0,
                           quad2=None if conflict is None else 0, quad3=None if conflict is None else 0,
                           quad4=conflict, goldstein_sum=None, goldstein_mean=None, conflict_share=None)

    # a gap read as zeros would make 3 look like a surge; skipped, the baseline stays at 3
    assert alerts([point(0, 3), point(1, 3), point(2, None), point(3, None), point(4, 3)]) == []
    # a first busy period has nothing to compare with
    assert alerts([point(0, 20), point(1, 3)]) == []
    # a zero baseline gives an infinite ratio, not a division error
    (alert,) = alerts([point(0, 0), point(1, 0), point(2, 4)])
    assert alert.ratio == float("inf") and alert.baseline == 0.0 and alert.kind == "surge"


def test_sustained_rise_is_a_shift_with_its_onset() -> None:
    """A rise of ~1.5 sd a week never doubles the baseline in one step, but is a change all the same."""
    counts = [10, 11, 9, 10, 10, 11, 9, 10, 15, 16, 17, 18, 19, 20]
    series = [SeriesPoint(source="RUS", target="UKR", start=START + timedelta(weeks=k),
                          end=START + timedelta(weeks=k, days=6), articles=50, events=n, quad1=0, quad2=0,
                          quad3=0, quad4=n, goldstein_sum=None, goldstein_mean=None, conflict_share=None)
              for k, n in enumerate(counts)]
    found = alerts(series)
    assert found and all(a.kind == "shift" for a in found)
    first = found[0]
    assert first.onset == START + timedelta(weeks=8) and first.start > first.onset
    assert first.ratio < 2.0 and "rising since" in first.describe()
    # the same rise, cut before enough evidence accumulates, has not fired yet
    assert alerts(series[:9]) == []
    # a quiet series with the same noise never shifts
    assert alerts(series[:8] * 3) == []


def test_no_look_ahead_when_ingesting_live(tmp_path: Path) -> None:
    """Alerts computed on the data stored by the end of week k are those of the full series up to week k."""
    counts = surge_counts()
    full_db = build(tmp_path / "full.duckdb", stream(counts))
    with open_store(full_db, read_only=True) as store:
        final = alerts(dyad_series(store, "RUS", "UKR"), store=store)
        for week in range(WEEKS):
            cut = START + timedelta(weeks=week, days=6)
            assert alerts(dyad_series(store, "RUS", "UKR", until=cut), store=store) == [
                a for a in final if a.start <= cut]
    assert final
    seen: list[Alert] = []
    with open_store(tmp_path / "live.duckdb") as live:
        for week, n in enumerate(counts):
            live.add_many(week_items(week, n))
            now = alerts(dyad_series(live, "RUS", "UKR"), store=live)
            assert now[:len(seen)] == seen  # what fired earlier never changes once later data arrives
            seen = now
            assert now == [a for a in final if a.start <= START + timedelta(weeks=week, days=6)]


# ---------------------------------------------------------------------------------------------- CLI


def test_trend_table_and_plot(surge_db: Path, tmp_path: Path) -> None:
    png = tmp_path / "trend.png"
    result = CliRunner().invoke(main, ["trend", "rus", "ukr", "--db", str(surge_db), "--plot", str(png)])
    assert result.exit_code == 0, result.output
    lines = result.stdout.splitlines()
    assert lines[0].split()[:2] == ["period", "articles"]
    rows = {line.split()[0]: line for line in lines[1:]}
    assert len(rows) == WEEKS
    surge = rows[(START + timedelta(weeks=SURGE_WEEK)).isoformat()]
    assert surge.rstrip().endswith("! surge")
    assert [r for r in rows.values() if "!" in r] == [surge]
    assert png.read_bytes()[:8] == b"\x89PNG\r\n\x1a\n" and png.stat().st_size > 5_000


def test_trend_marks_no_data_with_a_dash(tmp_path: Path) -> None:
    db = build(tmp_path / "gap.duckdb", week_items(0, 3) + week_items(2, 3))
    result = CliRunner().invoke(main, ["trend", "RUS", "UKR", "--db", str(db), "--freq", "week"])
    assert result.exit_code == 0, result.output
    gap = next(line for line in result.stdout.splitlines() if line.startswith("2022-01-10"))
    assert gap.split()[1:6] == ["0", "-", "-", "-", "-"]


def test_trend_month_and_since(surge_db: Path) -> None:
    result = CliRunner().invoke(main, ["trend", "RUS", "UKR", "--db", str(surge_db), "--freq", "month",
                                       "--since", "2022-02-01"])
    assert result.exit_code == 0, result.output
    assert [line.split()[0] for line in result.stdout.splitlines()[1:]] == ["2022-02", "2022-03"]


def test_alerts_command_lists_evidence(surge_db: Path) -> None:
    result = CliRunner().invoke(main, ["alerts", "RUS", "UKR", "--db", str(surge_db)])
    assert result.exit_code == 0, result.output
    lines = result.stdout.splitlines()
    assert lines[0].startswith("surge RUS->UKR: 12 conflict events in " +
                               (START + timedelta(weeks=SURGE_WEEK)).isoformat())
    assert len(lines) == 1 + 5 and all("RUSMIL did" in line for line in lines[1:])
    later = CliRunner().invoke(main, ["alerts", "RUS", "UKR", "--db", str(surge_db), "--since", "2022-03-14"])
    assert later.exit_code == 0 and later.stdout == "" and "no alerts" in later.output


def test_plot_without_matplotlib_is_one_clear_error(surge_store: Store, tmp_path: Path,
                                                     monkeypatch: pytest.MonkeyPatch) -> None:
    series = dyad_series(surge_store, "RUS", "UKR")
    monkeypatch.setitem(sys.modules, "matplotlib", None)  # import matplotlib now raises ImportError
    with pytest.raises(TocsinError, match="pip install matplotlib"):
        plot_series(series, [], tmp_path / "x.png")
    assert not (tmp_path / "x.png").exists()


def test_missing_store_is_one_line(tmp_path: Path) -> None:
    result = CliRunner().invoke(main, ["trend", "RUS", "UKR", "--db", str(tmp_path / "none.duckdb")])
    assert result.exit_code == 1 and result.output.startswith("error:")


def test_alerts_without_a_dyad_scan_every_active_dyad(surge_db: Path) -> None:
    result = CliRunner().invoke(main, ["alerts", "--db", str(surge_db)])
    assert result.exit_code == 0, result.output
    assert result.stdout.startswith("surge RUS->UKR: 12 conflict")


# ---------------------------------------------------------------------------------------- other series


def test_actor_series_counts_both_sides(surge_store: Store) -> None:
    usa = actor_series(surge_store, "USA")
    assert [p.quad4 for p in usa] == [1] * WEEKS and all(p.target == "" for p in usa)
    rus = actor_series(surge_store, "RUS")
    dyad = dyad_series(surge_store, "RUS", "UKR")
    # RUS also appears as the target of the USA->RUS events
    assert [p.events for p in rus] == [(d.events or 0) + 1 for d in dyad]


def test_coverage_per_source_and_period(tmp_path: Path) -> None:
    items = week_items(0, 3) + week_items(2, 3)
    items.append((Article(id="other", text="text", date=START, source="agency"), []))
    with open_store(build(tmp_path / "c.duckdb", items)) as store:
        rows = coverage(store, freq="week")
        assert [(r.start, r.source, r.articles) for r in rows] == [
            (START, "agency", 1), (START, "wire", 5), (START + timedelta(weeks=2), "wire", 5)]
        assert sum(r.articles for r in coverage(store, freq="day")) == 11
        (two,) = coverage(store, since=START + timedelta(days=1), until=START + timedelta(days=2))
        assert (two.start, two.source, two.articles) == (START, "wire", 2)  # period start, days cut
        assert coverage(store, since=START + timedelta(days=5), until=START + timedelta(days=6)) == []


def test_active_dyads_and_scan(surge_store: Store) -> None:
    assert active_dyads(surge_store)[0] == ("RUS", "UKR")
    assert ("USA", "RUS") in active_dyads(surge_store)
    assert ("USA", "RUS") not in active_dyads(surge_store, min_events=WEEKS + 1)
    found = scan(surge_store)
    assert [(a.dyad, a.start) for a in found] == [(("RUS", "UKR"), START + timedelta(weeks=SURGE_WEEK))]
    assert scan(surge_store, since=START + timedelta(weeks=SURGE_WEEK + 1)) == []
