"""Early warning: ``trend``, ``alerts``, ``coverage`` and ``backtest``, with their alert threshold options."""

from __future__ import annotations

from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING, Any

import click

from ..models import MODALITIES
from .options import F, db_option, friendly, input_articles, parse_dyad, parse_iso, with_input_options

if TYPE_CHECKING:
    from ..analytics import Alert, AlertSettings
    from ..store import Store

freq_option = click.option("--freq", type=click.Choice(["day", "week", "month"]), default="week",
                           show_default=True, help="Period of the series (weeks start on Monday).")
modality_option = click.option("--modality", "modalities", multiple=True, type=click.Choice(MODALITIES),
                               help="Modalities counted (may repeat; default: asserted and reported).")


def _alert_options(func: F) -> F:
    """The alert thresholds as options, defaults from AlertSettings (documented there)."""
    from ..analytics import DEFAULT_SETTINGS as D

    options = [
        click.option("--min-events", type=click.IntRange(0), default=D.min_events, show_default=True,
                     help="Conflict events a period needs before it can alert."),
        click.option("--surge-ratio", type=click.FloatRange(min=0, min_open=True), default=D.surge_ratio,
                     show_default=True, help="Count / baseline that makes a surge."),
        click.option("--z", "z_threshold", type=click.FloatRange(min=0, min_open=True), default=D.z_threshold,
                     show_default=True, help="Standard deviations above baseline that make a surge."),
        click.option("--cusum", "cusum_threshold", type=click.FloatRange(min=0, min_open=True),
                     default=D.cusum_threshold, show_default=True, help="CUSUM level that makes a shift."),
    ]
    for option in reversed(options):
        func = option(func)
    return func


def _settings(min_events: int, surge_ratio: float, z_threshold: float, cusum_threshold: float) -> AlertSettings:
    from ..analytics import AlertSettings

    return AlertSettings(min_events=min_events, surge_ratio=surge_ratio, z_threshold=z_threshold,
                         cusum_threshold=cusum_threshold)


def open_store_ro(db: str | None) -> Store:
    from ..store import open_store

    return open_store(db, read_only=True)


def _fmt(value: float | int | None, spec: str = "") -> str:
    return "-" if value is None else format(value, spec)


@click.command()
@click.argument("source")
@click.argument("target", required=False)
@db_option
@freq_option
@modality_option
@click.option("--since", callback=parse_iso, help="First day of the series (inclusive).")
@click.option("--until", callback=parse_iso, help="Last day of the series (inclusive).")
@click.option("--plot", "plot_path", type=click.Path(dir_okay=False), help="Also draw the series to this PNG.")
@_alert_options
@friendly
def trend(source: str, target: str | None, db: str | None, freq: str, modalities: tuple[str, ...],
          since: date | None, until: date | None, plot_path: str | None, **thresholds: Any) -> None:
    """Print the SOURCE -> TARGET dyad's series (code prefixes, e.g. RUS UKR) with its alerts marked, or
    with SOURCE alone every event that actor takes part in.

    '-' marks a period with no data (nothing stored), as opposed to 0 (covered, but no such event).
    """
    from ..analytics import DEFAULT_MODALITIES, actor_series, alerts, as_freq, dyad_series, period_label

    period = as_freq(freq)
    mods = modalities or DEFAULT_MODALITIES
    with open_store_ro(db) as store:
        if target is None:
            series = actor_series(store, source.upper(), freq=period, modalities=mods, since=since, until=until)
        else:
            series = dyad_series(store, source.upper(), target.upper(), freq=period, modalities=mods,
                                 since=since, until=until)
    found = alerts(series, _settings(**thresholds))
    flagged = {alert.start: alert.kind for alert in found}
    click.echo(f"{'period':<10} {'articles':>8} {'q1':>5} {'q2':>5} {'q3':>5} {'q4':>5} {'gold_sum':>9} "
               f"{'conf_share':>10} {'conf/100art':>11}  alert")
    for p in series:
        click.echo(f"{period_label(p.start, period):<10} {p.articles:>8} {_fmt(p.quad1):>5} {_fmt(p.quad2):>5} "
                   f"{_fmt(p.quad3):>5} {_fmt(p.quad4):>5} {_fmt(p.goldstein_sum, '.1f'):>9} "
                   f"{_fmt(p.conflict_share, '.2f'):>10} {_fmt(p.conflict_per_100_articles, '.1f'):>11}  "
                   f"{'! ' + flagged[p.start] if p.start in flagged else ''}")
    if not series:
        click.echo("no data for this dyad", err=True)
    if plot_path is not None:
        from ..analytics import plot_series

        plot_series(series, found, Path(plot_path), freq=period)
        click.echo(f"plot written to {plot_path}", err=True)


def _echo_alert(alert: Alert, prefix: str = "") -> None:
    click.echo(prefix + alert.describe())
    for ev in alert.evidence:
        reports = f" x{ev.reports} reports" if ev.reports > 1 else ""
        click.echo(f"  [{ev.goldstein:+.1f} {ev.cameo} {ev.date}{reports}] {ev.sentence}")


@click.command("alerts")
@click.argument("source", required=False)
@click.argument("target", required=False)
@db_option
@freq_option
@modality_option
@click.option("--since", callback=parse_iso,
              help="List alerts from this day on (earlier data still feeds the baseline).")
@_alert_options
@friendly
def alerts_(source: str | None, target: str | None, db: str | None, freq: str, modalities: tuple[str, ...],
            since: date | None, **thresholds: Any) -> None:
    """List conflict surges and shifts with the sentences behind them: of the SOURCE -> TARGET dyad, or of
    every dyad with enough conflict events when none is given (latest first)."""
    from ..analytics import DEFAULT_MODALITIES, alerts, as_freq, dyad_series, scan

    if (source is None) != (target is None):
        raise click.UsageError("give both SOURCE and TARGET, or neither to scan every dyad")
    period = as_freq(freq)
    mods = modalities or DEFAULT_MODALITIES
    settings = _settings(**thresholds)
    with open_store_ro(db) as store:
        if source is None or target is None:
            found = scan(store, freq=period, modalities=mods, since=since, settings=settings)
        else:
            series = dyad_series(store, source.upper(), target.upper(), freq=period, modalities=mods)
            found = [a for a in alerts(series, settings, store=store) if since is None or a.end >= since]
    for alert in found:
        _echo_alert(alert)
    if not found:
        click.echo("no alerts", err=True)


@click.command()
@db_option
@freq_option
@click.option("--since", callback=parse_iso, help="First day (inclusive).")
@click.option("--until", callback=parse_iso, help="Last day (inclusive).")
@friendly
def coverage(db: str | None, freq: str, since: date | None, until: date | None) -> None:
    """Articles stored per period and source: the denominators behind normalised series."""
    from ..analytics import as_freq, coverage, period_label

    period = as_freq(freq)
    with open_store_ro(db) as store:
        rows = coverage(store, freq=period, since=since, until=until)
    click.echo(f"{'period':<10} {'articles':>8}  source")
    for row in rows:
        click.echo(f"{period_label(row.start, period):<10} {row.articles:>8}  {row.source or '(unknown)'}")
    if not rows:
        click.echo("no articles stored", err=True)


@click.command()
@click.argument("paths", nargs=-1, required=True, type=click.Path())
@click.option("--dyad", required=True, callback=parse_dyad,
              help="Directed dyad to watch, SOURCE:TARGET code prefixes (e.g. RUS:UKR).")
@click.option("--until", callback=parse_iso, help="Replay articles dated up to this day (inclusive).")
@db_option
@freq_option
@modality_option
@with_input_options
@_alert_options
@friendly
def backtest(paths: tuple[str, ...], dyad: tuple[str, str], until: date | None, db: str | None, freq: str,
             modalities: tuple[str, ...], report_date: date | None, columns: str, skip_bad: bool,
             actor_files: tuple[str, ...], verb_files: tuple[str, ...], processes: int,
             **thresholds: Any) -> None:
    """Replay a dated corpus day by day as if live and print when each alert for the dyad first fires,
    using only the articles dated up to that day. Ends with 'first alert: YYYY-MM-DD' or 'first alert: none'.

    Without --db the replay goes into a temporary store that is deleted afterwards; a --db must be new or
    empty.
    """
    import tempfile

    from ..analytics import DEFAULT_MODALITIES, as_freq
    from ..analytics.backtest import Firing, backtest, in_date_order
    from ..clusters import update_clusters
    from ..pipeline import Coder
    from ..store import open_store

    period = as_freq(freq)
    source, target = dyad
    articles, undated = in_date_order(input_articles(paths, report_date, columns, skip_bad), until)
    if undated:
        click.echo(f"warning: {undated} articles without a date left out of the replay", err=True)
    coder = Coder(actor_files=actor_files, verb_files=verb_files)

    def report(firing: Firing) -> None:
        _echo_alert(firing.alert, prefix=f"{firing.fired_on} fired: ")

    with tempfile.TemporaryDirectory(prefix="tocsin-backtest-") as tmp:
        path = db if db is not None else str(Path(tmp) / "backtest.duckdb")
        with open_store(path) as store:
            result = backtest(store, coder.code_articles(articles, n_process=processes), source=source,
                              target=target, freq=period, modalities=modalities or DEFAULT_MODALITIES,
                              settings=_settings(**thresholds), undated=undated, on_firing=report,
                              after_day=update_clusters)
    first = result.first_alert
    click.echo(f"replayed {result.articles} articles over {result.days} days; "
               f"{len(result.firings)} alerts for {source}->{target}")
    click.echo(f"first alert: {first.isoformat() if first else 'none'}")
