"""The cell conventions of SPEC.md, one small function each.

Each function takes a raw cell value as :mod:`matcher.reader.excel` gives it (text, int, float,
bool or datetime; never blank: blanks are handled before) and returns the model value, or raises
:class:`CellError` saying what was expected. The row layer turns that into a located
:class:`~matcher.problem.InputIssue`.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Callable
from typing import Any

from matcher.problem import Cefr, FollowUp, shift_key, trade_key


class CellError(ValueError):
    """A cell does not follow its column's convention; ``expected`` says what would."""

    def __init__(self, expected: str) -> None:
        super().__init__(expected)
        self.expected = expected


_SPLIT_LIST = re.compile(r"[;,]")
_SPLIT_ANY = re.compile(r"[;,\s]+")
_DATE_TEXT = re.compile(r"^\d{4}-\d{2}-\d{2}$")

_DAY_NAMES: dict[str, int] = {}
for _i, _names in enumerate((
    ("mon", "monday", "man", "mandag", "ma"),
    ("tue", "tuesday", "tir", "tirsdag", "ti", "tu"),
    ("wed", "wednesday", "ons", "onsdag", "on", "we"),
    ("thu", "thursday", "tor", "torsdag", "to", "th"),
    ("fri", "friday", "fre", "fredag", "fr"),
    ("sat", "saturday", "lør", "lørdag", "lor", "lordag", "sa", "lø"),
    ("sun", "sunday", "søn", "søndag", "son", "sondag", "su", "sø"),
)):
    for _n in _names:
        _DAY_NAMES[_n] = _i

WEEKDAY_EXPECTED = "weekdays like Mon,Tue or Mon-Fri (or man,tir … man-fre)"
YES_NO_EXPECTED = "yes or no (yes no true false ja nei 1 0 x)"
_YES = {"yes", "true", "ja", "1", "x", "y"}
_NO = {"no", "false", "nei", "0", "n"}


def _describe(value: Any) -> str:
    return "a date" if isinstance(value, dt.datetime | dt.date) else "a number"


def to_text(value: Any) -> str:
    """Free text (names, labels, notes): numbers become their plain text."""
    if isinstance(value, str):
        return value.strip()
    if isinstance(value, bool):
        return "yes" if value else "no"
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    if isinstance(value, dt.datetime):
        return value.date().isoformat() if value.time() == dt.time() else value.isoformat()
    return str(value)


def to_id(value: Any) -> str:
    """An id: non-empty trimmed text; a number typed in is an id too (101 and 101.0 → "101")."""
    if isinstance(value, (bool, dt.datetime | dt.date)):
        raise CellError("an id (text or a whole number), not a date or yes/no")
    if isinstance(value, float):
        if not value.is_integer():
            raise CellError("an id (text or a whole number)")
        return str(int(value))
    text = str(value).strip()
    if not text:
        raise CellError("an id (non-empty text)")
    return text


def to_id_list(value: Any) -> tuple[str, ...]:
    """Ids separated by commas or semicolons (order kept); a single number is one id."""
    if not isinstance(value, str):
        return (to_id(value),)
    ids = tuple(part.strip() for part in _SPLIT_LIST.split(value) if part.strip())
    if not ids:
        raise CellError("one or more ids separated by commas")
    return ids


def to_int(value: Any, low: int | None = None, high: int | None = None) -> int:
    """A whole number, optionally within ``low..high``; digits typed as text are accepted."""
    expected = _int_expected(low, high)
    if isinstance(value, (bool, dt.datetime | dt.date)):
        raise CellError(expected)
    if isinstance(value, str):
        text = value.strip()
        try:
            value = float(text) if any(c in text for c in ".eE") else int(text)
        except ValueError:
            raise CellError(expected) from None
    if isinstance(value, float):
        if not value.is_integer():
            raise CellError(expected)
        value = int(value)
    if not isinstance(value, int) or (low is not None and value < low) or (
            high is not None and value > high):
        raise CellError(expected)
    return value


def _int_expected(low: int | None, high: int | None) -> str:
    if low is not None and high is not None:
        return f"a whole number from {low} to {high}"
    if low is not None:
        return f"a whole number, at least {low}"
    return "a whole number"


def int_between(low: int | None = None, high: int | None = None) -> Callable[[Any], int]:
    """A converter for whole numbers in a range (see :func:`to_int`)."""
    def convert(value: Any) -> int:
        return to_int(value, low, high)
    return convert


def to_positive_number(value: Any) -> float:
    """A number greater than 0 (e.g. a time limit in seconds)."""
    if isinstance(value, str):
        try:
            value = float(value.strip().replace(",", "."))
        except ValueError:
            raise CellError("a number greater than 0") from None
    if isinstance(value, bool) or not isinstance(value, int | float) or value <= 0:
        raise CellError("a number greater than 0")
    return float(value)


def to_weekdays(value: Any) -> frozenset[int]:
    """``Mon,Tue`` · ``mon tue`` · ``Mon-Fri`` · ``man-fre`` · ``Mon-Wed,Fri`` → weekday ints.

    A range never wraps: ``Fri-Mon`` is an error.
    """
    if not isinstance(value, str):
        raise CellError(WEEKDAY_EXPECTED)
    text = re.sub(r"\s*[-–—]\s*", "-", value.strip().casefold())
    days: set[int] = set()
    for token in _SPLIT_ANY.split(text):
        if token:
            days |= _day_token(token)
    if not days:
        raise CellError(WEEKDAY_EXPECTED)
    return frozenset(days)


def _day_token(token: str) -> set[int]:
    first, dash, last = token.partition("-")
    start = _day(first)
    if not dash:
        return {start}
    end = _day(last)
    if end < start:
        raise CellError(f"{WEEKDAY_EXPECTED}; a range must not wrap past Sunday "
                        "(write Fri-Sun,Mon instead of Fri-Mon)")
    return set(range(start, end + 1))


def _day(token: str) -> int:
    day = _DAY_NAMES.get(token.strip("."))
    if day is None:
        raise CellError(WEEKDAY_EXPECTED)
    return day


def to_cefr(value: Any) -> Cefr:
    """A CEFR level ``A1`` … ``C2`` (any case)."""
    text = value.strip().upper() if isinstance(value, str) else ""
    if text not in Cefr.__members__:
        raise CellError("a Norwegian level: A1, A2, B1, B2, C1 or C2")
    return Cefr[text]


def to_yes_no(value: Any) -> bool:
    """``yes no true false ja nei 1 0 x`` (any case), or an Excel TRUE/FALSE."""
    if isinstance(value, bool):
        return value
    if isinstance(value, int | float) and value in (0, 1):
        return bool(value)
    text = value.strip().casefold() if isinstance(value, str) else ""
    if text in _YES:
        return True
    if text in _NO:
        return False
    raise CellError(YES_NO_EXPECTED)


def to_date(value: Any) -> dt.date:
    """A real Excel date (a date-formatted cell), or text ``YYYY-MM-DD``.

    A plain number is refused: in a cell not formatted as a date it is more likely a typo than
    a date serial.
    """
    if isinstance(value, dt.datetime):
        return value.date()
    if isinstance(value, dt.date):
        return value
    if isinstance(value, str) and _DATE_TEXT.match(value.strip()):
        try:
            return dt.date.fromisoformat(value.strip())
        except ValueError:
            raise CellError("a real date as YYYY-MM-DD") from None
    if isinstance(value, int | float) and not isinstance(value, bool):
        raise CellError("a date (format the cell as a date, or type YYYY-MM-DD), not a number")
    raise CellError("a date (an Excel date or text YYYY-MM-DD)")


def to_shift_codes(value: Any) -> frozenset[str]:
    """Shift codes separated by commas, semicolons or spaces, compared case-insensitively."""
    if isinstance(value, str):
        codes = {shift_key(part) for part in _SPLIT_ANY.split(value) if part.strip()}
    else:
        codes = {shift_key(to_id(value))}
    if not codes:
        raise CellError("shift codes such as D,E,N")
    return frozenset(codes)


def to_rota_cell(value: Any) -> str | None:
    """One rota cell: a shift code, or ``-`` for a day off (blank is handled before)."""
    code = shift_key(to_id(value))
    if code in ("-", "–"):
        return None
    if len(_SPLIT_ANY.split(code)) > 1:
        raise CellError("one shift code (such as D, E or N), or - for a day off")
    return code


def to_follow_up(value: Any) -> FollowUp:
    """``low`` / ``medium`` / ``high`` (any case)."""
    text = value.strip().upper() if isinstance(value, str) else ""
    if text not in FollowUp.__members__:
        raise CellError("low, medium or high")
    return FollowUp[text]


def to_outcome(value: Any) -> str:
    """A trial outcome: ``approved``, ``rejected`` or ``planned`` (any case; blank = planned is
    the row model's default)."""
    text = value.strip().casefold() if isinstance(value, str) else ""
    if text not in ("approved", "rejected", "planned"):
        raise CellError("approved, rejected or planned")
    return text


def to_trade_list(value: Any) -> frozenset[str]:
    """Trades separated by commas or semicolons, as :func:`trade_key` s."""
    trades = frozenset(trade_key(part) for part in _SPLIT_LIST.split(to_text(value))
                       if part.strip())
    if not trades:
        raise CellError("one or more trades separated by commas")
    return trades
