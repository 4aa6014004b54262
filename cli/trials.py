"""`matcher trials INPUT.xlsx -o TRIALS.xlsx`: plan the trial placements before a round."""

from __future__ import annotations

import json
from pathlib import Path

import click

from cli.common import echo_err, guarded, labelled, pseudonym_options, solve_options
from matcher.i18n import LANGUAGES, messages
from matcher.model import Progress, SolveOptions
from matcher.pseudonym import read_key
from matcher.trials import TrialOptions, run_trials


@click.command(name="trials")
@click.argument("input_path", metavar="INPUT.xlsx",
                type=click.Path(exists=True, dir_okay=False, path_type=Path))
@click.option("-o", "--output", "output_path", type=click.Path(dir_okay=False, path_type=Path),
              help="Output workbook (default: INPUT-trials.xlsx beside the input).")
@click.option("--per-company", "per_company", default=None,
              type=click.Path(file_okay=False, path_type=Path),
              help="Also write one workbook per company (who comes, when, with whom) into "
                   "this folder, to send on.")
@click.option("--trials-per-candidate", type=click.IntRange(min=1), default=None,
              help="Most trials per participant (default: Settings, else 1).")
@solve_options()
@pseudonym_options
@click.option("--language", type=click.Choice(LANGUAGES, case_sensitive=False), default=None,
              help="Language of the trial workbook, the company lists and the messages: en or "
                   "nb (default: Settings language, else the language of the input's sheet "
                   "names).")
@click.option("--quiet", is_flag=True, help="No progress on stderr.")
@click.option("--json", "as_json", is_flag=True, help="Print a machine-readable summary.")
@guarded()
def command(input_path: Path, output_path: Path | None, per_company: Path | None,
            trials_per_candidate: int | None, options: SolveOptions, pseudonymise: bool,
            pseudonym_key_file: Path | None, language: str | None,
            quiet: bool, as_json: bool) -> None:
    """Plan who tries which company in which trial window (prøvepraksis)."""
    output = output_path or input_path.with_name(f"{input_path.stem}-trials.xlsx")
    key = read_key(pseudonym_key_file) if pseudonym_key_file is not None else None
    outcome = run_trials(
        input_path, output, TrialOptions(options.time_limit, options.workers, options.seed,
                                         trials_per_candidate),
        pseudonymise=pseudonymise, pseudonym_key=key, progress=Progress(enabled=not quiet),
        per_company=per_company, language=language.casefold() if language else None)
    result = outcome.result
    summary = {
        "status": result.status, "participants": result.participants,
        "candidates_with_trial": result.candidates_with_trial, "trials": len(result.trials),
        "upper_bound": result.upper_bound, "trials_upper_bound": result.trials_bound,
        "trials_per_candidate": outcome.problem.settings.trials_per_candidate,
        "solve_seconds": round(result.runtime, 3),
        "no_trial": {code: sum(1 for n in result.no_trial if n.reason == code)
                     for code in sorted({n.reason for n in result.no_trial})},
        "output": str(output), "company_files": len(outcome.company_files),
    }
    if as_json:
        click.echo(json.dumps(summary, indent=2))
        return
    if not quiet:
        echo_err("")
    t = messages(outcome.problem.language)
    rows = [(t("status"), result.status),
            (t("with a trial"), t("{placed} of {participants} (upper bound {bound})",
                                  placed=result.candidates_with_trial,
                                  participants=result.participants, bound=result.upper_bound)),
            (t("trials"), str(len(result.trials))),
            (t("no trial"), str(len(result.no_trial))),
            (t("written"), str(output))]
    if outcome.company_files:
        rows.append((t("company lists"), t("{n} in {folder}", n=len(outcome.company_files),
                                           folder=per_company)))
    for line in labelled(rows):
        click.echo(line)
