"""Why was a participant not placed? A reason code and a sentence naming the binding limit.

The pair rules are tried in order, with the same named functions that built the arcs
(``matcher.eligibility.rules``): the first rule that leaves no supervisor for any of the
participant's programmes is the reason. A participant who had eligible places lost them to
capacity, a class rule or the school days chosen. Sentences name trades, companies, levels,
limits, days and weeks; never a participant's name.
"""

from __future__ import annotations

import itertools
from collections import Counter
from collections.abc import Callable
from functools import cached_property

import numpy as np
import numpy.typing as npt

from matcher.eligibility import Arcs, rules
from matcher.eligibility.arcs import CalendarCache, person_calendar, place_calendar
from matcher.eligibility.calendar import SupervisorCalendar
from matcher.problem import Problem, Programme, format_days
from matcher.result import Placement, Solution, Unplaced

IntArray = npt.NDArray[np.int64]
BoolArray = npt.NDArray[np.bool_]

#: Reason codes, in the order they are tried, with what they mean (the README repeats these).
REASONS = {
    "no_programme": "none of the participant's programmes exists",
    "programme_level": "below every programme's Norwegian minimum",
    "no_places": "no company offers places in the trade",
    "company_level": "no company with places accepts the participant's level",
    "travel": "no company with places is within the travel limit",
    "excluded": "the companies in reach are excluded or rejected the trial",
    "locked": "the locked company or supervisor does not fit",
    "follow_up": "the companies in reach take no participants with high follow-up needs",
    "rota": "no supervisor's rota fits the alternation pattern",
    "school_days": "the school days chosen for the class leave no company days that fit",
    "class_not_run": "the class did not get enough participants to run",
    "class_full": "the class is full",
    "capacity": "the places in reach went to other candidates",
}


def week_ranges(weeks: tuple[int, ...]) -> str:
    """(14, 15, 16, 20) → "weeks 14–16, 20"; (2, 5, 8, 11) → "every 3rd week from 2 to 11"."""
    ws = sorted(weeks)
    steps = {b - a for a, b in itertools.pairwise(ws)}
    if len(ws) >= 4 and len(steps) == 1 and (step := steps.pop()) > 1:
        suffix = {2: "nd", 3: "rd"}.get(step, "th")
        return f"every {step}{suffix} week from {ws[0]} to {ws[-1]}"
    out: list[str] = []
    start = prev = None
    for w in ws:
        if prev is not None and w == prev + 1:
            prev = w
            continue
        if start is not None:
            out.append(f"{start}" if start == prev else f"{start}–{prev}")
        start = prev = w
    if start is not None:
        out.append(f"{start}" if start == prev else f"{start}–{prev}")
    return ("week " if len(ws) == 1 else "weeks ") + ", ".join(out)


class Explainer:
    """Explains unplaced participants of one solved round."""

    def __init__(self, problem: Problem, arcs: Arcs | None = None,
                 solution: Solution | None = None, tables: rules.Tables | None = None,
                 cache: CalendarCache | None = None) -> None:
        self.problem = problem
        # the solver passes the tables and calendar fits it built for the arcs: no recomputing
        self.tables = tables or rules.Tables.build(problem)
        self.cache = cache or CalendarCache(problem)
        self.arcs = arcs
        self.solution = solution
        # supervisors by calendar signature: a few hundred distinct ones among thousands
        sigs = [place_calendar(problem, j) for j in range(len(problem.supervisors))]
        number = {sig: k for k, sig in enumerate(dict.fromkeys(sigs))}
        self._signatures = list(number)
        self._signature_of = np.array([number[sig] for sig in sigs], dtype=np.int64)
        if arcs is not None:  # arcs grouped by participant once, not searched per participant
            self._order = np.argsort(arcs.participant, kind="stable")
            self._bounds = np.searchsorted(arcs.participant[self._order],
                                           np.arange(len(problem.participants) + 1))
        self.by_trade: dict[str, list[int]] = {}
        for j, s in enumerate(problem.supervisors):
            self.by_trade.setdefault(s.trade, []).append(j)

    # --- before any arc: the pair rules ---------------------------------------------------

    def _pair_filters(self, prog: Programme, i: int
                      ) -> list[tuple[str, Callable[[IntArray, IntArray], BoolArray]]]:
        t, pb = self.tables, self.problem
        return [
            ("no_places", lambda p, s: rules.has_room(t, p, s)),
            ("company_level", lambda p, s: rules.company_level(t, p, s)),
            ("travel", lambda p, s: rules.travel_limit(t, p, s)),
            ("excluded", lambda p, s: rules.not_forbidden(t, p, s)),
            ("locked", lambda p, s: rules.locks(t, pb, p, s)),
            ("follow_up", lambda p, s: rules.follow_up_room(t, p, s)),
        ]

    def _programme_reason(self, prog: Programme, i: int) -> tuple[int, Unplaced | None]:
        """How far the participant gets in one programme, and the sentence if it stops."""
        part = self.problem.participants[i]
        pidx = np.array([i], dtype=np.int64)
        sidx = np.array(self.by_trade.get(prog.trade, []), dtype=np.int64)
        if part.norwegian_level < prog.min_norwegian_level:
            return 0, Unplaced(part.participant_id, "programme_level",
                               self._sentence("programme_level", prog, i))
        for depth, (code, rule) in enumerate(self._pair_filters(prog, i), start=1):
            if len(sidx):
                sidx = sidx[rule(pidx, sidx)[0]]
            if not len(sidx):
                return depth, Unplaced(part.participant_id, code,
                                       self._sentence(code, prog, i))
        person = person_calendar(self.problem, i)
        fits = any(self.cache.options(prog, person, place)[0]
                   for place in self._distinct_places(sidx))
        if not fits:
            return 7, Unplaced(part.participant_id, "rota", self._rota_sentence(prog, i, sidx))
        return 8, None

    def _sentence(self, code: str, prog: Programme, i: int) -> str:
        part = self.problem.participants[i]
        level, trade = part.norwegian_level.name, prog.occupation
        if code == "programme_level":
            return (f"level {level} is below the {prog.min_norwegian_level.name} minimum of "
                    f"programme {prog.programme_id}")
        if code == "no_places":
            return f"no company offers free {trade} places this round"
        if code == "company_level":
            return f"no company with {trade} places accepts level {level}"
        if code == "travel":
            return (f"no company within {part.max_travel_minutes} minutes offers {trade} "
                    f"to level {level}")
        if code == "excluded":
            return (f"every company in reach for {trade} is excluded for this participant "
                    "or rejected them after a trial")
        if code == "locked":
            return (f"the locked {(part.locked_supervisor and 'supervisor') or 'company'} "
                    f"{part.locked_supervisor or part.locked_company} cannot take them for {trade}")
        return (f"the companies in reach for {trade} take no more participants with high "
                "follow-up needs")

    def _distinct_places(self, sidx: IntArray) -> list[SupervisorCalendar]:
        """The distinct calendars of these supervisors, in the order they first appear. (Per
        supervisor, this was 13 million hashed calendars for the rota sentences at rota-heavy
        20,000.)"""
        ids = self._signature_of[sidx]
        _, first = np.unique(ids, return_index=True)
        return [self._signatures[k] for k in ids[np.sort(first)].tolist()]

    def _rota_sentence(self, prog: Programme, i: int, sidx: IntArray) -> str:
        """Name the days and weeks where even the best-fitting supervisor's rota falls short."""
        cal = self.cache.programme(prog)
        person = person_calendar(self.problem, i)
        best = None
        for place in self._distinct_places(sidx):
            for option in range(len(cal.school_options)):
                fit = self.cache.fit(prog, person, place, option)
                bad = len(fit.short_days) + len(fit.short_supervisor)
                if best is None or bad < best[0]:
                    best = (bad, fit, option)
        assert best is not None
        _, fit, option = best
        school = format_days(cal.school_options[option])
        weeks = fit.short_supervisor or fit.short_days
        phase = next(w.phase for w in self.problem.planned_weeks(prog.programme_id)
                     if w.week == weeks[0])
        what = ("company days" if fit.short_days else
                "company days on the supervisor's shifts")
        need = phase.company_days if fit.short_days else phase.supervisor_days
        return (f"no supervisor's rota leaves {need} {what} beside school on {school} "
                f"in {week_ranges(weeks)} of {prog.programme_id}")

    # --- after solving: capacity and class rules ------------------------------------------

    def explain(self, i: int) -> Unplaced:
        """The reason one participant (by index) is not placed."""
        part = self.problem.participants[i]
        progs = [self.problem.programmes_by_id[g] for g in part.programmes
                 if g in self.problem.programmes_by_id]
        if not progs:
            return Unplaced(part.participant_id, "no_programme", REASONS["no_programme"])
        furthest: tuple[int, Unplaced | None] = (-1, None)
        for prog in progs:
            depth, why = self._programme_reason(prog, i)
            if depth > furthest[0]:
                furthest = (depth, why)
        if furthest[1] is not None:
            return furthest[1]
        return self._lost_out(i)

    def _lost_out(self, i: int) -> Unplaced:
        part = self.problem.participants[i]
        pid = part.participant_id
        if self.arcs is None or self.solution is None:
            return Unplaced(pid, "capacity", REASONS["capacity"])
        a = self.arcs
        mine = self._arcs_of(i)
        size = self._class_size
        programmes = self.problem.programmes
        # class rules first: a class that did not run or is full
        for g in sorted(set(a.programme[mine].tolist())):
            prog = programmes[g]
            if size[prog.programme_id] == 0 and prog.min_class_size > 1:
                return Unplaced(pid, "class_not_run",
                                f"programme {prog.programme_id} did not get the "
                                f"{prog.min_class_size} participants it needs to run")
        fitting = mine[self._fits_school_days(mine)].tolist()
        if not fitting:
            prog = programmes[int(a.programme[mine[0]])]
            days = format_days(self.solution.school_days[prog.programme_id])
            return Unplaced(pid, "school_days",
                            f"the school days chosen for {prog.programme_id} ({days}) leave no "
                            "company days that fit a supervisor's rota")
        for k in fitting:
            prog = programmes[int(a.programme[k])]
            if prog.max_class_size is not None and size[prog.programme_id] >= prog.max_class_size:
                continue
            return self._capacity_sentence(i, fitting)
        prog = programmes[int(a.programme[fitting[0]])]
        return Unplaced(pid, "class_full",
                        f"programme {prog.programme_id} is full ({prog.max_class_size} places)")

    @cached_property
    def _class_size(self) -> Counter[str]:
        """Placements per programme (computed once, not once per unplaced participant)."""
        assert self.solution is not None
        return Counter(p.programme_id for p in self.solution.placements)

    @cached_property
    def _placed_at(self) -> dict[tuple[str, str], list[Placement]]:
        """Placements per (company, trade)."""
        assert self.solution is not None
        out: dict[tuple[str, str], list[Placement]] = {}
        for p in self.solution.placements:
            trade = self.problem.supervisors_by_id[p.supervisor_id].trade
            out.setdefault((p.company_id, trade), []).append(p)
        return out

    def _arcs_of(self, i: int) -> IntArray:
        """Indices of participant ``i``'s arcs, in arc order."""
        return np.sort(self._order[self._bounds[i]:self._bounds[i + 1]])

    @cached_property
    def _chosen_option(self) -> IntArray:
        """Per programme: the index of its chosen school days among its options."""
        assert self.solution is not None
        out = []
        for prog in self.problem.programmes:
            options = self.problem.school_day_options(prog)
            chosen = self.solution.school_days.get(prog.programme_id)
            out.append(options.index(chosen) if chosen in options else 0)
        return np.array(out, dtype=np.int64)

    def _fits_school_days(self, ks: IntArray) -> BoolArray:
        """Per arc: does it fit its programme's chosen school days?"""
        assert self.arcs is not None
        option = self._chosen_option[self.arcs.programme[ks]]
        return np.asarray((self.arcs.options[ks].astype(np.int64) >> option) & 1 == 1)

    def _capacity_sentence(self, i: int, fitting: list[int]) -> Unplaced:
        """Name the best company in reach and who took its places."""
        assert self.arcs is not None and self.solution is not None
        a, pb = self.arcs, self.problem
        part = pb.participants[i]
        best = max(fitting, key=lambda k: (int(a.quality[k]), -k))
        sup = pb.supervisors[int(a.supervisor[best])]
        company = pb.companies_by_id[sup.company_id]
        places = pb.places_by_key.get((sup.company_id, sup.trade), 0)
        others = self._placed_at.get((sup.company_id, sup.trade), [])
        name = company.name or company.company_id
        n_reach = len({pb.supervisors[int(a.supervisor[k])].company_id for k in fitting})
        reach = "" if n_reach == 1 else f" (best of {n_reach} companies in reach)"
        if len(others) < places:
            return Unplaced(part.participant_id, "capacity",
                            f"the supervisors at {name} whose rota fits have no room left for "
                            f"another {sup.occupation} trainee{reach}")
        prio = [pb.participants_by_id[p.participant_id].priority for p in others]
        whom = ("higher-priority candidates" if min(prio) > part.priority else
                "candidates of equal or higher priority" if min(prio) >= part.priority else
                "other candidates, which let more participants be placed overall")
        return Unplaced(part.participant_id, "capacity",
                        f"the {places} {sup.occupation} places at {name} went to {whom}{reach}")


def explain_participant(problem: Problem, index: int) -> Unplaced:
    """Why a participant cannot be placed at all (pair rules only, before solving)."""
    return Explainer(problem).explain(index)


def explain_unplaced(problem: Problem, arcs: Arcs, solution: Solution,
                     tables: rules.Tables | None = None,
                     cache: CalendarCache | None = None) -> tuple[Unplaced, ...]:
    """A reason for every participant the solution leaves unplaced, in input order."""
    placed = {p.participant_id for p in solution.placements}
    explainer = Explainer(problem, arcs, solution, tables, cache)
    return tuple(explainer.explain(i) for i, p in enumerate(problem.participants)
                 if p.participant_id not in placed)

