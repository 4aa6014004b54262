"""`matcher match` (not built yet)."""

import click


@click.command(name="match")
def command() -> None:
    """Not built yet."""
    raise click.ClickException("'matcher match' is not built yet")
