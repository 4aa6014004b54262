"""Messages kept as data until they are shown, and the language the console speaks.

A :class:`Phrase` is a catalogue message (its English text is the id) with its values: a
progress line or a console message carries its numbers, so a program can read them (the web
app's progress bar takes ``placed`` and ``bound``) while a person reads the sentence, rendered
in either language. A value may itself be a phrase (``"repaired start: {state}"``), rendered in
the same language.

The console's language is known only once the round is read (``--language``, else Settings
``language``, else the input's sheet names); the command sets it then (:func:`speak`), and
whatever prints to the console afterwards (progress lines, a Ctrl-C notice) uses it.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Iterable, Iterator, Mapping
from contextlib import contextmanager
from contextvars import ContextVar
from dataclasses import dataclass, field
from typing import Any

from matcher.i18n import DEFAULT_LANGUAGE, language_code, messages

__all__ = ["Lazy", "Phrase", "console", "console_language", "joined", "phrase", "plural",
           "speak"]

_CONSOLE: ContextVar[str | None] = ContextVar("matcher_console_language", default=None)


@dataclass(frozen=True)
class Phrase:
    """One message and its values; ``plural`` (the plural message) makes it counted by ``n``."""

    message: str
    values: Mapping[str, Any] = field(default_factory=dict)
    plural: str | None = None

    def render(self, language: str) -> str:
        """The sentence in ``language`` (``en``: the message itself, filled in)."""
        t = messages(language)
        values = {k: _shown(v, language) for k, v in self.values.items()}
        if self.plural is None:
            return t(self.message, **values)
        count = values.pop("n")
        return t.plural(self.message, self.plural, count, **values)

    def number(self, name: str) -> int | None:
        """The whole number called ``name`` in this phrase or a phrase inside it, if any."""
        value = self.values.get(name)
        if isinstance(value, int) and not isinstance(value, bool):
            return value
        for inner in self.values.values():
            if isinstance(inner, Phrase) and (found := inner.number(name)) is not None:
                return found
        return None

    def __str__(self) -> str:
        return self.render(DEFAULT_LANGUAGE)


@dataclass(frozen=True)
class Lazy:
    """A value of a phrase that is worded in each language by a function of the language (a
    week list, a list of phrases joined), rendered like a phrase inside a phrase."""

    show: Callable[[str], str]

    def render(self, language: str) -> str:
        return self.show(language)

    def __str__(self) -> str:
        return self.render(DEFAULT_LANGUAGE)


def joined(parts: Iterable[Phrase | Lazy | str], separator: str = "; ") -> Lazy:
    """Phrases (or plain text) shown one after another with ``separator`` between them."""
    items = tuple(parts)
    return Lazy(lambda language: separator.join(
        p if isinstance(p, str) else p.render(language) for p in items))


def phrase(message: str, /, **values: Any) -> Phrase:
    return Phrase(message, values)


def plural(singular: str, plural_: str, n: int, /, **values: Any) -> Phrase:
    """A counted phrase: ``plural("{n} pair", "{n} pairs", 3)``."""
    return Phrase(singular, {"n": n, **values}, plural_)


def _shown(value: Any, language: str) -> Any:
    if isinstance(value, Phrase | Lazy):
        return value.render(language)
    if isinstance(value, dt.date):  # as a coordinator writes dates in each language
        return value.isoformat() if language == DEFAULT_LANGUAGE else value.strftime("%d.%m.%Y")
    return value


def console_language() -> str:
    """The language console messages are shown in: set by :func:`speak`, else English."""
    return _CONSOLE.get() or DEFAULT_LANGUAGE


def speak(language: str | None) -> None:
    """From now on the console speaks ``language`` (``None``: leave it as it is)."""
    if language is not None:
        _CONSOLE.set(language_code(language))


@contextmanager
def console(language: str | None = None) -> Iterator[None]:
    """One command's console language: ``language`` from the start (or English until
    :func:`speak` is told), and as it was before once the command ends."""
    token = _CONSOLE.set(language_code(language) if language else None)
    try:
        yield
    finally:
        _CONSOLE.reset(token)
