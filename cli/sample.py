"""`matcher sample` (not built yet)."""

import click


@click.command(name="sample")
def command() -> None:
    """Not built yet."""
    raise click.ClickException("'matcher sample' is not built yet")
