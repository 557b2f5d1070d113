"""Reading the store: ``events`` and ``clusters``."""

from __future__ import annotations

import sys
from datetime import date

import click

from ..models import MODALITIES
from .options import db_option, format_option, friendly, parse_dyad, parse_iso


@click.command()
@db_option
@click.option("--actor", help="Actor code prefix on either side (RUS matches RUSGOV, RUSMIL).")
@click.option("--dyad", callback=parse_dyad, help="Directed dyad SOURCE:TARGET, e.g. RUS:UKR.")
@click.option("--since", callback=parse_iso, help="Earliest event date (inclusive).")
@click.option("--until", callback=parse_iso, help="Latest event date (inclusive).")
@click.option("--code", help="CAMEO code prefix, e.g. 15 or 1312.")
@click.option("--modality", type=click.Choice(MODALITIES), multiple=True, help="May repeat.")
@click.option("--limit", type=click.IntRange(1), help="At most this many events.")
@format_option
@friendly
def events(db: str | None, actor: str | None, dyad: tuple[str, str] | None, since: date | None,
           until: date | None, code: str | None, modality: tuple[str, ...], limit: int | None, fmt: str) -> None:
    """Query stored events."""
    from ..render import write
    from ..store import open_store

    with open_store(db, read_only=True) as store:
        found = store.events(actor=actor.upper() if actor else None, dyad=dyad, since=since, until=until,
                             code=code, modality=list(modality) or None, limit=limit)
    write(found, sys.stdout, fmt)


@click.command()
@db_option
@click.option("--actor", help="Actor code prefix on either side (RUS matches RUSGOV, RUSMIL).")
@click.option("--dyad", callback=parse_dyad, help="Directed dyad SOURCE:TARGET, e.g. RUS:UKR.")
@click.option("--since", callback=parse_iso, help="Clusters seen on or after this day.")
@click.option("--until", callback=parse_iso, help="Clusters seen on or before this day.")
@click.option("--code", help="CAMEO code prefix, e.g. 15 or 1312.")
@click.option("--min-reports", type=click.IntRange(1), default=1, show_default=True,
              help="Only clusters with at least this many reports.")
@click.option("--sort", "order", type=click.Choice(["date", "reports"]), default="date", show_default=True)
@click.option("--limit", type=click.IntRange(1), help="At most this many clusters.")
@click.option("--update", is_flag=True, help="Bring the clusters up to date first (opens the store writable).")
@format_option
@friendly
def clusters(db: str | None, actor: str | None, dyad: tuple[str, str] | None, since: date | None,
             until: date | None, code: str | None, min_reports: int, order: str, limit: int | None, update: bool,
             fmt: str) -> None:
    """List event clusters: the reports of one real-world happening counted once."""
    from ..clusters import event_clusters, pending_articles, update_clusters
    from ..render import write_clusters
    from ..store import open_store

    with open_store(db, read_only=not update) as store:
        if update:
            update_clusters(store)
        elif pending := pending_articles(store):
            click.echo(f"warning: {pending} articles changed since the clusters were last updated; "
                       f"run `tocsin clusters --update`", err=True)
        found = event_clusters(store, actor=actor.upper() if actor else None, dyad=dyad, since=since, until=until,
                               code=code, min_reports=min_reports, order=order, limit=limit)
    write_clusters(found, sys.stdout, fmt)
