"""An input problem or warning as a coordinator reads it, in English or bokmål.

The reader builds each :class:`~matcher.problem.InputIssue` with English text (that text is
SPEC.md's and the JSON's); this turns it into the console's language: the location (sheet and
column as the workbook names them, ``row`` / ``rad``), the message and the "(found …; expected
…)" tail. A message or expectation is a catalogue message, either as it stands or one of the
:data:`PATTERNS` with its values filled in (``a whole number from 1 to 5``); text that matches
neither is shown as it is.
"""

from __future__ import annotations

import re
import string
from functools import cache
from typing import TYPE_CHECKING

from matcher.i18n import DEFAULT_LANGUAGE, Messages, messages

if TYPE_CHECKING:
    from matcher.problem import InputIssue

#: Messages and expectations the reader fills in with values. Values named ``column`` are
#: column names (shown in the output language), ``sheet`` sheet names, ``target`` id kinds,
#: ``weekday`` English weekday names, ``whose`` and ``plan`` catalogue words or phrases. The
#: first pattern that matches the whole text is used.
PATTERNS: tuple[str, ...] = (
    # the longer sentences first: a shorter pattern such as "{a} to {b}" would match them too
    "the start date is a {weekday}",
    "{key} is a {weekday}",
    "the phase overlaps the phase in row {row} (weeks {first}-{last}) in {plan}",
    "after week {week}",
    "rota {rota} has {n} week(s)",
    "programme {programme}'s school days to choose combine into {n} possible plans, more than "
    "the {most} the tool can weigh; give fixed school_days in some phases",
    "at most {n} combinations",
    "{days} company days do not fit beside the {whose} {school} school days in a week",
    "the locked supervisor works at company {company}, not at the locked company {locked}",
    "a supervisor at company {company}",
    "{column} is blank",
    "a second sheet for {sheet} (also {other})",
    "invalid {column}",
    "{column} is required",
    "unknown {target}",
    "an id from the {sheet} sheet",
    "a whole number from {low} to {high}",
    "a whole number, at least {low}",
    "at most {n}",
    "at least {n}",
    "{date} or later",
    "{a} to {b}",
    "duplicate {target} (first in row {row})",
    "each {target} once",
    "company {company} has no supervisor for this trade, so these places cannot be used",
    "company {company} has no Places row for this occupation, so the supervisor can take no "
    "trainees",
    "placed {minutes} minutes from home (one way) because no travel limit is given; set "
    "max_travel_minutes, or Settings default_max_travel_minutes",
    "the number {raw} was read as the date {date} (an Excel date serial); format the cell as a "
    "date if that is right",
)

#: What a field may hold where "anything" could make a pattern match an unrelated sentence.
_FIELDS = {
    "weekday": "Monday|Tuesday|Wednesday|Thursday|Friday|Saturday|Sunday",
    "key": "[a-z_]+", "whose": "phase's|programme's", "plan": "the base plan|scenario .+",
    "row": r"\d+", "first": r"\d+", "last": r"\d+", "week": r"\d+",
}

_DID_YOU_MEAN = re.compile(r"(?P<text>.+); did you mean (?P<closest>'[^']*')\?")

def issue_text(issue: InputIssue, language: str) -> str:
    """``issue`` as one line in ``language``; in English exactly ``str(issue)``."""
    if language == DEFAULT_LANGUAGE:
        return str(issue)
    t = messages(language)
    where = [p for p in (issue.sheet, t("row {row}", row=issue.row) if issue.row else None,
                         issue.column) if p]
    text = f"{', '.join(where) if where else t('workbook')}: {translate(issue.message, t)}"
    expected = translate(issue.expected, t) if issue.expected else None
    if issue.value is not None:
        if expected:
            return text + " " + t("(found {value}; expected {expected})",
                                  value=repr(issue.value), expected=expected)
        return text + " " + t("(found {value})", value=repr(issue.value))
    if expected:
        return text + " " + t("(expected {expected})", expected=expected)
    return text


def translate(text: str, t: Messages) -> str:
    """English reader text in ``t``'s language: a catalogue message as it stands, or a
    :data:`PATTERNS` entry with its values; otherwise unchanged."""
    hint = _DID_YOU_MEAN.fullmatch(text)
    if hint:
        return translate(hint["text"], t) + t("; did you mean {closest}?",
                                              closest=hint["closest"])
    shown = t(text) if "{" not in text else text
    if shown != text:
        return shown
    for pattern, regex in _compiled():
        found = regex.fullmatch(text)
        if found:
            values = {k: _value(k, v, t) for k, v in found.groupdict().items()}
            return t(pattern, **values)
    return text


def _value(name: str, value: str, t: Messages) -> str:
    if name == "column":
        return t.column(value)
    if name == "sheet":
        return t.sheet(value)
    if name in ("target", "weekday", "whose"):
        return t(value)
    if name == "plan":
        scenario = value.removeprefix("scenario ")
        return t(value) if scenario == value else t("scenario {scenario}", scenario=scenario)
    return value


@cache
def _compiled() -> tuple[tuple[str, re.Pattern[str]], ...]:
    out = []
    for pattern in PATTERNS:
        parts = []
        for literal, field, _, _ in string.Formatter().parse(pattern):
            parts.append(re.escape(literal))
            if field:
                parts.append(f"(?P<{field}>{_FIELDS.get(field, '.+?')})")
        out.append((pattern, re.compile("".join(parts))))
    return tuple(out)


__all__ = ["PATTERNS", "issue_text", "translate"]
