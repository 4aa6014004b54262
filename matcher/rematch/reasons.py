"""Why each change happened, in words a coordinator can act on (ids only, never names).

A placement of the previous result that is not kept has one of three kinds of cause:

* what it used is gone: the participant no longer applies for the programme, the company or
  the supervisor is gone (or the supervisor works elsewhere now), the company's places for the
  trade were withdrawn, the supervisor takes no trainees;
* a rule now fails for the pair (the eligibility rules, then the calendar from the plan date);
* the placement still works, but its room went to someone else: "moved to make room for P0123"
  (the participant now holding the supervisor's or the company's place, a previous trainee who
  would otherwise have been moved or dropped first), or a class or company rule.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import replace

import numpy as np

from matcher.eligibility import Tables
from matcher.eligibility import rules as pair
from matcher.eligibility.arcs import CalendarCache, person_calendar, place_calendar
from matcher.problem import Problem
from matcher.rematch.changes import Change
from matcher.rules import ChangeKind, HardRule

#: The pair rules, each with the hard rule it belongs to.
_PAIR_RULES: tuple[tuple[HardRule, Callable[..., np.ndarray]], ...] = (
    (HardRule.COMPANY_PLACES, pair.has_room),
    (HardRule.LANGUAGE_LEVEL, pair.company_level),
    (HardRule.TRAVEL_LIMIT, pair.travel_limit),
    (HardRule.EXCLUDED_PAIR, pair.not_forbidden),
    (HardRule.FOLLOW_UP_CAP, pair.follow_up_room),
)

#: The changes that get a reason.
_EXPLAINED = (ChangeKind.NEW_SUPERVISOR, ChangeKind.MOVED, ChangeKind.DROPPED)


class Reasons:
    """Explains the changes of one re-match (``problem``: the round as re-planned)."""

    def __init__(self, problem: Problem, changes: list[Change]) -> None:
        self.problem = problem
        self.changes = {c.participant_id: c for c in changes}
        self.tables = Tables.build(problem)
        self.calendars = CalendarCache(problem)
        self.index = {p.participant_id: i for i, p in enumerate(problem.participants)}
        self.sup_index = {s.supervisor_id: j for j, s in enumerate(problem.supervisors)}

    def explain(self, change: Change) -> Change:
        """The change with its reason (``kept``, ``new`` and ``left`` need none)."""
        if change.change not in _EXPLAINED or change.before is None:
            return change
        reason, room_for = self._reason(change)
        return replace(change, reason=reason, room_for=room_for)

    def _reason(self, change: Change) -> tuple[str, str | None]:
        gone = self._gone(change) or self._failing_rule(change)
        return (gone, None) if gone else self._room(change)

    def _gone(self, change: Change) -> str:
        b, pb = change.before, self.problem
        assert b is not None
        person = pb.participants_by_id[change.participant_id]
        if b.programme_id not in person.programmes:
            return f"no longer a candidate for programme {b.programme_id}"
        if b.company_id not in pb.companies_by_id:
            return f"company {b.company_id} is gone"
        prog = pb.programmes_by_id[b.programme_id]
        if pb.places_by_key.get((b.company_id, prog.trade), 0) == 0:
            return (f"the places at company {b.company_id} for {prog.occupation} were "
                    "withdrawn")
        sup = pb.supervisors_by_id.get(b.supervisor_id)
        if sup is None:
            return f"supervisor {b.supervisor_id} is gone"
        if sup.company_id != b.company_id or sup.trade != prog.trade:
            return f"supervisor {b.supervisor_id} no longer trains {prog.occupation} at " \
                   f"company {b.company_id}"
        if sup.max_trainees == 0:
            return f"supervisor {b.supervisor_id} takes no trainees now"
        return ""

    def _failing_rule(self, change: Change) -> str:
        b, pb, t = change.before, self.problem, self.tables
        assert b is not None
        i, j = self.index[change.participant_id], self.sup_index[b.supervisor_id]
        prog = pb.programmes_by_id[b.programme_id]
        pidx, sidx = np.array([i]), np.array([j])
        if not pair.programme_level(t, prog, pidx, sidx)[0, 0]:
            return f"a rule now fails: {HardRule.LANGUAGE_LEVEL.text}"
        for code, rule in _PAIR_RULES:
            if not rule(t, pidx, sidx)[0, 0]:
                return f"a rule now fails: {code.text}"
        if not pair.locks(t, pb, pidx, sidx)[0, 0]:
            return f"a rule now fails: {HardRule.LOCKED.text}"
        mask, _ = self.calendars.options(prog, person_calendar(pb, i), place_calendar(pb, j))
        if mask == 0:
            return (f"a rule now fails: {HardRule.TIMETABLE_SUPERVISOR.text} "
                    "(the rota or the participant's days no longer fit from the plan date)")
        return ""

    def _room(self, change: Change) -> tuple[str, str | None]:
        """The placement still works: who holds its room now."""
        b = change.before
        assert b is not None
        pb = self.problem
        trade = pb.programmes_by_id[b.programme_id].trade
        holders = [c for c in self.changes.values() if c.after is not None
                   and c.participant_id != change.participant_id
                   and c.change != ChangeKind.KEPT
                   and (c.after.supervisor_id == b.supervisor_id
                        or (c.after.company_id == b.company_id
                            and pb.programmes_by_id[c.after.programme_id].trade == trade)
                        or c.after.programme_id == b.programme_id)]
        if holders:
            first = min(holders, key=lambda c: (c.change == ChangeKind.NEW, c.participant_id))
            verb = {ChangeKind.DROPPED: "unplaced",
                    ChangeKind.NEW_SUPERVISOR: "new supervisor"}.get(change.change, "moved")
            return f"{verb} to make room for", first.participant_id
        return ("to keep a class or company rule (class size, rights minimums, follow-up cap "
                "or school days)"), None
