"""Text that came from the input, made safe to put in a cell.

Excel and openpyxl have two traps for text typed by users: a string that starts with ``=`` is
stored by openpyxl as a *formula*, and XML 1.0 cannot hold most control characters, so openpyxl
raises ``IllegalCharacterError`` on them. Every piece of input text goes through
:func:`clean_text` before it reaches a cell, and cells built from text always carry the string
type (see :mod:`matcher.report.cells`), so a coordinator's data can never run as a formula and
never crash the report.
"""

from __future__ import annotations

import re

#: What replaces a character a workbook cannot hold: visible, so the user can find and fix it.
PLACEHOLDER = "\ufffd"

#: Excel's limit on the characters in one cell.
MAX_CELL_CHARS = 32_767

# XML 1.0 allows tab, LF and CR among the C0 controls; everything else below 0x20 is illegal,
# and so are the surrogates and the two non-characters U+FFFE / U+FFFF.
_ILLEGAL = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ud800-\udfff\ufffe\uffff]")

#: First characters that make a spreadsheet treat typed text as a formula or a command.
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r", "\n")


def clean_text(text: str) -> str:
    """``text`` with characters a workbook cannot hold replaced by :data:`PLACEHOLDER`, cut to
    Excel's cell limit. Leading ``=`` and the like are kept: the caller stores the result as a
    string cell, which Excel never evaluates."""
    if _ILLEGAL.search(text):
        text = _ILLEGAL.sub(PLACEHOLDER, text)
    if len(text) > MAX_CELL_CHARS:
        text = text[:MAX_CELL_CHARS]
    return text


def looks_like_formula(text: str) -> bool:
    """Whether a spreadsheet could read this text as a formula if it were typed in."""
    return text.startswith(FORMULA_STARTS)
