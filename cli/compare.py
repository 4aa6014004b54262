"""`matcher compare INPUT.xlsx [-o compare.xlsx] [--json]`: the base plan, every Phases scenario
and any `--school-days` alternative solved with the same settings, side by side."""

from __future__ import annotations

import json
from pathlib import Path

import click

from cli.common import echo_err, guarded, solve_options
from matcher.files import check_output_path
from matcher.i18n import LANGUAGES, messages
from matcher.i18n.phrase import speak
from matcher.model import SolveOptions


@click.command(name="compare")
@click.argument("input_path", metavar="INPUT.xlsx",
                type=click.Path(exists=True, dir_okay=False, path_type=Path))
@click.option("-o", "--output", "output_path", type=click.Path(dir_okay=False, path_type=Path),
              help="Comparison workbook (default: INPUT-compare.xlsx beside the input).")
@solve_options("Seconds for the whole comparison, shared equally by the alternatives "
               "(default: Settings, else 60).")
@click.option("--school-days", "school_days", multiple=True, metavar="PROGRAMME=Mon,Tue",
              help="Also solve the base plan with these school days for one programme "
                   "(repeatable).")
@click.option("--quiet", is_flag=True, help="No progress on stderr.")
@click.option("--language", type=click.Choice(LANGUAGES, case_sensitive=False), default=None,
              help="Language of the workbook and the messages: en or nb (default: Settings "
                   "language, else the language of the input's sheet names).")
@click.option("--json", "as_json", is_flag=True, help="Print the comparison as JSON on stdout.")
@guarded()
def command(input_path: Path, output_path: Path | None, options: SolveOptions,
            school_days: tuple[str, ...], quiet: bool, language: str | None,
            as_json: bool) -> None:
    """Solve the base plan and each scenario with the same settings and compare them."""
    from matcher import compare as cmp
    from matcher.model import Progress
    from matcher.reader import read_problem

    try:
        overrides = cmp.parse_school_days(school_days)
    except cmp.SchoolDaysError as exc:
        raise click.UsageError(str(exc)) from None
    output = output_path or input_path.with_name(f"{input_path.stem}-compare.xlsx")
    check_output_path(output, input_path)
    problem = read_problem(input_path)
    language = language.casefold() if language else problem.language
    speak(language)  # the progress lines' language
    try:
        plans = cmp.alternatives(problem, overrides)
    except cmp.SchoolDaysError as exc:
        raise click.UsageError(str(exc)) from None
    progress = Progress(enabled=not quiet and not as_json)
    outcomes = cmp.compare(plans, options, progress)
    school = cmp.best_school_days(problem)
    cmp.write_compare(outcomes, school, output, language)
    if as_json:
        click.echo(json.dumps({**cmp.as_dict(outcomes, school), "output": str(output)},
                              indent=2, ensure_ascii=False))
        return
    t = messages(language)
    click.echo(cmp.render(outcomes, school, t))
    echo_err(t("written {output}", output=output))
