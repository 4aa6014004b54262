"""`matcher template` (not built yet)."""

import click


@click.command(name="template")
def command() -> None:
    """Not built yet."""
    raise click.ClickException("'matcher template' is not built yet")
