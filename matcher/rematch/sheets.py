"""The re-match's own output sheets: Changes and Trade-offs (SPEC.md "Re-matching mid-course")."""

from __future__ import annotations

from collections.abc import Callable

from matcher.problem import Problem
from matcher.rematch.changes import Change
from matcher.rematch.solve import TradeOff
from matcher.report.cells import Column
from matcher.report.tables import Table

CHANGE_COLUMNS = ("participant_id", "name", "change", "programme_before", "company_before",
                  "supervisor_before", "programme_after", "company_after", "supervisor_after")


def changes_table(problem: Problem, changes: list[Change], pseudonymise: bool,
                  ids: Callable[[str], str] = str) -> Table:
    """One row per participant of the previous result and per newcomer placed now;
    ``ids`` maps participant ids to what the sheet shows (pseudonyms)."""
    people = problem.participants_by_id
    rows: list[list[object]] = []
    for c in changes:
        person = people.get(c.participant_id)
        name = "" if pseudonymise or person is None else person.name
        b, a = c.before, c.after
        reason = c.reason if c.room_for is None else f"{c.reason} {ids(c.room_for)}"
        rows.append([
            ids(c.participant_id), name, c.change,
            b.programme_id if b else None, b.company_id if b else None,
            b.supervisor_id if b else None,
            a.programme_id if a else None, a.company_id if a else None,
            a.supervisor_id if a else None, reason,
        ])
    columns = (*(Column(h) for h in CHANGE_COLUMNS), Column("reason", width=70))
    return columns, rows


def trade_offs_table(rows: tuple[TradeOff, ...]) -> Table:
    """For 0 … 5 moves more than the minimum: the most participants placed."""
    columns = tuple(Column(h) for h in ("extra_moves", "moves", "most_placed", "proven"))
    return columns, [[r.extra, r.moves, r.placed, "yes" if r.proven else "no"] for r in rows]
