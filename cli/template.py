"""`matcher template OUT.xlsx`: an input workbook to fill in, with instructions and drop-downs."""

from __future__ import annotations

from pathlib import Path

import click

from cli.common import echo_err, guarded
from matcher.files import check_output_path
from matcher.i18n import LANGUAGES, messages
from matcher.inputbook import write_template


@click.command(name="template")
@click.argument("output", type=click.Path(dir_okay=False, path_type=Path))
@click.option("--language", type=click.Choice(LANGUAGES, case_sensitive=False), default="en",
              show_default=True, help="Language of the sheets, columns and instructions.")
@click.option("--force", is_flag=True, help="Replace OUTPUT if it exists.")
@guarded(as_json_param=None)
def command(output: Path, language: str, force: bool) -> None:
    """Write an input workbook to fill in: every sheet with its headers and one example row,
    an Instructions sheet that explains each column, and drop-down lists for fixed values.

    The example rows form a small valid round: `matcher validate OUTPUT` accepts the file as
    written. Replace them with your own rows.
    """
    check_output_path(output, force=force)
    write_template(output, language.casefold())
    echo_err(messages(language)("Wrote the template to {output}", output=output))
