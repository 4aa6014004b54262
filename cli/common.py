"""What every command shares: turning library errors into messages and exit statuses."""

from __future__ import annotations

import functools
import json
import sys
from collections.abc import Callable
from pathlib import Path
from typing import Any, NoReturn, TypeVar

import click

from matcher.errors import CheckError, InfeasibleError, InputError, MatcherError
from matcher.i18n import messages
from matcher.i18n.issues import issue_text
from matcher.i18n.phrase import console, console_language
from matcher.model import SolveOptions

F = TypeVar("F", bound=Callable[..., Any])

#: click's exit status for a usage error (a bad option, an output path equal to the input).
USAGE_ERROR = 2


def echo_err(text: str) -> None:
    """Messages for people go to stderr, so stdout can carry ``--json``."""
    click.echo(text, err=True)


def report_input_error(error: InputError, as_json: bool = False) -> None:
    """List every input problem, located by sheet, row and column."""
    errors = [i for i in error.issues if i.severity == "error"]
    if as_json:
        click.echo(json.dumps({"ok": False, "errors": [issue_dict(i) for i in errors]}, indent=2))
        return
    t = messages(error.language)
    echo_err(t.plural("The workbook has {n} problem; nothing was written:",
                      "The workbook has {n} problems; nothing was written:", len(errors)))
    for issue in errors:
        echo_err(f"  - {issue_text(issue, t.language)}")


def labelled(rows: list[tuple[str, str]], width: int = 14) -> list[str]:
    """Label and value lines with the values in one column, at least ``width`` from the left
    (wider where a label in the output language needs it)."""
    width = max(width, *(len(label) + 1 for label, _ in rows))
    return [f"{label:<{width}}{value}" for label, value in rows]


def issue_dict(issue: Any) -> dict[str, Any]:
    return {
        "sheet": issue.sheet, "row": issue.row, "column": issue.column,
        "message": issue.message, "value": issue.value, "expected": issue.expected,
        "severity": issue.severity,
    }


def solve_options(time_limit_help: str = "Seconds the search may take (default: Settings, "
                                         "else 60).") -> Callable[[F], F]:
    """The options every solving command shares, ``--time-limit``, ``--seed`` and
    ``--workers``, handed to the command as one :class:`~matcher.model.SolveOptions`
    ``options`` (unset options fall back to the Settings sheet)."""

    def decorate(func: F) -> F:
        @functools.wraps(func)
        def wrapper(*args: Any, time_limit: float | None, seed: int | None,
                    workers: int | None, **kwargs: Any) -> Any:
            return func(*args, options=SolveOptions(time_limit, workers, seed), **kwargs)

        options = (
            click.option("--time-limit", type=click.FloatRange(min=0.1), default=None,
                         help=time_limit_help),
            click.option("--seed", type=int, default=None,
                         help="Random seed (default: Settings, else 0)."),
            click.option("--workers", type=click.IntRange(min=1, max=64), default=None,
                         help="Solver threads (default: Settings, else 1)."),
        )
        command: Any = wrapper
        for option in reversed(options):
            command = option(command)
        return command

    return decorate


def _exit(status: int) -> click.exceptions.Exit:
    return click.exceptions.Exit(status)


def guarded(as_json_param: str | None = "as_json") -> Callable[[F], F]:
    """Run a command so that library errors become a clear message and their exit status,
    raised as click's own exceptions.

    Input errors exit 1, usage errors (a bad output path) 2, conflicting hard rules 3, a broken
    result (a bug) 4; an unexpected exception prints one line without a traceback (and without
    any personal data) and exits 4.
    """

    def decorate(func: F) -> F:
        @functools.wraps(func)
        def wrapper(*args: Any, **kwargs: Any) -> Any:
            as_json = bool(kwargs.get(as_json_param)) if as_json_param else False
            with console(kwargs.get("language")):
                try:
                    return func(*args, **kwargs)
                except Exception as exc:
                    _report(exc, as_json)
                except KeyboardInterrupt:
                    echo_err(messages(console_language())("Interrupted; nothing was written."))
                    raise _exit(130) from None

        return wrapper  # type: ignore[return-value]

    return decorate


def _report(exc: Exception, as_json: bool) -> NoReturn:
    """Say what went wrong, in the console's language, and exit with its status."""
    t = messages(console_language())
    if isinstance(exc, InputError):
        report_input_error(exc, as_json)
        raise _exit(exc.exit_status) from None
    if isinstance(exc, InfeasibleError):
        echo_err(t("The hard rules cannot all hold; nothing was written. In conflict:"))
        for line in exc.conflicts:
            echo_err(f"  - {line}")
        raise _exit(exc.exit_status) from None
    if isinstance(exc, CheckError):
        echo_err(t("Internal error: the result broke a hard rule and was not written."))
        for line in exc.violations[:20]:
            echo_err(f"  - {line}")
        raise _exit(exc.exit_status) from None
    if isinstance(exc, MatcherError):
        if exc.exit_status == USAGE_ERROR:
            raise click.UsageError(str(exc)) from None
        if exc.exit_status == click.ClickException.exit_code:
            raise click.ClickException(str(exc)) from None
        echo_err(t("Error: {message}", message=exc))
        raise _exit(exc.exit_status) from None
    if isinstance(exc, click.exceptions.Exit | click.ClickException | click.Abort):
        raise exc
    if isinstance(exc, BrokenPipeError):  # the reader of our output went away (`| head`)
        sys.stderr.close()
        raise _exit(0) from None
    if isinstance(exc, MemoryError):
        echo_err(t("Out of memory; nothing was written."))
        raise _exit(4) from None
    # a bug: say so in one line, never a traceback
    echo_err(t("Internal error ({kind}); nothing was written. Please report it with the "
               "command you ran.", kind=type(exc).__name__))
    raise _exit(4) from None


def pseudonym_options(func: F) -> F:
    """``--pseudonymise`` and ``--pseudonym-key``, the same for every command that writes
    participants' names (match, rematch, trials)."""
    func = click.option(
        "--pseudonym-key", "pseudonym_key_file", default=None,
        type=click.Path(exists=True, dir_okay=False, path_type=Path),
        help="A secret file: the same key gives the same pseudonyms in every run "
             "(default: a random key, new each run). Implies --pseudonymise.")(func)
    return click.option(
        "--pseudonymise", is_flag=True,
        help="Leave names out of the output and replace participant ids by pseudonyms.")(func)
