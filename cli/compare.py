"""`matcher compare` (not built yet)."""

import click


@click.command(name="compare")
def command() -> None:
    """Not built yet."""
    raise click.ClickException("'matcher compare' is not built yet")
