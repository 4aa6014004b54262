"""`matcher validate INPUT.xlsx`: check a workbook without solving anything.

Coordinators run this first: it lists every problem in the workbook at once (exit 1), or says
OK with a short summary of what was read (exit 0). Warnings are shown either way.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import click

from cli.common import echo_err, guarded, issue_dict
from matcher.errors import InputError
from matcher.explain import lock_issues
from matcher.i18n import Messages, messages
from matcher.i18n.issues import issue_text
from matcher.problem import InputIssue
from matcher.reader import read_problem, summarise


@click.command(name="validate")
@click.argument("input_file", metavar="INPUT.xlsx",
                type=click.Path(dir_okay=False, path_type=Path))
@click.option("--json", "as_json", is_flag=True, help="Print the result as JSON on stdout.")
@guarded()
def command(input_file: Path, as_json: bool) -> None:
    """Check INPUT.xlsx against the workbook contract and list every problem found."""
    try:
        problem = read_problem(input_file)
        locks = lock_issues(problem)
        if locks:
            raise InputError([*locks, *problem.warnings], problem.language)
    except InputError as exc:
        _report_problems(exc.issues, as_json, messages(exc.language))
        raise click.exceptions.Exit(exc.exit_status) from None
    summary = summarise(problem)
    if as_json:
        click.echo(json.dumps({"ok": True, "summary": summary, "errors": [],
                               "warnings": [issue_dict(w) for w in problem.warnings]},
                              indent=2, ensure_ascii=False))
        return
    t = messages(problem.language)
    click.echo("OK")
    for line in _summary_lines(summary, t):
        click.echo(line)
    _print_warnings(problem.warnings, t)


def _report_problems(issues: tuple[InputIssue, ...], as_json: bool, t: Messages) -> None:
    errors = [i for i in issues if i.severity == "error"]
    warnings = [i for i in issues if i.severity != "error"]
    if as_json:
        click.echo(json.dumps({"ok": False, "errors": [issue_dict(i) for i in errors],
                               "warnings": [issue_dict(i) for i in warnings]},
                              indent=2, ensure_ascii=False))
        return
    echo_err(t.plural("The workbook has {n} problem:", "The workbook has {n} problems:",
                      len(errors)))
    for issue in errors:
        echo_err(f"  - {issue_text(issue, t.language)}")
    _print_warnings(tuple(warnings), t)


def _print_warnings(warnings: tuple[InputIssue, ...], t: Messages) -> None:
    if warnings:
        echo_err(t.plural("{n} warning:", "{n} warnings:", len(warnings)))
        for issue in warnings:
            echo_err(f"  - {issue_text(issue, t.language)}")


def _summary_lines(summary: dict[str, Any], t: Messages) -> list[str]:
    lines = []
    if summary["round"]:
        lines.append(t("Round: {round}", round=summary["round"]))
    lines.append(t("Participants: {participants}   Programmes: {programmes}   Companies: "
                   "{companies}   Supervisors: {supervisors}   Rotas: {rotas}", **summary))
    lines.append(t("Places per occupation:"))
    lines += [f"  {occ}: {n}" for occ, n in summary["places_per_occupation"].items()]
    lines.append(t("Planned weeks per programme:"))
    lines += [f"  {pid}: {n}" for pid, n in summary["planned_weeks"].items()]
    if summary["scenarios"]:
        lines.append(t("Scenarios: {names}", names=", ".join(summary["scenarios"])))
    return lines
