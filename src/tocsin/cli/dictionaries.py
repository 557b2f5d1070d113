"""``dict``: import and check dictionaries."""

from __future__ import annotations

import sys

import click

from .options import friendly


@click.group("dict")
def dict_() -> None:
    """Import and check dictionaries (see docs/dictionaries.md)."""


@dict_.command("import-petrarch")
@click.argument("paths", nargs=-1, required=True, type=click.Path(exists=True))
@click.option("--out", "out_dir", required=True, type=click.Path(file_okay=False),
              help="Directory for petrarch_actors.yaml, petrarch_agents.yaml and petrarch_verbs.yaml.")
@friendly
def dict_import_petrarch(paths: tuple[str, ...], out_dir: str) -> None:
    """Convert PETRARCH/TABARI actor, agent and verb files (or directories of them) to tocsin YAML."""
    from ..petrarch import format_summary, import_petrarch

    click.echo(format_summary(import_petrarch(paths, out_dir)))


@dict_.command("validate")
@click.argument("paths", nargs=-1, required=True, type=click.Path(exists=True))
@friendly
def dict_validate(paths: tuple[str, ...]) -> None:
    """Check tocsin dictionary files (or directories of them): one line per problem, exit status 1 if any."""
    from ..dictionaries import dictionary_files, validate_file

    files = dictionary_files(paths)
    problems = [problem for path in files for problem in validate_file(path)]
    for problem in problems:
        click.echo(str(problem))
    click.echo(f"{len(files)} files checked, {len(problems)} problems", err=True)
    if problems:
        sys.exit(1)
