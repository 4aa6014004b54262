"""The pages' words in bokmål and English, from the tool's one message catalogue
(:mod:`matcher.i18n`): pages are written in English and each text is looked up by its English
wording, as gettext does. A text with no bokmål entry shows in English."""

from __future__ import annotations

from collections.abc import Callable

from matcher import i18n
from matcher.i18n.issues import translate


def translator(language: str) -> Callable[[str], str]:
    """The lookup for ``language`` ("nb" or "en"): English text in, that language out."""
    return i18n.translator(language).gettext


def weekdays(language: str) -> list[str]:
    """Monday … Sunday in ``language``, as the output workbook names them."""
    return [i18n.weekday_name(day, language) for day in range(7)]


def column(language: str) -> Callable[[str], str]:
    """A column's header in ``language``, as the output workbook writes it."""
    return lambda name: i18n.column_name(name, language)


def issue(language: str) -> Callable[[str | None], str]:
    """An input problem's message or expectation in ``language`` (the reader writes English)."""
    t = i18n.messages(language)
    return lambda text: translate(text, t) if text else ""
