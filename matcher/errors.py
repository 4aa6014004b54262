"""Errors the library raises for the command line to turn into exit statuses."""

from __future__ import annotations

from collections.abc import Sequence

from matcher.problem import InputIssue


class MatcherError(Exception):
    """Base class: every error the command line reports without a traceback."""

    exit_status = 1


class InputError(MatcherError):
    """The workbook is invalid. ``issues`` lists every problem found (exit status 1)."""

    exit_status = 1

    def __init__(self, issues: Sequence[InputIssue], language: str = "en") -> None:
        self.issues = tuple(issues)
        self.language = language  # of the workbook's sheet names: the messages' language
        super().__init__(f"{len(self.issues)} problem(s) in the input")


class InfeasibleError(MatcherError):
    """The hard rules cannot all hold (locks or class rules conflict; exit status 3).

    ``conflicts`` names the conflicting requirements in words (ids, never names).
    """

    exit_status = 3

    def __init__(self, conflicts: Sequence[str]) -> None:
        self.conflicts = tuple(conflicts)
        super().__init__("the hard rules cannot all hold: " + "; ".join(self.conflicts))


class CheckError(MatcherError):
    """The independent checker found a broken hard rule in a result: a bug, never written."""

    exit_status = 4

    def __init__(self, violations: Sequence[str]) -> None:
        self.violations = tuple(violations)
        super().__init__(
            "internal error: the result breaks hard rules: " + "; ".join(violations[:5]))
