"""What every command shares: turning library errors into messages and exit statuses."""

from __future__ import annotations

import functools
import json
import sys
from collections.abc import Callable
from typing import Any, TypeVar

import click

from matcher.errors import CheckError, InfeasibleError, InputError, MatcherError
from matcher.i18n import messages

F = TypeVar("F", bound=Callable[..., Any])


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
        echo_err(f"  - {issue}")


def issue_dict(issue: Any) -> dict[str, Any]:
    return {
        "sheet": issue.sheet, "row": issue.row, "column": issue.column,
        "message": issue.message, "value": issue.value, "expected": issue.expected,
        "severity": issue.severity,
    }


def guarded(as_json_param: str | None = "as_json") -> Callable[[F], F]:
    """Run a command so that library errors become a clear message and their exit status.

    Input errors exit 1, conflicting hard rules 3, a broken result (a bug) 4; an unexpected
    exception prints one line without a traceback (and without any personal data) and exits 4.
    """

    def decorate(func: F) -> F:
        @functools.wraps(func)
        def wrapper(*args: Any, **kwargs: Any) -> Any:
            as_json = bool(kwargs.get(as_json_param)) if as_json_param else False
            try:
                return func(*args, **kwargs)
            except InputError as exc:
                report_input_error(exc, as_json)
                sys.exit(exc.exit_status)
            except InfeasibleError as exc:
                echo_err("The hard rules cannot all hold; nothing was written. In conflict:")
                for line in exc.conflicts:
                    echo_err(f"  - {line}")
                sys.exit(exc.exit_status)
            except CheckError as exc:
                echo_err("Internal error: the result broke a hard rule and was not written.")
                for line in exc.violations[:20]:
                    echo_err(f"  - {line}")
                sys.exit(exc.exit_status)
            except MatcherError as exc:
                echo_err(f"Error: {exc}")
                sys.exit(exc.exit_status)
            except click.exceptions.Exit:
                raise
            except click.ClickException:
                raise
            except BrokenPipeError:  # the reader of our output went away (e.g. `| head`)
                sys.stderr.close()
                sys.exit(0)
            except KeyboardInterrupt:
                echo_err("Interrupted; nothing was written.")
                sys.exit(130)
            except MemoryError:
                echo_err("Out of memory; nothing was written.")
                sys.exit(4)
            except Exception as exc:  # a bug: say so in one line, never a traceback
                echo_err(f"Internal error ({type(exc).__name__}); nothing was written. "
                         "Please report it with the command you ran.")
                sys.exit(4)

        return wrapper  # type: ignore[return-value]

    return decorate
