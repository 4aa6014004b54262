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

from collections import Counter

import numpy as np
import numpy.typing as npt

from matcher.eligibility import Arcs
from matcher.model.side_rules import common_options, first_option
from matcher.problem import FollowUp, Problem

IntArray = npt.NDArray[np.int64]
BoolArray = npt.NDArray[np.bool_]
CHUNK = 1 << 22  # arcs screened per numpy step (bounded temporaries at 50 million arcs)


def fill_running_classes(problem: Problem, arcs: Arcs, chosen: list[int],
                         school: dict[int, int]) -> tuple[list[int], dict[int, int]]:
    """``chosen`` plus every participant that fits into a running class, and the school-day
    masks (per programme; a programme that gains members is pinned to the option they fit)."""
    masks = {**common_options(problem, arcs, chosen), **school}
    option = np.array([first_option(masks.get(g, 1)) for g in range(len(problem.programmes))],
                      dtype=np.int64)
    state = Loads(problem, arcs, chosen)
    candidates = state.candidates(arcs, option)
    if not len(candidates):
        return chosen, masks
    priority = np.array([p.priority for p in problem.participants], dtype=np.int64)
    order = np.lexsort((candidates, -arcs.quality[candidates],
                        -priority[arcs.participant[candidates]]))
    added = [a for a in candidates[order].tolist() if state.try_add(a)]
    for a in added:
        g = int(arcs.programme[a])
        masks[g] = 1 << int(option[g])
    return chosen + added, masks


class Loads:
    """What the chosen arcs use up, kept current as participants are added."""

    def __init__(self, problem: Problem, arcs: Arcs, chosen: list[int]) -> None:
        self.problem, self.arcs = problem, arcs
        sups = problem.supervisors
        keys, of = problem.supervisor_places
        self.sup_key = np.array(of, dtype=np.int64)
        self.place_cap = np.array([problem.places_by_key.get(k, 0) for k in keys], dtype=np.int64)
        self.sup_cap = np.array([s.max_trainees for s in sups], dtype=np.int64)
        n_g = len(problem.programmes)
        self.class_cap = np.array([g.max_class_size if g.max_class_size is not None
                                   else len(problem.participants) for g in problem.programmes],
                                  dtype=np.int64)
        picked = np.asarray(chosen, dtype=np.int64)
        people = arcs.participant[picked]
        self.placed = np.zeros(len(problem.participants), dtype=bool)
        self.placed[people] = True
        self.sup_load = np.bincount(arcs.supervisor[picked], minlength=len(sups))
        self.place_load = np.bincount(self.sup_key[arcs.supervisor[picked]],
                                      minlength=len(keys))
        self.size = np.bincount(arcs.programme[picked], minlength=n_g)
        self.high = np.array([p.follow_up_need == FollowUp.HIGH
                              for p in problem.participants], dtype=bool)
        self.high_load: Counter[str] = Counter(
            sups[int(s)].company_id for s, i in zip(arcs.supervisor[picked].tolist(),
                                                    people.tolist(), strict=True)
            if self.high[i])

    def supervisor_room(self) -> BoolArray:
        """Per supervisor: room for one more, at the supervisor and at the company's places."""
        return (self.sup_load < self.sup_cap) & \
            (self.place_load[self.sup_key] < self.place_cap[self.sup_key])

    def candidates(self, arcs: Arcs, option: IntArray) -> IntArray:
        """Arcs of unplaced participants into running classes with room everywhere now."""
        found = []
        running = (self.size > 0) & (self.size < self.class_cap) & (option >= 0)
        room = self.supervisor_room()
        for lo in range(0, len(arcs), CHUNK):
            hi = min(lo + CHUNK, len(arcs))
            g, s = arcs.programme[lo:hi], arcs.supervisor[lo:hi]
            ok = running[g] & ~self.placed[arcs.participant[lo:hi]] & room[s]
            ok &= (arcs.options[lo:hi] >> np.maximum(option[g], 0)) & 1 == 1
            found.append(lo + np.flatnonzero(ok))
        return np.concatenate(found).astype(np.int64) if found else np.zeros(0, np.int64)

    def try_add(self, a: int) -> bool:
        """Add arc ``a`` if every rule still holds after it; update the loads."""
        arcs = self.arcs
        i, g, s = int(arcs.participant[a]), int(arcs.programme[a]), int(arcs.supervisor[a])
        key = int(self.sup_key[s])
        if (self.placed[i] or self.size[g] >= self.class_cap[g]
                or self.sup_load[s] >= self.sup_cap[s]
                or self.place_load[key] >= self.place_cap[key]):
            return False
        company = self.problem.supervisors[s].company_id
        if self.high[i]:
            cap = self.problem.companies_by_id[company].max_high_follow_up
            if cap is not None and self.high_load[company] >= cap:
                return False
            self.high_load[company] += 1
        self.placed[i] = True
        self.size[g] += 1
        self.sup_load[s] += 1
        self.place_load[key] += 1
        return True
