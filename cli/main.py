"""The ``matcher`` command group. Each command lives in its own module of this package."""

from __future__ import annotations

import click

from matcher import __version__


@click.group(context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(__version__, prog_name="matcher")
def cli() -> None:
    """Match adult vocational-training participants to training places and build timetables.

    Start with `matcher template round.xlsx` (an empty workbook to fill in) or
    `matcher sample round.xlsx` (a realistic synthetic round), then
    `matcher validate round.xlsx` and `matcher match round.xlsx -o result.xlsx`.
    """


def _register() -> None:
    from cli import (
        capacity,
        compare,
        export,
        match,
        rematch,
        sample,
        serve,
        template,
        trials,
        validate,
    )

    for module in (validate, template, sample, match, rematch, capacity, compare, trials,
                   export, serve):
        cli.add_command(module.command)


_register()


def main() -> None:
    """Console entry point."""
    cli(prog_name="matcher")


if __name__ == "__main__":
    main()
