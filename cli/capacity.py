"""`matcher capacity` (not built yet)."""

import click


@click.command(name="capacity")
def command() -> None:
    """Not built yet."""
    raise click.ClickException("'matcher capacity' is not built yet")
