"""`matcher match INPUT.xlsx -o OUTPUT.xlsx`: run a matching round."""

from __future__ import annotations

import json
from pathlib import Path

import click

from cli.common import echo_err, guarded, pseudonym_options, solve_options
from matcher.i18n import LANGUAGES, Messages, messages
from matcher.i18n.issues import issue_text
from matcher.model import Progress, SolveOptions
from matcher.pseudonym import read_key
from matcher.result import Result
from matcher.round import LONG_TRAVEL_MINUTES, run_match


@click.command(name="match")
@click.argument("input_path", metavar="INPUT.xlsx",
                type=click.Path(exists=True, dir_okay=False, path_type=Path))
@click.option("-o", "--output", "output_path", type=click.Path(dir_okay=False, path_type=Path),
              help="Output workbook (default: INPUT-result.xlsx beside the input).")
@solve_options()
@pseudonym_options
@click.option("--key-file", "key_file", default=None,
              type=click.Path(dir_okay=False, path_type=Path),
              help="Also write participant_id,pseudonym to this CSV file (keep it apart from "
                   "the output). Implies --pseudonymise.")
@click.option("--language", type=click.Choice(LANGUAGES, case_sensitive=False), default=None,
              help="Language of the output workbook and messages: en or nb (default: Settings "
                   "language, else the language of the input's sheet names).")
@click.option("--force", is_flag=True,
              help="Replace an existing --key-file (the output workbook is always replaced).")
@click.option("--quiet", is_flag=True, help="No progress on stderr.")
@click.option("--json", "as_json", is_flag=True, help="Print a machine-readable summary.")
@guarded()
def command(input_path: Path, output_path: Path | None, options: SolveOptions,
            pseudonymise: bool, pseudonym_key_file: Path | None, key_file: Path | None,
            language: str | None, force: bool, quiet: bool, as_json: bool) -> None:
    """Place participants, build their timetables and write the output workbook."""
    output = output_path or input_path.with_name(f"{input_path.stem}-result.xlsx")
    progress = Progress(enabled=not quiet)
    key = read_key(pseudonym_key_file) if pseudonym_key_file is not None else None
    pseudonymise = pseudonymise or key is not None or key_file is not None
    outcome = run_match(input_path, output, options,
                        pseudonymise=pseudonymise, progress=progress, pseudonym_key=key,
                        key_file=key_file,
                        language=language.casefold() if language else None, force=force)
    result = outcome.result
    if as_json:
        click.echo(json.dumps({**result.as_dict(), "output": str(output)}, indent=2))
        return
    if not quiet:
        echo_err("")
    t = messages(outcome.problem.language)
    for line in result_lines(result, output, t):
        click.echo(line)
    far = [w for w in outcome.problem.warnings
           if w.severity == "warning" and "minutes from home" in w.message]
    if far:
        echo_err(t.plural("{n} placement is more than {limit} minutes from home where no "
                          "travel limit is given (listed in Warnings):",
                          "{n} placements are more than {limit} minutes from home where no "
                          "travel limit is given (listed in Warnings):", len(far),
                          limit=LONG_TRAVEL_MINUTES))
        for issue in far[:20]:
            echo_err(f"  - {issue_text(issue, t.language)}")


def result_lines(result: Result, output: Path, t: Messages) -> list[str]:
    """What a finished round prints, label by label, in ``t``'s language."""
    p5, p4, p3, p2, p1 = result.priority_profile
    quality = str(result.quality)
    if result.quality_bound is not None:
        quality += " " + t("(bound {bound})", bound=result.quality_bound)
    rows = [
        (t("status"), result.status),
        (t("placed"), t("{placed} of {participants} (upper bound {bound}, gap {gap})",
                        placed=result.placed, participants=result.participants,
                        bound=result.upper_bound, gap=result.gap)),
        (t("by priority"), f"5:{p5} 4:{p4} 3:{p3} 2:{p2} 1:{p1}"),
        (t("quality"), quality),
        (t("solve time"), f"{t.number(result.runtime, '.2f')} s"),
        (t("unplaced"), str(len(result.unplaced))),
        (t("written"), str(output)),
    ]
    width = max(14, *(len(label) + 2 for label, _ in rows))
    return [f"{label:<{width}}{value}" for label, value in rows]

