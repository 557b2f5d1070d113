"""``eval``: score the coder against gold sentences."""

from __future__ import annotations

from pathlib import Path

import click

from ..models import Article
from .options import friendly, input_articles


@click.command("eval")
@click.argument("gold", type=click.Path(exists=True))
@click.option("--diff", "diff_path", type=click.Path(dir_okay=False), default="eval_diff.jsonl",
              show_default=True, help="Where to write the per-record diff (JSONL).")
@click.option("--without-statements", is_flag=True,
              help="Leave CAMEO 01 statements out of the predictions (PLOVER has no statement event).")
@click.option("--context", "context_paths", multiple=True, type=click.Path(exists=True),
              help="Corpus the JSONL gold sentences were drawn from: each is coded inside its article "
                   "(matched by link), as a real run sees it. May repeat.")
@friendly
def eval_(gold: str, diff_path: str, without_statements: bool, context_paths: tuple[str, ...]) -> None:
    """Score the coder against gold sentences: precision, recall, F1.

    GOLD is PLOVER GSR JSON, or event-list JSONL (a .jsonl file such as tests/data/gold/kremlin_2021-22.jsonl),
    which is scored by CAMEO root and by PLOVER type, with modality accuracy.
    """
    from ..evaluate import (
        evaluate,
        evaluate_events,
        format_event_report,
        format_report,
        is_event_gold,
        load_event_gold,
        load_gold,
        write_diff,
    )
    from ..models import Event
    from ..ontology import STATEMENT
    from ..pipeline import Coder

    coder = Coder()

    def predict(articles: list[Article]) -> list[list[Event]]:
        return [[e for e in events if not (without_statements and e.plover_type == STATEMENT)]
                for _, events in coder.code_articles(articles)]

    if is_event_gold(gold):
        event_records = load_event_gold(gold)
        if context_paths:
            from ..evaluate import events_in_context

            predicted, missing = events_in_context(
                event_records, input_articles(context_paths, None, "", False),
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
