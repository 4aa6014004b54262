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

from matcher.i18n import language_code, value_aliases
from matcher.problem import CLOSED_ALL, CLOSED_SCHOOL, Cefr, FollowUp, shift_key, trade_key


class CellError(ValueError):
    """A cell does not follow its column's convention; ``expected`` says what would."""

    def __init__(self, expected: str) -> None:
        super().__init__(expected)
        self.expected = expected


_SPLIT_LIST = re.compile(r"[;,]")
_SPLIT_ANY = re.compile(r"[;,\s]+")
_DATE_TEXT = re.compile(r"^\d{4}-\d{2}-\d{2}$")
_DATE_NORWEGIAN = re.compile(r"^(\d{1,2})\.(\d{1,2})\.(\d{4})$")
_DATE_SLASHES = re.compile(r"^\d{1,2}/\d{1,2}/\d{2,4}$")
#: Whole numbers in a date column read as Excel date serials (1954-10-03 … 2119-01-11).
DATE_SERIALS = range(20000, 80001)
_MONTH_NAME = re.compile(r"\b(jan|feb|mar|apr|mai|may|jun|jul|aug|sep|okt|oct|nov|des|dec)[a-z]*\b")
DATE_EXPECTED = "a date (an Excel date, or text DD.MM.YYYY or YYYY-MM-DD)"

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
    """A real Excel date; text ``YYYY-MM-DD``, ``DD.MM.YYYY`` or ``D.M.YYYY``; or a whole number
    20000–80000, read as an Excel date serial (the row layer warns about it).

    ``DD/MM/YYYY`` is refused (is 03/04 the 3rd of April or March 4th?), and so are month
    names; both with a hint how to type the date instead. Other numbers are refused: in a cell
    not formatted as a date they are more likely a typo than a date.
    """
    if isinstance(value, dt.datetime):
        return value.date()
    if isinstance(value, dt.date):
        return value
    if isinstance(value, int | float) and not isinstance(value, bool):
        if float(value).is_integer() and int(value) in DATE_SERIALS:
            return dt.date(1899, 12, 30) + dt.timedelta(days=int(value))
        raise CellError("a date (format the cell as a date, or type DD.MM.YYYY), not a number")
    text = value.strip() if isinstance(value, str) else ""
    try:
        if _DATE_TEXT.match(text):
            return dt.date.fromisoformat(text)
        m = _DATE_NORWEGIAN.match(text)
        if m:
            return dt.date(int(m.group(3)), int(m.group(2)), int(m.group(1)))
    except ValueError:
        raise CellError("a real date as DD.MM.YYYY or YYYY-MM-DD (that day does not exist)"
                        ) from None
    if _DATE_SLASHES.match(text):
        raise CellError(f"{DATE_EXPECTED}; DD/MM/YYYY is not used because 03/04 can mean "
                        "3 April or March 4: type it with dots, e.g. 03.04.2026")
    if _MONTH_NAME.search(text.casefold()):
        raise CellError(f"{DATE_EXPECTED}; write the month as a number, e.g. 17.08.2026, not "
                        "its name")
    raise CellError(DATE_EXPECTED)


def to_shift_codes(value: Any) -> frozenset[str]:
    """Shift codes separated by commas, semicolons or spaces, compared case-insensitively."""
    if isinstance(value, str):
        codes = {shift_key(part) for part in _SPLIT_ANY.split(value) if part.strip()}
    else:
        codes = {shift_key(to_id(value))}
    if not codes:
        raise CellError("shift codes such as D,E,N")
    return frozenset(codes)


def to_rota_cell(value: Any) -> str:
    """One rota cell's code, as a :func:`shift_key` (blank is handled before). Whether it is
    a working shift or a day off is decided with the Shifts sheet (see
    :func:`matcher.reader.rows.build_rotas`)."""
    code = shift_key(to_id(value))
    if len(_SPLIT_ANY.split(code)) > 1:
        raise CellError("one shift code (such as D, E or N), or a day-off code such as - or FRI")
    return code


_FOLLOW_UP = {alias: level for level in FollowUp
              for alias in value_aliases(level.name.casefold())}
_OUTCOMES = {alias: outcome for outcome in ("approved", "rejected", "planned")
             for alias in value_aliases(outcome)} | {"ikke godkjent": "rejected"}


_TIME_TEXT = re.compile(r"^(\d{1,2})[:.](\d{2})$")


def to_time(value: Any) -> dt.time:
    """A time of day: ``HH:MM`` (or ``HH.MM``) typed as text, or an Excel time."""
    expected = "a time of day as HH:MM, e.g. 07:30"
    if isinstance(value, dt.datetime):
        return value.time()
    if isinstance(value, dt.time):
        return value
    if isinstance(value, float) and 0 <= value < 1:  # an Excel time not formatted as one
        minutes = round(value * 24 * 60)
        return dt.time(minutes // 60 % 24, minutes % 60)
    match = _TIME_TEXT.match(value.strip()) if isinstance(value, str) else None
    if match is None or int(match.group(1)) > 23 or int(match.group(2)) > 59:
        raise CellError(expected)
    return dt.time(int(match.group(1)), int(match.group(2)))


_CLOSED = {"school": CLOSED_SCHOOL, "skole": CLOSED_SCHOOL, "all": CLOSED_ALL,
           "alt": CLOSED_ALL, "alle": CLOSED_ALL}


def to_closed(value: Any) -> str:
    """What a Holidays row closes: ``school`` (skole) or ``all`` (alt)."""
    text = value.strip().casefold() if isinstance(value, str) else ""
    if text not in _CLOSED:
        raise CellError("school or all (skole or alt)")
    return _CLOSED[text]


_PUBLIC_HOLIDAYS = {"all": "all", "alle": "all", "school": "school", "skole": "school",
                    "none": "none", "ingen": "none"}


def to_public_holidays(value: Any) -> str:
    """Settings ``public_holidays``: ``all``, ``school`` or ``none`` (``alle``, ``skole``,
    ``ingen``)."""
    text = value.strip().casefold() if isinstance(value, str) else ""
    if text not in _PUBLIC_HOLIDAYS:
        raise CellError("all, school or none (alle, skole or ingen)")
    return _PUBLIC_HOLIDAYS[text]


def to_follow_up(value: Any) -> FollowUp:
    """``low`` / ``medium`` / ``high``, or ``lav`` / ``middels`` / ``høy`` (any case)."""
    text = " ".join(value.split()).casefold() if isinstance(value, str) else ""
    if text not in _FOLLOW_UP:
        raise CellError("low, medium or high (lav, middels, høy)")
    return _FOLLOW_UP[text]


def to_outcome(value: Any) -> str:
    """A trial outcome: ``approved``, ``rejected`` or ``planned``, or ``godkjent``,
    ``avslått`` / ``ikke godkjent``, ``planlagt`` (any case; blank = planned is the row model's
    default)."""
    text = " ".join(value.split()).casefold() if isinstance(value, str) else ""
    if text not in _OUTCOMES:
        raise CellError("approved, rejected or planned (godkjent, avslått, planlagt)")
    return _OUTCOMES[text]


def to_trade_list(value: Any) -> frozenset[str]:
    """Trades separated by commas or semicolons, as :func:`trade_key` s."""
    trades = frozenset(trade_key(part) for part in _SPLIT_LIST.split(to_text(value))
                       if part.strip())
    if not trades:
        raise CellError("one or more trades separated by commas")
    return trades


def to_language(value: Any) -> str:
    """The output language: ``en`` or ``nb`` (any case)."""
    try:
        return language_code(value if isinstance(value, str) else "")
    except ValueError:
        raise CellError("en or nb") from None
