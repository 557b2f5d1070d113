"""The command line: a thin layer over the library. Every error a user can cause prints one line, no traceback."""

from __future__ import annotations

import functools
import sys
from collections.abc import Callable, Iterator, Sequence
from datetime import date
from importlib import resources
from pathlib import Path
from typing import Any, TypeVar

import click

from . import __version__
from .errors import TocsinError
from .models import MODALITIES, Article

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
@format_option
@_friendly
def code(paths: tuple[str, ...], report_date: date | None, columns: str, skip_bad: bool,
         actor_files: tuple[str, ...], verb_files: tuple[str, ...], processes: int, fmt: str) -> None:
    """Code articles from files or directories and print their events (nothing is stored)."""
    from .pipeline import Coder
    from .render import write

    coder = Coder(actor_files=actor_files, verb_files=verb_files)
    coded = coder.code_articles(_articles(paths, report_date, columns, skip_bad), n_process=processes)
    write((e for _, events in coded for e in events), sys.stdout, fmt)


@main.command()
@click.argument("paths", nargs=-1, required=True, type=click.Path())
@db_option
@_with_input_options
@_friendly
def ingest(paths: tuple[str, ...], db: str | None, report_date: date | None, columns: str, skip_bad: bool,
           actor_files: tuple[str, ...], verb_files: tuple[str, ...], processes: int) -> None:
    """Code articles and store them with their events (idempotent; atomic per article)."""
    from .pipeline import Coder
    from .store import open_store

    coder = Coder(actor_files=actor_files, verb_files=verb_files)
    with open_store(db) as store:
        coded = coder.code_articles(_articles(paths, report_date, columns, skip_bad), n_process=processes)
        stats = store.add_many(coded)
        click.echo(f"{stats.articles_added} articles added, {stats.articles_unchanged} unchanged, "
                   f"{stats.events_added} events stored ({coder.unknown} uncodable triggers) in {store.path}",
                   err=True)


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


@main.command("eval")
@click.argument("gold", type=click.Path(exists=True))
@click.option("--diff", "diff_path", type=click.Path(dir_okay=False), default="eval_diff.jsonl",
              show_default=True, help="Where to write the per-record diff (JSONL).")
@click.option("--without-statements", is_flag=True,
              help="Leave CAMEO 01 statements out of the predictions (PLOVER has no statement event).")
@_friendly
def eval_(gold: str, diff_path: str, without_statements: bool) -> None:
    """Score the coder against gold sentences (PLOVER GSR JSON): precision, recall, F1."""
    from .evaluate import evaluate, format_report, load_gold, write_diff
    from .ontology import STATEMENT
    from .pipeline import Coder

    records = load_gold(gold)
    coder = Coder()
    articles = [Article(id=r.id, text=r.text, date=r.date) for r in records]
    predictions = [[e for e in events if not (without_statements and e.plover_type == STATEMENT)]
                   for _, events in coder.code_articles(articles)]
    report = evaluate(records, predictions)
    click.echo(format_report(report))
    write_diff(report, Path(diff_path))
    click.echo(f"per-record diff written to {diff_path}", err=True)



freq_option = click.option("--freq", type=click.Choice(["day", "week", "month"]), default="week",
                           show_default=True, help="Period of the series (weeks start on Monday).")


def _fmt(value: float | int | None, spec: str = "") -> str:
    return "-" if value is None else format(value, spec)


@main.command()
@click.argument("source")
@click.argument("target")
@db_option
@freq_option
@click.option("--since", callback=_parse_iso, help="First day of the series (inclusive).")
@click.option("--until", callback=_parse_iso, help="Last day of the series (inclusive).")
@click.option("--plot", "plot_path", type=click.Path(dir_okay=False), help="Also draw the series to this PNG.")
@_friendly
def trend(source: str, target: str, db: str | None, freq: str, since: date | None, until: date | None,
          plot_path: str | None) -> None:
    """Print the SOURCE -> TARGET dyad's series (code prefixes, e.g. RUS UKR) with its alerts marked.

    '-' marks a period with no data (nothing stored), as opposed to 0 (covered, but no such event).
    """
    from .analytics import alerts, as_freq, dyad_series, period_label
    from .store import open_store

    period = as_freq(freq)
    with open_store(db, read_only=True) as store:
        series = dyad_series(store, source.upper(), target.upper(), freq=period, since=since, until=until)
    flagged = {alert.start for alert in alerts(series)}
    click.echo(f"{'period':<10} {'articles':>8} {'q1':>5} {'q2':>5} {'q3':>5} {'q4':>5} {'gold_sum':>9} "
               f"{'conf_share':>10} {'conf/100art':>11}  alert")
    for p in series:
        click.echo(f"{period_label(p.start, period):<10} {p.articles:>8} {_fmt(p.quad1):>5} {_fmt(p.quad2):>5} "
                   f"{_fmt(p.quad3):>5} {_fmt(p.quad4):>5} {_fmt(p.goldstein_sum, '.1f'):>9} "
                   f"{_fmt(p.conflict_share, '.2f'):>10} {_fmt(p.conflict_per_100_articles, '.1f'):>11}  "
                   f"{'!' if p.start in flagged else ''}")
    if not series:
        click.echo("no data for this dyad", err=True)
    if plot_path is not None:
        from .analytics import plot_series

        plot_series(series, alerts(series), Path(plot_path), freq=period)
        click.echo(f"plot written to {plot_path}", err=True)


@main.command("alerts")
@click.argument("source")
@click.argument("target")
@db_option
@freq_option
@click.option("--since", callback=_parse_iso,
              help="List alerts from this day on (earlier data still feeds the baseline).")
@_friendly
def alerts_(source: str, target: str, db: str | None, freq: str, since: date | None) -> None:
    """List the SOURCE -> TARGET dyad's conflict surges with the sentences behind them."""
    from .analytics import alerts, as_freq, dyad_series, period_label
    from .store import open_store

    period = as_freq(freq)
    with open_store(db, read_only=True) as store:
        series = dyad_series(store, source.upper(), target.upper(), freq=period)
        found = [a for a in alerts(series, store=store) if since is None or a.end >= since]
    for alert in found:
        click.echo(f"{period_label(alert.start, period)} {alert.source}->{alert.target}: {alert.count} conflict "
                   f"events vs baseline {alert.baseline:.1f} (ratio {alert.ratio:.1f}, z {alert.z:.1f}), "
                   f"{alert.start} .. {alert.end}")
        for ev in alert.evidence:
            click.echo(f"  [{ev.goldstein:+.1f} {ev.cameo} {ev.date} {ev.event_id}] {ev.sentence}")
    if not found:
        click.echo("no alerts", err=True)


if __name__ == "__main__":  # pragma: no cover
    main()
