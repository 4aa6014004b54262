"""Input text made safe for cells: illegal characters replaced, formulas kept as plain text."""

from __future__ import annotations

from matcher.report.text import MAX_CELL_CHARS, PLACEHOLDER, clean_text, looks_like_formula


def test_illegal_control_characters_become_a_visible_placeholder() -> None:
    assert clean_text("a\x00b\x1fc\x0bd") == f"a{PLACEHOLDER}b{PLACEHOLDER}c{PLACEHOLDER}d"


def test_tab_newline_and_carriage_return_are_kept() -> None:
    assert clean_text("\tA\r\nB") == "\tA\r\nB"


def test_formula_looking_text_is_kept_exactly() -> None:
    for text in ("=1+1", "+47 123", "-5", "@SUM(A1)", "\t=cmd"):
        assert clean_text(text) == text
        assert looks_like_formula(text)
    assert not looks_like_formula("Ada")


def test_text_is_cut_to_excels_cell_limit() -> None:
    assert len(clean_text("x" * (MAX_CELL_CHARS + 10))) == MAX_CELL_CHARS
