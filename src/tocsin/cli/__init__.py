"""The command line: a thin layer over the library. Every error a user can cause prints one line, no traceback.

The ``tocsin`` group is here; its commands live one module per topic: ``coding`` (demo, code, ingest),
``queries`` (events, clusters), ``analytics`` (trend, alerts, coverage, backtest), ``evaluation`` (eval) and
``dictionaries`` (dict), with the options they share in ``options``.
"""

from __future__ import annotations

import click

from .. import __version__
from .analytics import alerts_, backtest, coverage, trend
from .coding import code, demo, ingest
from .dictionaries import dict_
from .evaluation import eval_
from .queries import clusters, events


@click.group()
@click.version_option(__version__, prog_name="tocsin")
def main() -> None:
    """tocsin: code dated news articles into political events (CAMEO/PLOVER) and store them."""


for command in (demo, code, ingest, events, clusters, eval_, trend, alerts_, coverage, backtest, dict_):
    main.add_command(command)

__all__ = ["main"]
