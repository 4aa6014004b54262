"""Rule 6 of SPEC.md: class size, rights balance, one set of school days per programme (and per
programme and phase where the phase has its own), and apprenticeships at approved companies."""

from __future__ import annotations

from collections import Counter

from matcher.checker.context import Context
from matcher.checker.derive import show_days
from matcher.checker.violation import Violation
from matcher.rules import HardRule

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
            out.append(Violation(HardRule.CLASS_SIZE, None,
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
            out.append(Violation(HardRule.RIGHTS_MINIMUM, None,
                                 f"programme {pid} has {rights[pid]} participants with rights, "
                                 f"min_with_rights is {prog.min_with_rights}"))
        if no_rights[pid] < prog.min_without_rights:
            out.append(Violation(HardRule.RIGHTS_MINIMUM, None,
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
            out.append(Violation(HardRule.SCHOOL_DAYS, None,
                                 f"school days given for unknown programme {prog_id}"))
    for prog in ctx.problem.programmes:
        pid = prog.programme_id
        days = ctx.solution.school_days.get(pid)
        if days is None:
            if pid in placed:
                out.append(Violation(HardRule.SCHOOL_DAYS, None,
                                     f"programme {pid} has placed participants but no school days"))
            continue
        chosen = frozenset(days)
        shown = show_days(chosen)
        if prog.school_days is not None:
            if chosen != prog.school_days:
                out.append(Violation(HardRule.SCHOOL_DAYS, None,
                                     f"programme {pid} has school days {shown}, "
                                     f"its fixed days are {show_days(prog.school_days)}"))
        else:
            n = prog.school_days_to_choose or 0
            if len(chosen) != n or not chosen <= _WORKWEEK:
                out.append(Violation(HardRule.SCHOOL_DAYS, None,
                                     f"programme {pid} has school days {shown}, "
                                     f"expected {n} distinct days among Mon–Fri"))
    return out + _phase_school_days(ctx, placed)


def _phase_school_days(ctx: Context, placed: set[str]) -> list[Violation]:
    """Each base-plan phase with its own school days has one set, as its row says (fixed, or
    N distinct days among Mon–Fri); no set is named for a phase without its own."""
    out: list[Violation] = []
    own = {(ph.programme_id, ph.from_week): ph for ph in ctx.problem.phases
           if ph.scenario is None
           and (ph.school_days is not None or ph.school_days_to_choose is not None)}
    for key in ctx.solution.phase_school_days:
        if key not in own:
            out.append(Violation(HardRule.SCHOOL_DAYS, None,
                                 f"school days given for programme {key[0]}'s weeks from "
                                 f"{key[1]}, which is no phase with its own school days"))
    for (pid, week), ph in own.items():
        days = ctx.solution.phase_school_days.get((pid, week))
        where = f"programme {pid}'s phase from week {week}"
        if days is None:
            if pid in placed:
                out.append(Violation(HardRule.SCHOOL_DAYS, None, f"{where} has no school days"))
            continue
        chosen = frozenset(days)
        if ph.school_days is not None and chosen != ph.school_days:
            out.append(Violation(HardRule.SCHOOL_DAYS, None,
                                 f"{where} has school days {show_days(chosen)}, its fixed days "
                                 f"are {show_days(ph.school_days)}"))
        n = ph.school_days_to_choose
        if n is not None and (len(chosen) != n or not chosen <= _WORKWEEK):
            out.append(Violation(HardRule.SCHOOL_DAYS, None,
                                 f"{where} has school days {show_days(chosen)}, expected {n} "
                                 "distinct days among Mon–Fri"))
    return out


def apprenticeship_company(ctx: Context) -> list[Violation]:
    """A participant whose programme has an apprenticeship week among its planned weeks is
    placed only at an approved training company."""
    out: list[Violation] = []
    for pid, pl in ctx.first.items():
        weeks = ctx.weeks.get(pl.programme_id, ())
        company = ctx.problem.companies_by_id.get(pl.company_id)
        if company is None or company.approved_training_company:
            continue
        if any(w.phase.apprenticeship for w in weeks):
            out.append(Violation(HardRule.APPRENTICESHIP_COMPANY, pid,
                                 f"participant {pid}'s programme {pl.programme_id} has "
                                 f"apprenticeship weeks, but company {pl.company_id} is not an "
                                 "approved training company"))
    return out
