"""`matcher rematch INPUT.xlsx --previous RESULT.xlsx --from DATE -o OUT.xlsx`: re-plan a
running round from a date with the fewest changes."""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path
from typing import Any

import click

from cli.common import echo_err, guarded, labelled, pseudonym_options, solve_options
from cli.match import result_lines
from matcher.i18n import LANGUAGES, messages
from matcher.model import Progress, SolveOptions
from matcher.pseudonym import read_key
from matcher.reader.cells import CellError, to_date
from matcher.rematch import RematchRequest, run_rematch


class _Date(click.ParamType):
    name = "DATE"

    def convert(self, value: Any, param: click.Parameter | None,
                ctx: click.Context | None) -> dt.date:
        try:
            return to_date(value)
        except CellError:
            pass
        try:  # the Norwegian form, D.M.YYYY
            return dt.datetime.strptime(str(value).strip(), "%d.%m.%Y").date()
        except ValueError:
            self.fail(f"{value!r} is not a date (YYYY-MM-DD or DD.MM.YYYY)", param, ctx)


@click.command(name="rematch")
@click.argument("input_path", metavar="INPUT.xlsx",
                type=click.Path(exists=True, dir_okay=False, path_type=Path))
@click.option("--previous", "previous_path", required=True, metavar="RESULT.xlsx",
              type=click.Path(exists=True, dir_okay=False, path_type=Path),
              help="The earlier output workbook of matcher for this round.")
@click.option("--from", "plan_from", type=_Date(), default=None,
              help="Plan from this Monday on (YYYY-MM-DD or DD.MM.YYYY; default: Settings "
                   "plan_from).")
@click.option("-o", "--output", "output_path", type=click.Path(dir_okay=False, path_type=Path),
              help="Output workbook (default: INPUT-rematch.xlsx beside the input).")
@click.option("--allow-moves", type=click.IntRange(min=0), default=0,
              help="Up to N more moves than the minimum where that places more participants.")
@solve_options()
@pseudonym_options
@click.option("--key-file", "key_file", default=None,
              type=click.Path(dir_okay=False, path_type=Path),
              help="Also write participant_id,pseudonym to this CSV file. Implies "
                   "--pseudonymise.")
@click.option("--language", type=click.Choice(LANGUAGES, case_sensitive=False), default=None,
              help="Language of the output workbook: en or nb (default: Settings language, "
                   "else the language of the input's sheet names).")
@click.option("--force", is_flag=True, help="Replace an existing --key-file.")
@click.option("--quiet", is_flag=True, help="No progress on stderr.")
@click.option("--json", "as_json", is_flag=True, help="Print a machine-readable summary.")
@guarded()
def command(input_path: Path, previous_path: Path, plan_from: dt.date | None,
            output_path: Path | None, allow_moves: int, options: SolveOptions,
            pseudonymise: bool, pseudonym_key_file: Path | None, key_file: Path | None,
            language: str | None, force: bool, quiet: bool, as_json: bool) -> None:
    """Re-plan a running round from a date, keeping every placement that still works."""
    output = output_path or input_path.with_name(f"{input_path.stem}-rematch.xlsx")
    key = read_key(pseudonym_key_file) if pseudonym_key_file is not None else None
    outcome = run_rematch(RematchRequest(
        input_path, previous_path, plan_from, output, options,
        allow_moves, pseudonymise or key is not None or key_file is not None, key, key_file,
        language.casefold() if language else None, force),
        Progress(enabled=not quiet))
    counts = dict(outcome.counts)
    if as_json:
        summary = {**outcome.result.as_dict(), "output": str(output)}
        summary.update({"plan_from": outcome.problem.settings.plan_from.isoformat()
                        if outcome.problem.settings.plan_from else None,
                        "changes": counts,
                        "trade_offs": [{"extra_moves": t.extra, "moves": t.moves,
                                        "most_placed": t.placed, "proven": t.proven}
                                       for t in outcome.rematched.trade_offs]})
        click.echo(json.dumps(summary, indent=2, default=str))
        return
    if not quiet:
        echo_err("")
    t = messages(outcome.problem.language)
    lines = result_lines(outcome.result, output, t)[:5]  # status … solve time, as match says
    changes = ", ".join(f"{t.value(k.replace('_', ' '))} {v}" for k, v in counts.items())
    for line in [*lines, *labelled([(t("changes"), changes), (t("written"), str(output))])]:
        click.echo(line)
