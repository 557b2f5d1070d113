"""Coding articles: the bundled demo, ``code`` (print events) and ``ingest`` (store them)."""

from __future__ import annotations

import sys
from datetime import date
from importlib import resources

import click

from .options import db_option, dict_option, format_option, friendly, input_articles, with_input_options


@click.command()
@click.option("--format", "fmt", type=click.Choice(["table", "jsonl", "csv"]), default="table",
              show_default=True)
@friendly
def demo(fmt: str) -> None:
    """Code the bundled example article (2022-01-18, Russia-Ukraine) and print its events."""
    from ..ingest import read_articles
    from ..pipeline import Coder
    from ..render import write

    source = resources.files("tocsin") / "data" / "seed_article_2022-01-18.txt"
    with resources.as_file(source) as path:
        articles = list(read_articles([path]))
    coder = Coder()
    for article in articles:
        click.echo(f"# {article.title} ({article.date})", err=True)
        write(coder.code_article(article), sys.stdout, fmt)


@click.command()
@click.argument("paths", nargs=-1, required=True, type=click.Path())
@with_input_options
@dict_option
@format_option
@friendly
def code(paths: tuple[str, ...], report_date: date | None, columns: str, skip_bad: bool,
         actor_files: tuple[str, ...], verb_files: tuple[str, ...], processes: int, dict_files: tuple[str, ...],
         fmt: str) -> None:
    """Code articles from files or directories and print their events (nothing is stored)."""
    from ..pipeline import Coder
    from ..render import write

    coder = Coder(actor_files=actor_files, verb_files=verb_files, dict_files=dict_files)
    coded = coder.code_articles(input_articles(paths, report_date, columns, skip_bad), n_process=processes)
    write((e for _, events in coded for e in events), sys.stdout, fmt)


@click.command()
@click.argument("paths", nargs=-1, required=True, type=click.Path())
@db_option
@with_input_options
@dict_option
@friendly
def ingest(paths: tuple[str, ...], db: str | None, report_date: date | None, columns: str, skip_bad: bool,
           actor_files: tuple[str, ...], verb_files: tuple[str, ...], processes: int,
           dict_files: tuple[str, ...]) -> None:
    """Code articles and store them with their events (idempotent; atomic per article)."""
    from ..pipeline import Coder
    from ..store import open_store

    coder = Coder(actor_files=actor_files, verb_files=verb_files, dict_files=dict_files)
    with open_store(db) as store:
        coded = coder.code_articles(input_articles(paths, report_date, columns, skip_bad), n_process=processes)
        stats = store.add_many(coded)
        click.echo(f"{stats.articles_added} articles added, {stats.articles_unchanged} unchanged, "
                   f"{stats.events_added} events stored ({coder.unknown} uncodable triggers) in {store.path}",
                   err=True)
        from ..clusters import update_clusters

        update = update_clusters(store)
        click.echo(f"{update.events} events clustered ({update.articles} articles new or changed)", err=True)
