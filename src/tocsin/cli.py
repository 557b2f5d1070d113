"""The command line: a thin layer over the library. Every error a user can cause prints one line, no traceback."""

from __future__ import annotations

import functools
import sys
from collections.abc import Callable, Iterator, Sequence
from datetime import date
from importlib import resources
from pathlib import Path
from typing import TYPE_CHECKING, Any, TypeVar

import click

from . import __version__
from .errors import TocsinError
from .models import MODALITIES, Article

if TYPE_CHECKING:
    from .analytics import Alert, AlertSettings
    from .store import Store

F = TypeVar("F", bound=Callable[..., Any])


def _friendly(func: F) -> F:
    """Turn tocsin's own errors into one clear line on stderr and exit status 1."""

    @functools.wraps(func)
    def wrapper(*args: Any, **kwargs: Any) -> Any:
        try:
            return func(*args, **kwargs)
        except TocsinError as exc:
            click.echo(f"error: {exc}", err=True)
            sys.exit(1)
        except BrokenPipeError:  # `tocsin events | head`
            sys.exit(0)

    return wrapper  # type: ignore[return-value]


def _parse_iso(_ctx: click.Context, param: click.Parameter, value: str | None) -> date | None:
    if value is None:
        return None
    try:
        return date.fromisoformat(value)
    except ValueError as exc:
        raise click.BadParameter(f"expected YYYY-MM-DD, got {value!r}", param=param) from exc


input_options = [
    click.option("--date", "report_date", callback=_parse_iso, help="Report date for inputs without one."),
    click.option("--columns", default="", help="Field names of CSV/JSONL inputs, e.g. 'text=body,title=headline'."),
    click.option("--skip-bad", is_flag=True, help="Skip bad records with a warning instead of stopping."),
    click.option("--actors", "actor_files", multiple=True, type=click.Path(exists=True, dir_okay=False),
                 help="Extra actor dictionary (YAML), may repeat."),
    click.option("--verbs", "verb_files", multiple=True, type=click.Path(exists=True, dir_okay=False),
                 help="Extra verb dictionary (YAML), may repeat; its patterns win ties."),
    click.option("--processes", "-j", default=1, show_default=True, type=click.IntRange(1, 64),
                 help="Parser processes."),
]


dict_option = click.option(
    "--dict", "dict_files", multiple=True, type=click.Path(exists=True),
    help="User dictionary (tocsin YAML, actors/agents or verbs; or a directory of them), may repeat. Ranks "
         "above $TOCSIN_DICTIONARIES and the packaged data (see docs/dictionaries.md).")


def _with_input_options(func: F) -> F:
    for option in reversed(input_options):
        func = option(func)
    return func


def _articles(paths: Sequence[str], report_date: date | None, columns: str, skip_bad: bool) -> Iterator[Article]:
    from .ingest import ColumnMap, Problem, read_articles

    def warn(problem: Problem) -> None:
        click.echo(f"warning: skipped {problem}", err=True)

    yield from read_articles(paths, date=report_date, columns=ColumnMap.parse(columns) if columns else ColumnMap(),
                             skip_bad=skip_bad, on_problem=warn)


db_option = click.option("--db", type=click.Path(dir_okay=False), envvar="TOCSIN_DB",
                         help="DuckDB file (default: $TOCSIN_DB or the user data directory).")
format_option = click.option("--format", "fmt", type=click.Choice(["table", "jsonl", "csv"]), default="table",
                             show_default=True)


@click.group()
@click.version_option(__version__, prog_name="tocsin")
def main() -> None:
    """tocsin: code dated news articles into political events (CAMEO/PLOVER) and store them."""


@main.command()
@click.option("--format", "fmt", type=click.Choice(["table", "jsonl", "csv"]), default="table",
              show_default=True)
@_friendly
def demo(fmt: str) -> None:
    """Code the bundled example article (2022-01-18, Russia-Ukraine) and print its events."""
    from .ingest import read_articles
    from .pipeline import Coder
    from .render import write

    source = resources.files("tocsin") / "data" / "seed_article_2022-01-18.txt"
    with resources.as_file(source) as path:
        articles = list(read_articles([path]))
    coder = Coder()
    for article in articles:
        click.echo(f"# {article.title} ({article.date})", err=True)
        write(coder.code_article(article), sys.stdout, fmt)


@main.command()
@click.argument("paths", nargs=-1, required=True, type=click.Path())
@_with_input_options
@dict_option
@format_option
@_friendly
def code(paths: tuple[str, ...], report_date: date | None, columns: str, skip_bad: bool,
         actor_files: tuple[str, ...], verb_files: tuple[str, ...], processes: int, dict_files: tuple[str, ...],
         fmt: str) -> None:
    """Code articles from files or directories and print their events (nothing is stored)."""
    from .pipeline import Coder
    from .render import write

    coder = Coder(actor_files=actor_files, verb_files=verb_files, dict_files=dict_files)
    coded = coder.code_articles(_articles(paths, report_date, columns, skip_bad), n_process=processes)
    write((e for _, events in coded for e in events), sys.stdout, fmt)


@main.command()
@click.argument("paths", nargs=-1, required=True, type=click.Path())
@db_option
@_with_input_options
@dict_option
@_friendly
def ingest(paths: tuple[str, ...], db: str | None, report_date: date | None, columns: str, skip_bad: bool,
           actor_files: tuple[str, ...], verb_files: tuple[str, ...], processes: int,
           dict_files: tuple[str, ...]) -> None:
    """Code articles and store them with their events (idempotent; atomic per article)."""
    from .pipeline import Coder
    from .store import open_store

    coder = Coder(actor_files=actor_files, verb_files=verb_files, dict_files=dict_files)
    with open_store(db) as store:
        coded = coder.code_articles(_articles(paths, report_date, columns, skip_bad), n_process=processes)
        stats = store.add_many(coded)
        click.echo(f"{stats.articles_added} articles added, {stats.articles_unchanged} unchanged, "
                   f"{stats.events_added} events stored ({coder.unknown} uncodable triggers) in {store.path}",
                   err=True)
        from .clusters import update_clusters

        update = update_clusters(store)
        click.echo(f"{update.events} events clustered ({update.articles} articles new or changed)", err=True)


def _parse_dyad(_ctx: click.Context, param: click.Parameter, value: str | None) -> tuple[str, str] | None:
    if value is None:
        return None
    parts = value.upper().split(":")
    if len(parts) != 2 or not all(parts):
        raise click.BadParameter(f"expected SOURCE:TARGET such as RUS:UKR, got {value!r}", param=param)
    return parts[0], parts[1]


@main.command()
@db_option
@click.option("--actor", help="Actor code prefix on either side (RUS matches RUSGOV, RUSMIL).")
@click.option("--dyad", callback=_parse_dyad, help="Directed dyad SOURCE:TARGET, e.g. RUS:UKR.")
@click.option("--since", callback=_parse_iso, help="Earliest event date (inclusive).")
@click.option("--until", callback=_parse_iso, help="Latest event date (inclusive).")
@click.option("--code", help="CAMEO code prefix, e.g. 15 or 1312.")
@click.option("--modality", type=click.Choice(MODALITIES), multiple=True, help="May repeat.")
@click.option("--limit", type=click.IntRange(1), help="At most this many events.")
@format_option
@_friendly
def events(db: str | None, actor: str | None, dyad: tuple[str, str] | None, since: date | None,
           until: date | None, code: str | None, modality: tuple[str, ...], limit: int | None, fmt: str) -> None:
    """Query stored events."""
    from .render import write
    from .store import open_store

    with open_store(db, read_only=True) as store:
        found = store.events(actor=actor.upper() if actor else None, dyad=dyad, since=since, until=until,
                             code=code, modality=list(modality) or None, limit=limit)
    write(found, sys.stdout, fmt)


@main.command()
@db_option
@click.option("--actor", help="Actor code prefix on either side (RUS matches RUSGOV, RUSMIL).")
@click.option("--dyad", callback=_parse_dyad, help="Directed dyad SOURCE:TARGET, e.g. RUS:UKR.")
@click.option("--since", callback=_parse_iso, help="Clusters seen on or after this day.")
@click.option("--until", callback=_parse_iso, help="Clusters seen on or before this day.")
@click.option("--code", help="CAMEO code prefix, e.g. 15 or 1312.")
@click.option("--min-reports", type=click.IntRange(1), default=1, show_default=True,
              help="Only clusters with at least this many reports.")
@click.option("--sort", "order", type=click.Choice(["date", "reports"]), default="date", show_default=True)
@click.option("--limit", type=click.IntRange(1), help="At most this many clusters.")
@click.option("--update", is_flag=True, help="Bring the clusters up to date first (opens the store writable).")
@format_option
@_friendly
def clusters(db: str | None, actor: str | None, dyad: tuple[str, str] | None, since: date | None,
             until: date | None, code: str | None, min_reports: int, order: str, limit: int | None, update: bool,
             fmt: str) -> None:
    """List event clusters: the reports of one real-world happening counted once."""
    from .clusters import event_clusters, pending_articles, update_clusters
    from .render import write_clusters
    from .store import open_store

    with open_store(db, read_only=not update) as store:
        if update:
            update_clusters(store)
        elif pending := pending_articles(store):
            click.echo(f"warning: {pending} articles changed since the clusters were last updated; "
                       f"run `tocsin clusters --update`", err=True)
        found = event_clusters(store, actor=actor.upper() if actor else None, dyad=dyad, since=since, until=until,
                               code=code, min_reports=min_reports, order=order, limit=limit)
    write_clusters(found, sys.stdout, fmt)


@main.command("eval")
@click.argument("gold", type=click.Path(exists=True))
@click.option("--diff", "diff_path", type=click.Path(dir_okay=False), default="eval_diff.jsonl",
              show_default=True, help="Where to write the per-record diff (JSONL).")
@click.option("--without-statements", is_flag=True,
              help="Leave CAMEO 01 statements out of the predictions (PLOVER has no statement event).")
@click.option("--context", "context_paths", multiple=True, type=click.Path(exists=True),
              help="Corpus the JSONL gold sentences were drawn from: each is coded inside its article "
                   "(matched by link), as a real run sees it. May repeat.")
@_friendly
def eval_(gold: str, diff_path: str, without_statements: bool, context_paths: tuple[str, ...]) -> None:
    """Score the coder against gold sentences: precision, recall, F1.

    GOLD is PLOVER GSR JSON, or event-list JSONL (a .jsonl file such as tests/data/gold/kremlin_2021-22.jsonl),
    which is scored by CAMEO root and by PLOVER type, with modality accuracy.
    """
    from .evaluate import (
        evaluate,
        evaluate_events,
        format_event_report,
        format_report,
        is_event_gold,
        load_event_gold,
        load_gold,
        write_diff,
    )
    from .models import Event
    from .ontology import STATEMENT
    from .pipeline import Coder

    coder = Coder()

    def predict(articles: list[Article]) -> list[list[Event]]:
        return [[e for e in events if not (without_statements and e.plover_type == STATEMENT)]
                for _, events in coder.code_articles(articles)]

    if is_event_gold(gold):
        event_records = load_event_gold(gold)
        if context_paths:
            from .evaluate import events_in_context

            predicted, missing = events_in_context(
                event_records, _articles(context_paths, None, "", False),
                lambda article: predict([article])[0])
            for i, events in zip(missing, predict([Article(id=event_records[i].id, text=event_records[i].text,
                                                           date=event_records[i].date) for i in missing]),
                                 strict=True):
                predicted[i] = events
            click.echo(f"{len(event_records) - len(missing)} gold sentences coded in their article, "
                       f"{len(missing)} alone (not found in --context)", err=True)
        else:
            predicted = predict([Article(id=r.id, text=r.text, date=r.date) for r in event_records])
        event_report = evaluate_events(event_records, predicted)
        click.echo(format_event_report(event_report))
        write_diff(event_report, Path(diff_path))
    else:
        records = load_gold(gold)
        report = evaluate(records, predict([Article(id=r.id, text=r.text, date=r.date) for r in records]))
        click.echo(format_report(report))
        write_diff(report, Path(diff_path))
    click.echo(f"per-record diff written to {diff_path}", err=True)



freq_option = click.option("--freq", type=click.Choice(["day", "week", "month"]), default="week",
                           show_default=True, help="Period of the series (weeks start on Monday).")
modality_option = click.option("--modality", "modalities", multiple=True, type=click.Choice(MODALITIES),
                               help="Modalities counted (may repeat; default: asserted and reported).")


def _alert_options(func: F) -> F:
    """The alert thresholds as options, defaults from AlertSettings (documented there)."""
    from .analytics import DEFAULT_SETTINGS as D

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
    from .analytics import AlertSettings

    return AlertSettings(min_events=min_events, surge_ratio=surge_ratio, z_threshold=z_threshold,
                         cusum_threshold=cusum_threshold)


def open_store_ro(db: str | None) -> Store:
    from .store import open_store

    return open_store(db, read_only=True)


def _fmt(value: float | int | None, spec: str = "") -> str:
    return "-" if value is None else format(value, spec)


@main.command()
@click.argument("source")
@click.argument("target", required=False)
@db_option
@freq_option
@modality_option
@click.option("--since", callback=_parse_iso, help="First day of the series (inclusive).")
@click.option("--until", callback=_parse_iso, help="Last day of the series (inclusive).")
@click.option("--plot", "plot_path", type=click.Path(dir_okay=False), help="Also draw the series to this PNG.")
@_alert_options
@_friendly
def trend(source: str, target: str | None, db: str | None, freq: str, modalities: tuple[str, ...],
          since: date | None, until: date | None, plot_path: str | None, **thresholds: Any) -> None:
    """Print the SOURCE -> TARGET dyad's series (code prefixes, e.g. RUS UKR) with its alerts marked, or
    with SOURCE alone every event that actor takes part in.

    '-' marks a period with no data (nothing stored), as opposed to 0 (covered, but no such event).
    """
    from .analytics import DEFAULT_MODALITIES, actor_series, alerts, as_freq, dyad_series, period_label

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
        from .analytics import plot_series

        plot_series(series, found, Path(plot_path), freq=period)
        click.echo(f"plot written to {plot_path}", err=True)


def _echo_alert(alert: Alert, prefix: str = "") -> None:
    click.echo(prefix + alert.describe())
    for ev in alert.evidence:
        reports = f" x{ev.reports} reports" if ev.reports > 1 else ""
        click.echo(f"  [{ev.goldstein:+.1f} {ev.cameo} {ev.date}{reports}] {ev.sentence}")


@main.command("alerts")
@click.argument("source", required=False)
@click.argument("target", required=False)
@db_option
@freq_option
@modality_option
@click.option("--since", callback=_parse_iso,
              help="List alerts from this day on (earlier data still feeds the baseline).")
@_alert_options
@_friendly
def alerts_(source: str | None, target: str | None, db: str | None, freq: str, modalities: tuple[str, ...],
            since: date | None, **thresholds: Any) -> None:
    """List conflict surges and shifts with the sentences behind them: of the SOURCE -> TARGET dyad, or of
    every dyad with enough conflict events when none is given (latest first)."""
    from .analytics import DEFAULT_MODALITIES, alerts, as_freq, dyad_series, scan

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


@main.command()
@db_option
@freq_option
@click.option("--since", callback=_parse_iso, help="First day (inclusive).")
@click.option("--until", callback=_parse_iso, help="Last day (inclusive).")
@_friendly
def coverage(db: str | None, freq: str, since: date | None, until: date | None) -> None:
    """Articles stored per period and source: the denominators behind normalised series."""
    from .analytics import as_freq, coverage, period_label

    period = as_freq(freq)
    with open_store_ro(db) as store:
        rows = coverage(store, freq=period, since=since, until=until)
    click.echo(f"{'period':<10} {'articles':>8}  source")
    for row in rows:
        click.echo(f"{period_label(row.start, period):<10} {row.articles:>8}  {row.source or '(unknown)'}")
    if not rows:
        click.echo("no articles stored", err=True)


@main.command()
@click.argument("paths", nargs=-1, required=True, type=click.Path())
@click.option("--dyad", required=True, callback=_parse_dyad,
              help="Directed dyad to watch, SOURCE:TARGET code prefixes (e.g. RUS:UKR).")
@click.option("--until", callback=_parse_iso, help="Replay articles dated up to this day (inclusive).")
@db_option
@freq_option
@modality_option
@_with_input_options
@_alert_options
@_friendly
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

    from .analytics import DEFAULT_MODALITIES, as_freq
    from .analytics.backtest import Firing, backtest, in_date_order
    from .clusters import update_clusters
    from .pipeline import Coder
    from .store import open_store

    period = as_freq(freq)
    source, target = dyad
    articles, undated = in_date_order(_articles(paths, report_date, columns, skip_bad), until)
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


@main.group("dict")
def dict_() -> None:
    """Import and check dictionaries (see docs/dictionaries.md)."""


@dict_.command("import-petrarch")
@click.argument("paths", nargs=-1, required=True, type=click.Path(exists=True))
@click.option("--out", "out_dir", required=True, type=click.Path(file_okay=False),
              help="Directory for petrarch_actors.yaml, petrarch_agents.yaml and petrarch_verbs.yaml.")
@_friendly
def dict_import_petrarch(paths: tuple[str, ...], out_dir: str) -> None:
    """Convert PETRARCH/TABARI actor, agent and verb files (or directories of them) to tocsin YAML."""
    from .petrarch import format_summary, import_petrarch

    click.echo(format_summary(import_petrarch(paths, out_dir)))


@dict_.command("validate")
@click.argument("paths", nargs=-1, required=True, type=click.Path(exists=True))
@_friendly
def dict_validate(paths: tuple[str, ...]) -> None:
    """Check tocsin dictionary files (or directories of them): one line per problem, exit status 1 if any."""
    from .dictionaries import dictionary_files, validate_file

    files = dictionary_files(paths)
    problems = [problem for path in files for problem in validate_file(path)]
    for problem in problems:
        click.echo(str(problem))
    click.echo(f"{len(files)} files checked, {len(problems)} problems", err=True)
    if problems:
        sys.exit(1)


if __name__ == "__main__":  # pragma: no cover
    main()
