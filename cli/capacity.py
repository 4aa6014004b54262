"""`matcher capacity INPUT.xlsx [-o report.xlsx] [--json]`: places against demand for training
offices, and where the shortage is."""

from __future__ import annotations

import json
from pathlib import Path

import click

from cli.common import echo_err, guarded
from matcher.files import check_output_path
from matcher.i18n import LANGUAGES, messages


@click.command(name="capacity")
@click.argument("input_path", metavar="INPUT.xlsx",
                type=click.Path(exists=True, dir_okay=False, path_type=Path))
@click.option("-o", "--output", "output_path", type=click.Path(dir_okay=False, path_type=Path),
              help="Capacity workbook (default: INPUT-capacity.xlsx beside the input).")
@click.option("--language", type=click.Choice(LANGUAGES, case_sensitive=False), default=None,
              help="Language of the workbook and the messages: en or nb (default: Settings "
                   "language, else the language of the input's sheet names).")
@click.option("--json", "as_json", is_flag=True, help="Print the report as JSON on stdout.")
@guarded()
def command(input_path: Path, output_path: Path | None, language: str | None,
            as_json: bool) -> None:
    """Places, eligible candidates and the most that can be placed per occupation, training
    office and company, and the bottlenecks behind a shortfall."""
    from matcher.capacity import analyse, render, write_capacity
    from matcher.reader import read_problem

    output = output_path or input_path.with_name(f"{input_path.stem}-capacity.xlsx")
    check_output_path(output, input_path)
    problem = read_problem(input_path)
    language = language.casefold() if language else problem.language
    report = analyse(problem)
    write_capacity(report, output, language)
    if as_json:
        click.echo(json.dumps({**report.as_dict(), "output": str(output)}, indent=2,
                              ensure_ascii=False))
        return
    t = messages(language)
    click.echo(render(report, t))
    echo_err(t("written {output}", output=output))
