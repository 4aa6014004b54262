"""The message catalogue: complete, consistent with SPEC.md's "Norwegian names", and usable
both ways (writing a name, reading either name)."""

from __future__ import annotations

import ast
import re
import string
from pathlib import Path

import pytest
from babel.messages.pofile import read_po

from matcher import i18n

PO = Path(i18n.__file__).with_name("locale") / "nb" / "LC_MESSAGES" / "matcher.po"
SPEC = Path(__file__).resolve().parents[2] / "docs" / "SPEC.md"


def _norwegian_names_section() -> str:
    text = SPEC.read_text(encoding="utf-8")
    return text[text.index("## Norwegian names"):]


def _pairs(paragraph: str) -> list[tuple[str, str]]:
    """The simple ``english = bokmål`` pairs of one SPEC paragraph."""
    out = []
    for part in re.split(r"[;:]\s*", paragraph.replace("\n", " ")):
        m = re.fullmatch(r"\s*([A-Za-z_\-]+) = ([\wæøåÆØÅ \-]+?)\s*\.?", part)
        if m:
            out.append((m.group(1), m.group(2)))
    return out


def _fields(text: str) -> set[str]:
    return {name for _, name, _, _ in string.Formatter().parse(text) if name}


def test_every_catalogue_entry_is_translated_with_the_same_placeholders() -> None:
    with PO.open("rb") as handle:
        catalog = read_po(handle)
    entries = [m for m in catalog if m.id]
    assert len(entries) > 100
    for message in entries:
        ids = message.id if isinstance(message.id, tuple | list) else (message.id,)
        strings = message.string if isinstance(message.string, tuple | list) else (
            message.string,)
        assert all(strings), f"untranslated: {message.id!r}"
        for text in strings:
            assert _fields(text) <= _fields(" ".join(ids)), (message.id, text)


def test_sheet_names_are_specs() -> None:
    section = _norwegian_names_section()
    sheets = section[:section.index("Columns (English")]
    pairs = [(en, nb) for en, nb in _pairs(sheets) if en[0].isupper()]
    assert len(pairs) >= 25
    for en, nb in pairs:
        assert i18n.sheet_name(en, "nb") == nb
        assert i18n.sheet_name(en, "en") == en
        assert i18n.english_sheet(nb) == en


def test_column_names_are_specs() -> None:
    section = _norwegian_names_section()
    pairs = [(en, nb) for en, nb in _pairs(section) if (en.islower() and "_" in en + nb)
             or en in ("name", "area", "week", "code", "priority", "places", "key", "value")]
    assert len(pairs) >= 60
    for en, nb in pairs:
        if en == "label":
            continue  # per sheet: below
        assert i18n.column_name(en, "nb") == nb, en
        assert i18n.column_name(en, "en") == en
    assert i18n.column_name("label", "nb", "Phases") == "navn_på_fase"
    assert i18n.column_name("label", "nb", "Shifts") == "betegnelse"
    assert i18n.column_name("label", "nb", "Holidays") == "betegnelse"


def test_values_and_weekdays() -> None:
    assert [i18n.weekday_name(d, "nb") for d in range(7)] == [
        "man", "tir", "ons", "tor", "fre", "lør", "søn"]
    assert [i18n.weekday_name(d, "en") for d in range(7)] == [
        "Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun"]
    assert i18n.value_name("yes", "nb") == "ja"
    assert i18n.value_name("school", "nb") == "skole"
    assert i18n.value_name("new supervisor", "nb") == "ny veileder"
    assert i18n.value_name("all", "nb", "closed") == "alt"
    assert i18n.value_name("all", "nb", "public_holidays") == "alle"
    assert i18n.value_aliases("high") == {"high", "høy"}


def test_reading_either_name() -> None:
    assert i18n.english_sheet(" ikke  PLASSERT ") == "Unplaced"
    assert i18n.english_sheet("Deltakere") == "Participants"
    assert i18n.english_sheet("participants") == "Participants"
    assert i18n.english_sheet("Nothing") is None
    aliases = i18n.column_aliases("Participants", ["participant_id", "programmes"])
    assert aliases == {"participant_id": "participant_id", "deltaker_id": "participant_id",
                       "programmes": "programmes", "kull": "programmes"}
    assert i18n.sheet_language(["Kull", "Faser", "Deltakere", "Settings"]) == "nb"
    assert i18n.sheet_language(["Programmes", "Faser", "Participants"]) == "en"
    assert i18n.sheet_language(["Kull"]) == "nb"


def test_messages_and_plurals() -> None:
    nb, en = i18n.messages("nb"), i18n.messages("en")
    assert en.plural("{n} company day", "{n} company days", 1) == "1 company day"
    assert en.plural("{n} company day", "{n} company days", 2) == "2 company days"
    assert nb.plural("{n} company day", "{n} company days", 1) == "1 bedriftsdag"
    assert nb.plural("{n} place", "{n} places", 0) == "0 plasser"
    assert en("an untranslated {x}", x=1) == "an untranslated 1"
    assert isinstance(i18n.translator("nb").gettext("x"), str)


def test_decimal_numbers_as_each_language_writes_them() -> None:
    assert i18n.number_text(1.25, "en", ".2f") == "1.25"
    assert i18n.number_text(1.25, "nb", ".2f") == "1,25"
    assert i18n.number_text(3.0, "nb", "6.1f") == "   3,0"
    assert i18n.number_text(1234.5, "nb", ".1f") == "1234,5"
    assert i18n.number_text(0.857142, "nb") == "0,857" and i18n.number_text(7.0, "nb", ".0f") == "7"
    assert i18n.messages("nb").number(12.5) == "12,5"
    assert i18n.messages("en")("{x:.1f} and {n}", x=1.25, n=3) == "1.2 and 3"
    assert i18n.messages("nb")("{x:.1f} and {n}", x=1.25, n=3) == "1,2 and 3"


def test_unknown_language_is_refused() -> None:
    assert i18n.language_code(" NB ") == "nb"
    with pytest.raises(ValueError, match="expected one of en, nb"):
        i18n.language_code("sv")


#: Calls whose first argument is a catalogue message: ``t(...)``, ``t.plural(...)``, the
#: progress lines (``say``, ``say_plural``, ``callback``) and phrases kept as data.
_MESSAGE_CALLS = {"t", "plural", "say", "say_plural", "phrase", "Phrase", "callback"}


def _message_literals(path: Path) -> list[tuple[int, str]]:
    """(line, message) of every literal message passed to a catalogue call in ``path``; both
    branches of ``"a" if x else "b"``."""
    out = []
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if not isinstance(node, ast.Call) or not node.args:
            continue
        func = node.func
        name = func.attr if isinstance(func, ast.Attribute) else getattr(func, "id", None)
        if name not in _MESSAGE_CALLS:
            continue
        first = node.args[0]
        options = (first.body, first.orelse) if isinstance(first, ast.IfExp) else (first,)
        out += [(node.lineno, o.value) for o in options
                if isinstance(o, ast.Constant) and isinstance(o.value, str)]
    return out


def test_every_message_in_the_code_is_in_the_catalogue() -> None:
    """A message written in code but missing from the catalogue would stay English in a
    bokmål run: console messages, progress lines, explanations and report text alike."""
    with PO.open("rb") as handle:
        catalog = read_po(handle)
    ids = {m.id[0] if isinstance(m.id, tuple | list) else m.id
           for m in catalog if m.id and not m.context}
    root = Path(i18n.__file__).resolve().parents[2]
    sources = [*(root / "matcher").rglob("*.py"), *(root / "cli").rglob("*.py")]
    found = [(p.relative_to(root), line, text)
             for p in sources for line, text in _message_literals(p)]
    assert len(found) > 150
    missing = [f"{p}:{line}: {text!r}" for p, line, text in found if text not in ids]
    assert not missing, "\n".join(missing)
