"""A valid start for CP-SAT when the flow's optimum breaks a class or company rule.

The flow optimum is the best any re-match can do on goals 1–4, but it may break a rule the
flow cannot hold (a class over its maximum, a follow-up cap, a class below its minimums, school
days that do not agree). Handed to CP-SAT as a bare hint it made a poor start on large rounds;
repaired greedily it is a valid result close to the bound, which every stage then only
improves:

1. each programme that chooses its school days takes the option that most of the flow's
   weight fits, and the arcs that do not fit it go;
2. a class over its maximum, and a company over its follow-up cap, keep their heaviest arcs;
3. a class that must run with minimums it cannot meet is closed;
4. the participants left out are added back, heaviest arc first, wherever every rule still
   holds (capacities, class maximum and follow-up cap; only into classes that already run or
   have no minimums).
"""

from __future__ import annotations

from collections import Counter, defaultdict

import numpy as np

from matcher.eligibility import Arcs
from matcher.model.ledger import Ledger
from matcher.model.side_rules import first_option, only, side_rule_breaks
from matcher.problem import OptionIndex, OptionMask, Problem, SchoolMasks, SchoolOptions


def valid_start(problem: Problem, arcs: Arcs, chosen: list[int],
                weight: np.ndarray) -> tuple[list[int], SchoolOptions] | None:
    """A valid set of arcs (and the chosen school-day option per choosing programme) near
    ``chosen``; ``None`` when the repair breaks a lock (CP-SAT then starts from a hint)."""
    keep = sorted(chosen, key=lambda a: -int(weight[a]))
    options = _options(problem, arcs, keep, weight)
    keep = [a for a in keep if _fits(arcs, options, a)]
    keep = _within_caps(problem, arcs, keep)
    keep, closed = _running(problem, arcs, keep)
    keep = _add_back(problem, arcs, keep, options, closed, weight)
    masks = {g: only(o) for g, o in options.items()}
    if side_rule_breaks(problem, arcs, keep, {**_common(arcs, keep), **masks}):
        return None
    placed = {int(arcs.participant[a]) for a in keep}
    if any(i not in placed for i in problem.locked_participants):
        return None
    return keep, options


def _common(arcs: Arcs, keep: list[int]) -> SchoolMasks:
    masks: SchoolMasks = {}
    for a in keep:
        g = int(arcs.programme[a])
        masks[g] = OptionMask(masks.get(g, -1) & int(arcs.options[a]))
    return masks


def _options(problem: Problem, arcs: Arcs, keep: list[int],
             weight: np.ndarray) -> SchoolOptions:
    """Per programme with a choice of school days: the option the most weight fits."""
    score: dict[int, Counter[OptionIndex]] = defaultdict(Counter)
    for a in keep:
        g, mask = int(arcs.programme[a]), OptionMask(int(arcs.options[a]))
        if len(problem.school_day_options(problem.programmes[g])) > 1:
            while mask:
                o = first_option(mask)
                score[g][o] += int(weight[a])
                mask = OptionMask(mask & (mask - 1))
    return {g: max(c, key=lambda o: (c[o], -o)) for g, c in score.items()}


def _fits(arcs: Arcs, options: SchoolOptions, a: int) -> bool:
    g = int(arcs.programme[a])
    return g not in options or bool(int(arcs.options[a]) >> options[g] & 1)


def _within_caps(problem: Problem, arcs: Arcs, keep: list[int]) -> list[int]:
    """The heaviest arcs of each class up to its maximum and of each company's high
    follow-up participants up to its cap (``keep`` is heaviest first)."""
    ledger = Ledger(problem, arcs)
    out = []
    for a in keep:
        if ledger.class_room[int(arcs.programme[a])] <= 0 or ledger.high_full(a):
            continue
        ledger.take(a)
        out.append(a)
    return out


def _running(problem: Problem, arcs: Arcs, keep: list[int]) -> tuple[list[int], set[int]]:
    """Close the classes whose minimums fail; returns the arcs left and the closed classes."""
    members: dict[int, list[int]] = defaultdict(list)
    for a in keep:
        members[int(arcs.programme[a])].append(a)
    closed = set()
    for g, group in members.items():
        prog = problem.programmes[g]
        rights = sum(problem.participants[int(arcs.participant[a])].has_rights for a in group)
        if not prog.meets_minimums(len(group), rights):
            closed.add(g)
    return [a for a in keep if int(arcs.programme[a]) not in closed], closed


def _add_back(problem: Problem, arcs: Arcs, keep: list[int], options: SchoolOptions,
              closed: set[int], weight: np.ndarray) -> list[int]:
    """Everyone left out, heaviest arc first, wherever every rule still holds."""
    ledger = Ledger(problem, arcs, keep)
    out = list(keep)
    for a in np.argsort(-weight, kind="stable").tolist():
        g = int(arcs.programme[a])
        prog = problem.programmes[g]
        size = ledger.size(g)
        if g in closed or not ledger.fits(a) or (prog.has_minimums and not size):
            continue
        if not _fits(arcs, options, a) or (size == 0 and g not in options and len(
                problem.school_day_options(prog)) > 1):
            continue
        ledger.take(a)
        out.append(a)
    return out
