"""The capacity ledger: what a set of placements uses of every capacity, and what is left.

Four capacities bound how many can be placed where: each supervisor's ``max_trainees``, the
company places of each trade (shared by all the supervisors of that company and trade), each
company's cap on trainees with high follow-up needs, and each class's maximum size. Adding
members to running classes, repairing a flow solution, the neighbourhood search and the
side-rule check all count placements against them, and all count with this one class, so each
capacity is counted one way. It also keeps each class's members and members with adult rights,
for the class minimums (:meth:`matcher.problem.Programme.shortfall`).

A placement is an arc (:class:`~matcher.eligibility.Arcs`); rooms may go negative when the
placements break a capacity (the side-rule check reports that).
"""

from __future__ import annotations

from collections.abc import Iterable

import numpy as np
import numpy.typing as npt

from matcher.eligibility import Arcs
from matcher.problem import FollowUp, Problem

IntArray = npt.NDArray[np.int64]
BoolArray = npt.NDArray[np.bool_]


class Ledger:
    """Rooms left at supervisors, company places, follow-up caps and classes, and who is placed,
    kept current as placements are taken and given back."""

    def __init__(self, problem: Problem, arcs: Arcs, chosen: Iterable[int] = ()) -> None:
        parts, sups = problem.participants, problem.supervisors
        keys, of = problem.supervisor_places
        companies = problem.companies_by_id
        company_index = {c: k for k, c in enumerate(companies)}
        everyone = len(parts)  # a capacity left open holds everyone
        self.problem, self.arcs = problem, arcs
        #: per supervisor: its company place (index into :attr:`place_room`) and company
        self.place = np.array(of, dtype=np.int64)
        self.company = np.array([company_index[s.company_id] for s in sups], dtype=np.int64)
        #: per participant: high follow-up needs; adult rights
        self.high = np.array([p.follow_up_need == FollowUp.HIGH for p in parts], dtype=bool)
        self.rights = np.array([p.has_rights for p in parts], dtype=bool)
        self.capacity = (
            np.array([s.max_trainees for s in sups], dtype=np.int64),
            np.array([problem.places_by_key.get(k, 0) for k in keys], dtype=np.int64),
            np.array([everyone if c.max_high_follow_up is None else c.max_high_follow_up
                      for c in companies.values()], dtype=np.int64),
            np.array([everyone if g.max_class_size is None else g.max_class_size
                      for g in problem.programmes], dtype=np.int64))
        self.supervisor_room, self.place_room, self.high_room, self.class_room = (
            c.copy() for c in self.capacity)
        self.placed = np.zeros(len(parts), dtype=bool)
        self.with_rights = np.zeros(len(problem.programmes), dtype=np.int64)
        self._take_all(np.fromiter(chosen, dtype=np.int64))

    def _take_all(self, picked: IntArray) -> None:
        """Take many placements at once (numpy: the starts of large rounds hold 100,000s)."""
        if not len(picked):
            return
        arcs = self.arcs
        people, sups = arcs.participant[picked], arcs.supervisor[picked]
        programmes = arcs.programme[picked]
        self.placed[people] = True
        self.supervisor_room -= np.bincount(sups, minlength=len(self.supervisor_room))
        self.place_room -= np.bincount(self.place[sups], minlength=len(self.place_room))
        self.high_room -= np.bincount(self.company[sups[self.high[people]]],
                                      minlength=len(self.high_room))
        self.class_room -= np.bincount(programmes, minlength=len(self.class_room))
        self.with_rights += np.bincount(programmes[self.rights[people]],
                                        minlength=len(self.with_rights))

    def take(self, a: int, n: int = 1) -> None:
        """Take (``n`` = 1) or give back (``n`` = -1) the placement on arc ``a``."""
        arcs = self.arcs
        i, s, g = int(arcs.participant[a]), int(arcs.supervisor[a]), int(arcs.programme[a])
        self.placed[i] = n > 0
        self.supervisor_room[s] -= n
        self.place_room[self.place[s]] -= n
        if self.high[i]:
            self.high_room[self.company[s]] -= n
        self.class_room[g] -= n
        self.with_rights[g] += n * int(self.rights[i])

    # --- classes -------------------------------------------------------------------------

    def size(self, g: int) -> int:
        """Members of class ``g``."""
        return int(self.capacity[3][g] - self.class_room[g])

    def sizes(self) -> IntArray:
        """Members per class."""
        return self.capacity[3] - self.class_room

    def shortfall(self, g: int, leaving: int | None = None) -> tuple[int, int, int]:
        """How many more members, with and without rights class ``g`` needs to meet its
        minimums; with ``leaving`` (a participant in it) as if they had left."""
        size, rights = self.size(g), int(self.with_rights[g])
        if leaving is not None:
            size, rights = size - 1, rights - int(self.rights[leaving])
        return self.problem.programmes[g].shortfall(size, rights)

    # --- room ----------------------------------------------------------------------------

    def has_place(self, a: int) -> bool:
        """Arc ``a``'s participant is unplaced and its supervisor and company place have room
        (follow-up caps and class sizes left out)."""
        s = int(self.arcs.supervisor[a])
        return not self.placed[int(self.arcs.participant[a])] and \
            self.supervisor_room[s] > 0 and self.place_room[self.place[s]] > 0

    def high_full(self, a: int) -> bool:
        """Arc ``a``'s participant has high follow-up needs and its company's cap is reached."""
        i, s = int(self.arcs.participant[a]), int(self.arcs.supervisor[a])
        return bool(self.high[i]) and self.high_room[self.company[s]] <= 0

    def fits(self, a: int) -> bool:
        """Arc ``a`` can be added with every capacity kept: its participant is unplaced and
        the supervisor, company place, follow-up cap and class all have room."""
        return self.has_place(a) and not self.high_full(a) and \
            self.class_room[int(self.arcs.programme[a])] > 0

    def supervisor_open(self) -> BoolArray:
        """Per supervisor: room for one more, at the supervisor and at its company place."""
        return (self.supervisor_room > 0) & (self.place_room[self.place] > 0)

    def open(self, participant: IntArray, supervisor: IntArray) -> BoolArray:
        """Which (participant, supervisor) pairs still have room at the supervisor, the
        company place and, for high follow-up needs, the company's cap."""
        return ((self.supervisor_room[supervisor] > 0)
                & (self.place_room[self.place[supervisor]] > 0)
                & (~self.high[participant] | (self.high_room[self.company[supervisor]] > 0)))

    def used(self, s: int) -> tuple[int, int, int]:
        """How many are placed with supervisor ``s``, at its company place, and with high
        follow-up needs at its company."""
        k, c = self.place[s], self.company[s]
        return (int(self.capacity[0][s] - self.supervisor_room[s]),
                int(self.capacity[1][k] - self.place_room[k]),
                int(self.capacity[2][c] - self.high_room[c]))

    def companies_over_cap(self) -> list[str]:
        """The companies with more trainees of high follow-up needs than their cap."""
        return [c for c, room in zip(self.problem.companies_by_id, self.high_room.tolist(),
                                     strict=True) if room < 0]
