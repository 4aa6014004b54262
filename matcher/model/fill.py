"""Add unplaced participants to classes that already run, wherever every rule still holds.

A repaired start or a search over part of the pairs (large rounds search each participant's
best-scoring pairs only) can leave a participant unplaced although a running class, a
supervisor and the company's places all have room for them on a pair the search never saw.
Adding such a participant breaks no rule (a class that runs stays within its minimums and its
maximum is checked, as are places, supervisor capacity, the class's school days and the
follow-up cap), and it improves goal 1, so it is always right to do. Highest priority first,
then the best-scoring pair.
"""

from __future__ import annotations

import numpy as np
import numpy.typing as npt

from matcher.eligibility import Arcs
from matcher.model.ledger import Ledger
from matcher.model.side_rules import common_options, first_option, only
from matcher.problem import OptionIndex, OptionMask, Problem, SchoolMasks

IntArray = npt.NDArray[np.int64]
CHUNK = 1 << 22  # arcs screened per numpy step (bounded temporaries at 50 million arcs)


def fill_running_classes(problem: Problem, arcs: Arcs, chosen: list[int],
                         school: SchoolMasks) -> tuple[list[int], SchoolMasks]:
    """``chosen`` plus every participant that fits into a running class, and the school-day
    masks (per programme; a programme that gains members is pinned to the option they fit)."""
    masks = {**common_options(problem, arcs, chosen), **school}
    option = np.array([first_option(masks.get(g, OptionMask(1)))
                       for g in range(len(problem.programmes))], dtype=np.int64)
    ledger = Ledger(problem, arcs, chosen)
    candidates = _candidates(ledger, arcs, option)
    if not len(candidates):
        return chosen, masks
    priority = np.array([p.priority for p in problem.participants], dtype=np.int64)
    order = np.lexsort((candidates, -arcs.quality[candidates],
                        -priority[arcs.participant[candidates]]))
    added = []
    for a in candidates[order].tolist():
        if ledger.fits(a):
            ledger.take(a)
            added.append(a)
    for a in added:
        g = int(arcs.programme[a])
        masks[g] = only(OptionIndex(int(option[g])))
    return chosen + added, masks


def _candidates(ledger: Ledger, arcs: Arcs, option: IntArray) -> IntArray:
    """Arcs of unplaced participants into running classes with room everywhere now."""
    found = []
    size = ledger.sizes()
    running = (size > 0) & (ledger.class_room > 0) & (option >= 0)
    room = ledger.supervisor_open()
    for lo in range(0, len(arcs), CHUNK):
        hi = min(lo + CHUNK, len(arcs))
        g, s = arcs.programme[lo:hi], arcs.supervisor[lo:hi]
        ok = running[g] & ~ledger.placed[arcs.participant[lo:hi]] & room[s]
        ok &= (arcs.options[lo:hi] >> np.maximum(option[g], 0)) & 1 == 1
        found.append(lo + np.flatnonzero(ok))
    return np.concatenate(found).astype(np.int64) if found else np.zeros(0, np.int64)
