"""The message catalogue: every name and message the tool shows, in English and bokmål.

The English text is the message id (so ``en`` gives exactly SPEC.md's names); the bokmål
translations live in one gettext catalogue, ``locale/nb/LC_MESSAGES/matcher.po``. It is compiled
with babel when first used (no compiled file to keep in step). The same catalogue serves both
directions: writing (``sheet_name("Participants", "nb")`` → ``Deltakere``) and reading (a sheet
or column found under either name, see :func:`english_sheet` and :func:`column_aliases`).

Contexts in the catalogue: ``sheet``; ``column`` (``column:<Sheet>`` where one sheet names a
column differently); ``value`` (``value:<column>`` where one column names a value differently);
``weekday``. Messages have no context and use ``{name}`` placeholders.

    >>> t = messages("nb")
    >>> t.plural("{n} company day", "{n} company days", 1)
    '1 bedriftsdag'
"""

from __future__ import annotations

import gettext
import io
import re
from collections.abc import Iterable, Mapping
from functools import cache
from pathlib import Path
from typing import Any

from babel.messages.catalog import Catalog
from babel.messages.mofile import write_mo
from babel.messages.pofile import read_po
from babel.numbers import format_decimal

__all__ = [
    "DEFAULT_LANGUAGE", "LANGUAGES", "Messages", "column_aliases", "column_name",
    "english_sheet", "english_value", "language_code", "messages", "name_key", "number_text",
    "sheet_language", "sheet_name", "translator", "value_aliases", "value_name",
    "weekday_name",
]

LANGUAGES: tuple[str, ...] = ("en", "nb")
DEFAULT_LANGUAGE = "en"
_DOMAIN = "matcher"
_LOCALE = Path(__file__).with_name("locale")
_WEEKDAYS = ("Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun")
_WEEKDAY_TOKEN = re.compile(r"\b(" + "|".join(_WEEKDAYS) + r")\b")
_FIXED_SPEC = re.compile(r"(?P<width>\d*)\.(?P<digits>\d+)f")


def language_code(text: str) -> str:
    """``en`` or ``nb`` (any case, surrounding spaces ignored); raises ValueError otherwise."""
    code = text.strip().casefold()
    if code not in LANGUAGES:
        raise ValueError(f"unknown language {text!r}; expected one of {', '.join(LANGUAGES)}")
    return code


def name_key(text: str) -> str:
    """Sheet names and headers match case-insensitively, ignoring surrounding spaces; inner
    spaces count as underscores (``Participant ID`` = ``participant_id``)."""
    return "_".join(text.split()).casefold()


@cache
def _catalog(language: str) -> Catalog:
    path = _LOCALE / language / "LC_MESSAGES" / f"{_DOMAIN}.po"
    with path.open("rb") as handle:
        return read_po(handle, locale=language, domain=_DOMAIN)


@cache
def translator(language: str) -> gettext.NullTranslations:
    """A standard :mod:`gettext` translations object for ``language`` (``en``: the ids)."""
    code = language_code(language)
    if code == DEFAULT_LANGUAGE:
        return gettext.NullTranslations()
    buffer = io.BytesIO()
    write_mo(buffer, _catalog(code))
    buffer.seek(0)
    return gettext.GNUTranslations(buffer)


@cache
def _names(language: str) -> Mapping[tuple[str, str], str]:
    """(context, English name) → name in ``language``, for every entry with a context."""
    if language == DEFAULT_LANGUAGE:
        return {}
    out: dict[tuple[str, str], str] = {}
    for message in _catalog(language):
        if message.context and isinstance(message.id, str) and message.string:
            out[(message.context, message.id)] = str(message.string)
    return out


def _name(context: str, en: str, language: str, specific: str | None = None) -> str:
    table = _names(language_code(language))
    if specific is not None and (f"{context}:{specific}", en) in table:
        return table[(f"{context}:{specific}", en)]
    return table.get((context, en), en)


def sheet_name(en: str, language: str) -> str:
    """A sheet's name in ``language`` (``Timetable (2)`` keeps its number)."""
    base, sep, rest = en.partition(" (")
    if sep and rest.endswith(")"):
        return f"{_name('sheet', base, language)} ({rest}"
    return _name("sheet", en, language)


def column_name(en: str, language: str, sheet: str | None = None) -> str:
    """A column's header in ``language``; ``sheet`` (English) picks a sheet's own name."""
    return _name("column", en, language, sheet)


def value_name(en: str, language: str, column: str | None = None) -> str:
    """An enumerated cell value (``yes``, ``school``, ``high`` …) in ``language``."""
    return _name("value", en, language, column)


def weekday_name(day: int, language: str) -> str:
    """Weekday ``0`` (Monday) … ``6`` as ``Mon`` … ``Sun`` or ``man`` … ``søn``."""
    return _name("weekday", _WEEKDAYS[day], language)


# --- reading: either name accepted ---------------------------------------------------------


@cache
def _sheet_keys() -> Mapping[str, tuple[str, str]]:
    """Name key → (English sheet name, language it is written in)."""
    out: dict[str, tuple[str, str]] = {}
    for language in reversed(LANGUAGES):
        for (context, en), name in _names(language).items():
            if context == "sheet":
                out[name_key(name)] = (en, language)
    for language in LANGUAGES:
        for (context, en), _ in _names(language).items():
            if context == "sheet":
                out[name_key(en)] = (en, DEFAULT_LANGUAGE)
    return out


def english_sheet(name: str) -> str | None:
    """The English name of a sheet found under either name, or ``None`` if it is unknown.

    A name both languages use for different sheets cannot occur: the bokmål output names that
    repeat an input name (``Kull``, ``Veiledere``, ``Faser``) name the same sheet."""
    found = _sheet_keys().get(name_key(name))
    return found[0] if found else None


def sheet_language(names: Iterable[str]) -> str:
    """The language of a workbook's sheet names: ``nb`` when more of the known sheets carry
    their bokmål name than their English one, else ``en``."""
    counts = {language: 0 for language in LANGUAGES}
    keys = _sheet_keys()
    for name in names:
        found = keys.get(name_key(name))
        if found is not None and name_key(name) != name_key(found[0]):
            counts[found[1]] += 1
        elif found is not None:
            counts[DEFAULT_LANGUAGE] += 1
    return "nb" if counts["nb"] > counts[DEFAULT_LANGUAGE] else DEFAULT_LANGUAGE


#: Headers accepted when reading beside the catalogue's names (SPEC.md: a rota's weekday
#: columns may be named ``man`` … ``søn`` or ``mandag`` … ``søndag``).
_READING_ALIASES: Mapping[str, tuple[str, ...]] = {
    "mon": ("mandag", "monday"), "tue": ("tirsdag", "tuesday"), "wed": ("onsdag", "wednesday"),
    "thu": ("torsdag", "thursday"), "fri": ("fredag", "friday"), "sat": ("lørdag", "saturday"),
    "sun": ("søndag", "sunday"),
}


def column_aliases(sheet: str, columns: Iterable[str]) -> dict[str, str]:
    """Name key of every accepted header → English column, for a sheet's ``columns``."""
    out: dict[str, str] = {}
    for en in columns:
        for language in LANGUAGES:
            out.setdefault(name_key(column_name(en, language, sheet)), en)
        for alias in _READING_ALIASES.get(en, ()):
            out.setdefault(name_key(alias), en)
        out[name_key(en)] = en
    return out


@cache
def _value_keys() -> Mapping[str, str]:
    """Case-folded value name in any language → English value."""
    out: dict[str, str] = {}
    for language in LANGUAGES:
        for (context, en), name in _names(language).items():
            if context.startswith("value"):
                out.setdefault(name.casefold(), en)
    return out


def english_value(text: str) -> str:
    """An enumerated value written in either language as its English code (``ja`` → ``yes``,
    ``skole`` → ``school``); other text as it is."""
    return _value_keys().get(text.strip().casefold(), text.strip())


def value_aliases(en: str, column: str | None = None) -> frozenset[str]:
    """The case-folded spellings accepted for an enumerated value: English and bokmål."""
    return frozenset(value_name(en, language, column).casefold() for language in LANGUAGES)


# --- numbers -------------------------------------------------------------------------------


def number_text(value: float, language: str, spec: str = "") -> str:
    """A decimal number as ``language`` writes it, with the format ``spec`` of a message field
    (``.1f``, ``6.1f``, or none): ``en`` exactly as Python formats it (``1.5``), ``nb`` with
    babel's bokmål decimal comma (``1,5``) and no digit grouping."""
    if language_code(language) == DEFAULT_LANGUAGE:
        return format(value, spec)
    fixed = _FIXED_SPEC.fullmatch(spec)
    if fixed is None and spec:
        return format(value, spec).replace(".", ",")
    digits = int(fixed["digits"]) if fixed else None
    pattern = "0" if digits == 0 else "0." + "0" * digits if digits else "0.###"
    text = format_decimal(value, format=pattern, locale=language)
    return text.rjust(int(fixed["width"])) if fixed and fixed["width"] else text


class _Decimal:
    """A float in a message field, formatted by :func:`number_text` in one language."""

    def __init__(self, value: float, language: str) -> None:
        self.value, self.language = value, language

    def __format__(self, spec: str) -> str:
        return number_text(self.value, self.language, spec)


# --- messages ------------------------------------------------------------------------------


class Messages:
    """Translate-and-format for one language: ``t("{n} placed", n=3)``."""

    def __init__(self, language: str) -> None:
        self.language = language_code(language)
        self._t = translator(self.language)

    def __call__(self, message: str, /, **values: Any) -> str:
        return self._t.gettext(message).format(**self._numbers(values))

    def plural(self, singular: str, plural: str, n: int, /, **values: Any) -> str:
        """The form for ``n`` (``{n}`` is filled in): "1 place", "2 places"."""
        return self._t.ngettext(singular, plural, n).format(n=n, **self._numbers(values))

    def _numbers(self, values: Mapping[str, Any]) -> Mapping[str, Any]:
        """Decimal numbers formatted as this language writes them (``1,5`` in bokmål)."""
        if self.language == DEFAULT_LANGUAGE:
            return values
        return {k: _Decimal(v, self.language) if isinstance(v, float) else v
                for k, v in values.items()}

    def number(self, value: float, spec: str = "") -> str:
        """A decimal number in this language: ``t.number(1.25, ".2f")`` → ``1,25`` in bokmål."""
        return number_text(value, self.language, spec)

    def sheet(self, en: str) -> str:
        return sheet_name(en, self.language)

    def column(self, en: str, sheet: str | None = None) -> str:
        return column_name(en, self.language, sheet)

    def value(self, en: str, column: str | None = None) -> str:
        return value_name(en, self.language, column)

    def weekday(self, day: int) -> str:
        return weekday_name(day, self.language)

    def text(self, en: str, context: str) -> str:
        """A text of a named catalogue context (e.g. ``instructions``); English if untranslated."""
        return _name(context, en, self.language)

    def weekdays(self, days: Iterable[int]) -> str:
        """A weekday list as the output writes it: ``Mon,Tue,Fri``."""
        return ",".join(self.weekday(d) for d in sorted(days))

    def weekday_text(self, text: str) -> str:
        """English weekday names in a list or range (``Mon-Fri,Sun``) in this language."""
        if self.language == DEFAULT_LANGUAGE:
            return text
        return _WEEKDAY_TOKEN.sub(lambda m: self.weekday(_WEEKDAYS.index(m.group(0))), text)


@cache
def messages(language: str) -> Messages:
    """The :class:`Messages` of ``language`` (``en`` or ``nb``)."""
    return Messages(language)
