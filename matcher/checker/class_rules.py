"""Rule 6 of SPEC.md: class size, rights balance and one set of school days per programme."""

from __future__ import annotations

from collections import Counter

from matcher.checker.context import Context
from matcher.checker.derive import show_days
from matcher.checker.violation import Violation

_WORKWEEK = frozenset(range(5))


def _class_counts(ctx: Context) -> tuple[Counter[str], Counter[str], Counter[str]]:
    """Per programme: placed participants, those with rights, those without (each counted once)."""
    size: Counter[str] = Counter()
    rights: Counter[str] = Counter()
    no_rights: Counter[str] = Counter()
    for pid, pl in ctx.first.items():
        size[pl.programme_id] += 1
        participant = ctx.problem.participants_by_id.get(pid)
        if participant is not None:
            (rights if participant.has_rights is True else no_rights)[pl.programme_id] += 1
    return size, rights, no_rights


def class_size(ctx: Context) -> list[Violation]:
    """A class is empty, or its size lies within [min, max] (max None = no limit)."""
    size, _, _ = _class_counts(ctx)
    out: list[Violation] = []
    for prog in ctx.problem.programmes:
        n = size[prog.programme_id]
        too_small = 0 < n < prog.min_class_size
        too_big = prog.max_class_size is not None and n > prog.max_class_size
        if too_small or too_big:
            top = prog.max_class_size if prog.max_class_size is not None else "any"
            out.append(Violation("class_size", None,
                                 f"programme {prog.programme_id} has {n} placed participants, "
                                 f"allowed 0 or {prog.min_class_size}–"
                                 f"{top}"))
    return out


def rights_minimum(ctx: Context) -> list[Violation]:
    """When a class runs (≥ 1 placed): enough participants with and without adult rights."""
    size, rights, no_rights = _class_counts(ctx)
    out: list[Violation] = []
    for prog in ctx.problem.programmes:
        pid = prog.programme_id
        if size[pid] == 0:
            continue
        if rights[pid] < prog.min_with_rights:
            out.append(Violation("rights_minimum", None,
                                 f"programme {pid} has {rights[pid]} participants with rights, "
                                 f"min_with_rights is {prog.min_with_rights}"))
        if no_rights[pid] < prog.min_without_rights:
            out.append(Violation("rights_minimum", None,
                                 f"programme {pid} has {no_rights[pid]} participants without "
                                 f"rights, min_without_rights is {prog.min_without_rights}"))
    return out


def school_days(ctx: Context) -> list[Violation]:
    """Each programme with placed participants has one set of school days: its fixed set, or
    exactly ``school_days_to_choose`` distinct days among Mon–Fri. Unknown programmes in the
    solution's school days are violations too."""
    out: list[Violation] = []
    placed = {pl.programme_id for pl in ctx.first.values()}
    for prog_id in ctx.solution.school_days:
        if prog_id not in ctx.problem.programmes_by_id:
            out.append(Violation("school_days", None,
                                 f"school days given for unknown programme {prog_id}"))
    for prog in ctx.problem.programmes:
        pid = prog.programme_id
        days = ctx.solution.school_days.get(pid)
        if days is None:
            if pid in placed:
                out.append(Violation("school_days", None,
                                     f"programme {pid} has placed participants but no school days"))
            continue
        chosen = frozenset(days)
        shown = show_days(chosen)
        if prog.school_days is not None:
            if chosen != prog.school_days:
                out.append(Violation("school_days", None,
                                     f"programme {pid} has school days {shown}, "
                                     f"its fixed days are {show_days(prog.school_days)}"))
        else:
            n = prog.school_days_to_choose or 0
            if len(chosen) != n or not chosen <= _WORKWEEK:
                out.append(Violation("school_days", None,
                                     f"programme {pid} has school days {shown}, "
                                     f"expected {n} distinct days among Mon–Fri"))
    return out
