"""`matcher validate` (not built yet)."""

import click


@click.command(name="validate")
def command() -> None:
    """Not built yet."""
    raise click.ClickException("'matcher validate' is not built yet")
