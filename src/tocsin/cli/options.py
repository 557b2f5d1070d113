"""What several commands share: the error wrapper, date and dyad parsing, the input, dictionary, store and
output options, and reading the input articles."""

from __future__ import annotations

import functools
import sys
from collections.abc import Callable, Iterator, Sequence
from datetime import date
from typing import Any, TypeVar

import click

from ..errors import TocsinError
from ..models import Article

F = TypeVar("F", bound=Callable[..., Any])


def friendly(func: F) -> F:
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


def parse_iso(_ctx: click.Context, param: click.Parameter, value: str | None) -> date | None:
    """Click callback: an optional YYYY-MM-DD value as a date."""
    if value is None:
        return None
    try:
        return date.fromisoformat(value)
    except ValueError as exc:
        raise click.BadParameter(f"expected YYYY-MM-DD, got {value!r}", param=param) from exc


def parse_dyad(_ctx: click.Context, param: click.Parameter, value: str | None) -> tuple[str, str] | None:
    """Click callback: an optional SOURCE:TARGET value as an upper-case pair of code prefixes."""
    if value is None:
        return None
    parts = value.upper().split(":")
    if len(parts) != 2 or not all(parts):
        raise click.BadParameter(f"expected SOURCE:TARGET such as RUS:UKR, got {value!r}", param=param)
    return parts[0], parts[1]


input_options = [
    click.option("--date", "report_date", callback=parse_iso, help="Report date for inputs without one."),
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


def with_input_options(func: F) -> F:
    """Give a command the input options: report date, columns, skip-bad, extra dictionaries, processes."""
    for option in reversed(input_options):
        func = option(func)
    return func


def input_articles(paths: Sequence[str], report_date: date | None, columns: str, skip_bad: bool) -> Iterator[Article]:
    """The articles of the input files under the input options; each skipped record is a warning on stderr."""
    from ..ingest import ColumnMap, Problem, read_articles

    def warn(problem: Problem) -> None:
        click.echo(f"warning: skipped {problem}", err=True)

    yield from read_articles(paths, date=report_date, columns=ColumnMap.parse(columns) if columns else ColumnMap(),
                             skip_bad=skip_bad, on_problem=warn)


db_option = click.option("--db", type=click.Path(dir_okay=False), envvar="TOCSIN_DB",
                         help="DuckDB file (default: $TOCSIN_DB or the user data directory).")
format_option = click.option("--format", "fmt", type=click.Choice(["table", "jsonl", "csv"]), default="table",
                             show_default=True)
