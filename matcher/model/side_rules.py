"""The rules a flow cannot hold, checked on a candidate solution given as arcs.

Class sizes, rights minimums, follow-up caps and one set of school days per programme: the
flow relaxation ignores them, so every flow solution, repaired start and fallback is checked
here before it is trusted. (The independent checker still re-checks the final result.)
"""

from __future__ import annotations

from typing import NamedTuple

from matcher.eligibility import Arcs
from matcher.model.ledger import Ledger
from matcher.problem import (
    OptionIndex,
    OptionMask,
    Problem,
    SchoolMasks,
    SchoolOptions,
)


class Break(NamedTuple):
    """One rule a candidate solution breaks: the rule, and the programme (index) or company
    (id) where it is broken."""

    rule: str
    programme: int | None = None
    company: str | None = None


def side_rule_breaks(problem: Problem, arcs: Arcs, chosen: list[int],
                     school: SchoolMasks) -> list[Break]:
    """The class, rights, follow-up and school-day rules that a flow solution breaks."""
    breaks: list[Break] = []
    ledger = Ledger(problem, arcs, chosen)
    for g in range(len(problem.programmes)):
        size = ledger.size(g)
        shortfall = ledger.shortfall(g)
        if size and (shortfall[0] or ledger.class_room[g] < 0):
            breaks.append(Break("class_size", programme=g))
        if size and any(shortfall[1:]):
            breaks.append(Break("rights_minimum", programme=g))
        if not school.get(g, 1):
            breaks.append(Break("school_days", programme=g))
    breaks.extend(Break("follow_up_cap", company=c) for c in ledger.companies_over_cap())
    return breaks


def common_options(problem: Problem, arcs: Arcs, chosen: list[int],
                   only_free: set[int] | None = None) -> SchoolMasks:
    """Per programme, the school-day options every chosen arc of it fits."""
    masks: SchoolMasks = {}
    for g, prog in enumerate(problem.programmes):
        if only_free is not None and g in only_free:
            continue
        masks[g] = OptionMask((1 << len(problem.school_day_options(prog))) - 1)
    for a in chosen:
        g = int(arcs.programme[a])
        if g in masks:
            masks[g] = OptionMask(masks[g] & int(arcs.options[a]))
    return masks


def first_option(mask: OptionMask) -> OptionIndex:
    """The first school-day option in a mask (its lowest set bit; -1 when none fits)."""
    return OptionIndex((mask & -mask).bit_length() - 1)


def only(option: OptionIndex) -> OptionMask:
    """The mask that holds one option."""
    return OptionMask(1 << option)


def breaks_with_options(problem: Problem, arcs: Arcs, chosen: list[int],
                        options: SchoolOptions) -> list[Break]:
    """Side-rule breaks of arcs with the school-day option fixed for the programmes in
    ``options`` (the others take whatever option all their arcs fit)."""
    masks = common_options(problem, arcs, chosen)
    for g, option in options.items():
        masks[g] = OptionMask(masks.get(g, 0) & only(option))
    return side_rule_breaks(problem, arcs, chosen, masks)
