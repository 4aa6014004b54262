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
from matcher.eligibility.calendar import ParticipantCalendar, SupervisorCalendar
from matcher.i18n import Messages, messages
from matcher.problem import InputIssue, Problem, Programme
from matcher.result import Placement, Solution, Unplaced
from matcher.rules import Reason

IntArray = npt.NDArray[np.int64]
BoolArray = npt.NDArray[np.bool_]

def week_ranges(weeks: tuple[int, ...], t: Messages | None = None) -> str:
    """(14, 15, 16, 20) → "weeks 14–16, 20"; (2, 5, 8, 11) → "every 3rd week from 2 to 11";
    more than four runs are summarised: "44 weeks from 3 to 147 (weeks 3, 6, 9, …)"."""
    t = t or messages("en")
    ws = sorted(weeks)
    steps = {b - a for a, b in itertools.pairwise(ws)}
    if len(ws) >= 4 and len(steps) == 1 and (step := steps.pop()) > 1:
        return t("every {step}. week from {first} to {last}", step=step, first=ws[0],
                 last=ws[-1]) if t.language != "en" else (
            f"every {step}{_ORDINAL.get(step, 'th')} week from {ws[0]} to {ws[-1]}")
    runs: list[str] = []
    for _, group in itertools.groupby(enumerate(ws), key=lambda x: x[1] - x[0]):
        run = [w for _, w in group]
        runs.append(f"{run[0]}" if len(run) == 1 else f"{run[0]}–{run[-1]}")
    if len(runs) > 4:
        return t("{n} weeks from {first} to {last} (weeks {some}, …)", n=len(ws),
                 first=ws[0], last=ws[-1], some=", ".join(runs[:3]))
    listed = ", ".join(runs)
    return t("week {weeks}", weeks=listed) if len(ws) == 1 else t("weeks {weeks}", weeks=listed)


_ORDINAL = {2: "nd", 3: "rd"}


class Explainer:
    """Explains unplaced participants of one solved round."""

    def __init__(self, problem: Problem, arcs: Arcs | None = None,
                 solution: Solution | None = None, tables: rules.Tables | None = None,
                 cache: CalendarCache | None = None) -> None:
        self.problem = problem
        self.t = messages(problem.language)
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
                      ) -> list[tuple[Reason, Callable[[IntArray, IntArray], BoolArray]]]:
        t, pb = self.tables, self.problem
        return [
            (Reason.NO_PLACES, lambda p, s: rules.has_room(t, p, s)),
            (Reason.NOT_APPROVED, lambda p, s: rules.approved_company(t, prog, p, s)),
            (Reason.COMPANY_LEVEL, lambda p, s: rules.company_level(t, p, s)),
            (Reason.TRAVEL, lambda p, s: rules.travel_limit(t, p, s)),
            (Reason.EXCLUDED, lambda p, s: rules.not_forbidden(t, p, s)),
            (Reason.LOCKED, lambda p, s: rules.locks(t, pb, p, s)),
            (Reason.FOLLOW_UP, lambda p, s: rules.follow_up_room(t, p, s)),
        ]

    def _programme_reason(self, prog: Programme, i: int) -> tuple[int, Unplaced | None]:
        """How far the participant gets in one programme, and the sentence if it stops."""
        part = self.problem.participants[i]
        pidx = np.array([i], dtype=np.int64)
        sidx = np.array(self.by_trade.get(prog.trade, []), dtype=np.int64)
        if part.norwegian_level < prog.min_norwegian_level:
            return 0, Unplaced(part.participant_id, Reason.PROGRAMME_LEVEL,
                               self._sentence("programme_level", prog, i))
        filters = self._pair_filters(prog, i)
        for depth, (code, rule) in enumerate(filters, start=1):
            if len(sidx):
                sidx = sidx[rule(pidx, sidx)[0]]
            if not len(sidx):
                lacking = (self._unsupervised(prog, i)
                           if code in ("no_places", "company_level", "travel") else [])
                if lacking:
                    return depth, Unplaced(part.participant_id, Reason.NO_SUPERVISOR,
                                           self._no_supervisor(prog, lacking))
                return depth, Unplaced(part.participant_id, code,
                                       self._sentence(code, prog, i))
        person = person_calendar(self.problem, i)
        if self._fits(prog, person, sidx):
            return len(filters) + 2, None
        own = self._own_limits(prog, person, sidx)
        if own is not None:
            return len(filters) + 1, Unplaced(part.participant_id, own,
                                              self._own_sentence(own, prog, i))
        return len(filters) + 1, Unplaced(part.participant_id, Reason.ROTA,
                                          self._rota_sentence(prog, i, sidx))

    def _fits(self, prog: Programme, person: ParticipantCalendar, sidx: IntArray) -> bool:
        return any(self.cache.options(prog, person, place)[0]
                   for place in self._distinct_places(sidx))

    def _own_limits(self, prog: Programme, person: ParticipantCalendar,
                    sidx: IntArray) -> Reason | None:
        """``unavailable_days`` or ``allowed_shifts`` when the participant's own limit is what
        leaves no rota that fits (a supervisor's rota would fit without it)."""
        if person.unavailable_days and self._fits(
                prog, ParticipantCalendar(frozenset(), person.allowed_shifts), sidx):
            return Reason.UNAVAILABLE_DAYS
        if person.allowed_shifts is not None and self._fits(
                prog, ParticipantCalendar(person.unavailable_days, None), sidx):
            return Reason.ALLOWED_SHIFTS
        return None

    def _own_sentence(self, code: str, prog: Programme, i: int) -> str:
        part, t = self.problem.participants[i], self.t
        if code == "unavailable_days":
            return t("the participant's own unavailable days ({days}) leave too few company "
                     "days beside school at every {trade} company in reach",
                     days=t.weekdays(part.unavailable_days), trade=prog.occupation)
        return t("the participant's allowed shifts ({shifts}) leave too few company days on "
                 "a supervisor's shifts at every {trade} company in reach",
                 shifts=",".join(sorted(part.allowed_shifts or ())), trade=prog.occupation)

    def _unsupervised(self, prog: Programme, i: int) -> list[str]:
        """Companies with free places in the trade that the participant could reach (level,
        travel) but where no supervisor trains the trade: the missing supervisor is the
        binding limit, not the places, the level or the travel time."""
        pb, part = self.problem, self.problem.participants[i]
        trained = {pb.supervisors[j].company_id for j in self.by_trade.get(prog.trade, [])}
        out: list[str] = []
        for pl in pb.places:
            company = pb.companies_by_id.get(pl.company_id)
            if (pl.trade != prog.trade or pl.places <= 0 or company is None
                    or pl.company_id in trained
                    or part.norwegian_level < company.min_norwegian_level):
                continue
            minutes = pb.travel_minutes(part, company)
            limit = part.max_travel_minutes
            if minutes is None or limit is None or minutes <= limit:
                out.append(company.name or company.company_id)
        return out

    def _no_supervisor(self, prog: Programme, companies: list[str]) -> str:
        shown = ", ".join(companies[:3]) + (", …" if len(companies) > 3 else "")
        return self.t.plural("{n} company in reach offers {trade} places but has no supervisor "
                             "for the trade ({companies})",
                             "{n} companies in reach offer {trade} places but have no "
                             "supervisor for the trade ({companies})", len(companies),
                             trade=prog.occupation, companies=shown)

    def _sentence(self, code: str, prog: Programme, i: int) -> str:
        part, t = self.problem.participants[i], self.t
        level, trade = part.norwegian_level.name, prog.occupation
        if code == "programme_level":
            return t("level {level} is below the {minimum} minimum of programme {programme}",
                     level=level, minimum=prog.min_norwegian_level.name,
                     programme=prog.programme_id)
        if code == "no_places":
            return t("no company offers free {trade} places this round", trade=trade)
        if code == "not_approved":
            return t("programme {programme} has an apprenticeship year, and no company with "
                     "{trade} places is an approved training company",
                     programme=prog.programme_id, trade=trade)
        if code == "company_level":
            return t("no company with {trade} places accepts level {level}", trade=trade,
                     level=level)
        if code == "travel":
            return t("no company within {minutes} minutes offers {trade} to level {level}",
                     minutes=part.max_travel_minutes, trade=trade, level=level)
        if code == "excluded":
            return t("every company in reach for {trade} is excluded for this participant or "
                     "rejected them after a trial", trade=trade)
        if code == "locked":
            return self._locked_sentence(prog, i)
        return t("the companies in reach for {trade} take no more participants with high "
                 "follow-up needs", trade=trade)

    def _locked_sentence(self, prog: Programme, i: int) -> str:
        part, t = self.problem.participants[i], self.t
        if part.locked_supervisor:
            return t("the locked supervisor {id} cannot take them for {trade}",
                     id=part.locked_supervisor, trade=prog.occupation)
        return t("the locked company {id} cannot take them for {trade}",
                 id=part.locked_company, trade=prog.occupation)

    def _distinct_places(self, sidx: IntArray) -> list[SupervisorCalendar]:
        """The distinct calendars of these supervisors, in the order they first appear: a
        large round has thousands of supervisors but a few hundred calendars."""
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
        t = self.t
        school = t.weekday_text(cal.school_options[option].describe())
        weeks = fit.short_supervisor or fit.short_days
        phase = next(w.phase for w in self.problem.planned_weeks(prog.programme_id)
                     if w.week == weeks[0])
        if fit.short_days:
            need = t.plural("{n} company day", "{n} company days", phase.company_days)
        else:
            need = t.plural("{n} company day on the supervisor's shifts",
                            "{n} company days on the supervisor's shifts",
                            phase.supervisor_days)
        return t("no supervisor's rota leaves {need} beside school on {school} in {weeks} of "
                 "{programme}", need=need, school=school, weeks=week_ranges(weeks, t),
                 programme=prog.programme_id)

    # --- locks: can the locked place take the participant at all? -------------------------

    def lock_reason(self, i: int) -> tuple[Reason, str] | None:
        """For a locked participant: ``(code, sentence)`` naming why the locked company or
        supervisor can never take them (trade, no supervisor, level, travel, excluded,
        follow-up, rota), or ``None`` when the lock can hold for some programme of theirs."""
        pb, t = self.problem, self.t
        part = pb.participants[i]
        if not part.locked:
            return None
        progs = [pb.programmes_by_id[g] for g in part.programmes if g in pb.programmes_by_id]
        where = part.locked_supervisor or part.locked_company or ""
        found: list[tuple[int, Reason, str]] = []  # (depth, code, sentence) per programme
        for prog in progs:
            depth, code, sentence = self._lock_step(prog, i, where)
            if code is None:
                return None
            found.append((depth, code, sentence))
        if not found:
            return None
        _, code, sentence = max(found)
        return code, t("the lock to {where} cannot hold: {why}", where=where, why=sentence)

    def _lock_step(self, prog: Programme, i: int, where: str
                   ) -> tuple[int, Reason | None, str]:
        """How far one programme gets at the locked place; code ``None`` when it fits."""
        pb, t = self.problem, self.t
        part = pb.participants[i]
        company = (pb.supervisors_by_id[part.locked_supervisor].company_id
                   if part.locked_supervisor in pb.supervisors_by_id
                   else part.locked_company or "")
        sups = [j for j in self.by_trade.get(prog.trade, [])
                if pb.supervisors[j].company_id == company
                and part.locked_supervisor in (None, pb.supervisors[j].supervisor_id)]
        if part.norwegian_level < prog.min_norwegian_level:
            return 0, Reason.PROGRAMME_LEVEL, self._sentence(Reason.PROGRAMME_LEVEL, prog, i)
        if not sups:
            if (company, prog.trade) in pb.places_by_key:
                return 1, Reason.NO_SUPERVISOR, t("no supervisor there trains {trade}",
                                             trade=prog.occupation)
            return 1, Reason.NO_PLACES, t("{company} offers no {trade} places",
                                     company=company, trade=prog.occupation)
        sidx = np.array(sups, dtype=np.int64)
        pidx = np.array([i], dtype=np.int64)
        for depth, (code, rule) in enumerate(self._pair_filters(prog, i), start=2):
            if code is Reason.LOCKED:
                continue
            sidx = sidx[rule(pidx, sidx)[0]]
            if not len(sidx):
                return depth, code, self._lock_sentence(code, prog, i)
        person = person_calendar(pb, i)
        if self._fits(prog, person, sidx):
            return 9, None, ""
        own = self._own_limits(prog, person, sidx)
        if own is not None:
            return 8, own, self._own_sentence(own, prog, i)
        return 8, Reason.ROTA, self._rota_sentence(prog, i, sidx)

    def _lock_sentence(self, code: str, prog: Programme, i: int) -> str:
        part, t = self.problem.participants[i], self.t
        trade, level = prog.occupation, part.norwegian_level.name
        if code == "no_places":
            return t("it has no free {trade} places or supervisor room", trade=trade)
        if code == "company_level":
            return t("it does not accept level {level}", level=level)
        if code == "travel":
            return t("it is further than the participant's {minutes} minutes",
                     minutes=part.max_travel_minutes)
        if code == "excluded":
            return t("the pair is excluded in Preferences or the trial there was rejected")
        return t("it takes no more participants with high follow-up needs")

    # --- after solving: capacity and class rules ------------------------------------------

    def explain(self, i: int) -> Unplaced:
        """The reason one participant (by index) is not placed; for a candidate of several
        programmes, the reason of the one that got furthest, then each other's."""
        part = self.problem.participants[i]
        progs = [self.problem.programmes_by_id[g] for g in part.programmes
                 if g in self.problem.programmes_by_id]
        if not progs:
            return Unplaced(part.participant_id, Reason.NO_PROGRAMME,
                            self.t(Reason.NO_PROGRAMME.text))
        steps = [(prog, *self._programme_reason(prog, i)) for prog in progs]
        furthest = max(steps, key=lambda step: step[1])[2]
        main = self._lost_out(i) if furthest is None else furthest
        if len(progs) == 1:
            return main
        parts = [f"{prog.programme_id}: {why.explanation}" for prog, _, why in steps
                 if why is not None]
        if furthest is None:
            parts.insert(0, main.explanation)
        return Unplaced(part.participant_id, main.reason, "; ".join(parts))

    def _lost_out(self, i: int) -> Unplaced:
        part, t = self.problem.participants[i], self.t
        pid = part.participant_id
        if self.arcs is None or self.solution is None:
            return Unplaced(pid, Reason.CAPACITY, t(Reason.CAPACITY.text))
        a = self.arcs
        mine = self._arcs_of(i)
        size = self._class_size
        programmes = self.problem.programmes
        # class rules first: a class that did not run or is full
        for g in sorted(set(a.programme[mine].tolist())):
            prog = programmes[g]
            if size[prog.programme_id] == 0:
                closed = self._closed_class(prog, g, pid)
                if closed is not None:
                    return closed
        fitting = mine[self._fits_school_days(mine)].tolist()
        if not fitting:
            prog = programmes[int(a.programme[mine[0]])]
            days = t.weekdays(self.solution.school_days[prog.programme_id])
            return Unplaced(pid, Reason.SCHOOL_DAYS,
                            t("the school days chosen for {programme} ({days}) leave no "
                              "company days that fit a supervisor's rota",
                              programme=prog.programme_id, days=days))
        for k in fitting:
            prog = programmes[int(a.programme[k])]
            if prog.max_class_size is not None and size[prog.programme_id] >= prog.max_class_size:
                continue
            return self._capacity_sentence(i, fitting)
        prog = programmes[int(a.programme[fitting[0]])]
        return Unplaced(pid, Reason.CLASS_FULL,
                        t.plural("programme {programme} is full ({n} place)",
                                 "programme {programme} is full ({n} places)",
                                 prog.max_class_size or 0, programme=prog.programme_id))

    def _closed_class(self, prog: Programme, g: int, pid: str) -> Unplaced | None:
        """A class with minimums that did not run: short of members with or without adult
        rights (when its candidates cannot meet a rights minimum, or when rights minimums are
        its only minimums), else short of members. ``None`` for a class without minimums."""
        if not prog.has_minimums:
            return None
        t = self.t
        with_rights, without = self._candidates(g)
        rights_short = with_rights < prog.min_with_rights or without < prog.min_without_rights
        if not rights_short and prog.min_class_size > 1:
            return Unplaced(pid, Reason.CLASS_NOT_RUN,
                            t("programme {programme} did not get the {n} participants it "
                              "needs to run", programme=prog.programme_id,
                              n=prog.min_class_size))
        if with_rights < prog.min_with_rights or (not rights_short and prog.min_with_rights):
            need = t.plural("{n} participant with adult rights (voksenrett)",
                            "{n} participants with adult rights (voksenrett)",
                            prog.min_with_rights)
        else:
            need = t.plural("{n} participant without adult rights",
                            "{n} participants without adult rights", prog.min_without_rights)
        return Unplaced(pid, Reason.CLASS_RIGHTS,
                        t("programme {programme} did not run: it needs {need} and too few "
                          "of its candidates fit", programme=prog.programme_id, need=need))

    def _candidates(self, g: int) -> tuple[int, int]:
        """Eligible candidates of programme ``g`` with and without adult rights."""
        assert self.arcs is not None
        people = np.unique(self.arcs.participant[self.arcs.programme == g])
        rights = sum(self.problem.participants[int(p)].has_rights for p in people.tolist())
        return rights, len(people) - rights

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
        t = self.t
        reach = "" if n_reach == 1 else " " + t("(best of {n} companies in reach)", n=n_reach)
        if len(others) < places:
            return Unplaced(part.participant_id, Reason.CAPACITY,
                            t("the supervisors at {company} whose rota fits have no room left "
                              "for another {trade} trainee", company=name,
                              trade=sup.occupation) + reach)
        prio = [pb.participants_by_id[p.participant_id].priority for p in others]
        whom = (t("higher-priority candidates") if min(prio) > part.priority else
                t("candidates of equal or higher priority") if min(prio) >= part.priority else
                t("other candidates, which let more participants be placed overall"))
        return Unplaced(part.participant_id, Reason.CAPACITY,
                        t.plural("the {n} {trade} place at {company} went to {whom}",
                                 "the {n} {trade} places at {company} went to {whom}", places,
                                 trade=sup.occupation, company=name, whom=whom) + reach)


def explain_participant(problem: Problem, index: int) -> Unplaced:
    """Why a participant cannot be placed at all (pair rules only, before solving); for a
    locked participant whose lock cannot hold, why the locked place cannot take them."""
    explainer = Explainer(problem)
    lock = explainer.lock_reason(index)
    if lock is not None:
        return Unplaced(problem.participants[index].participant_id, *lock)
    return explainer.explain(index)


def lock_issues(problem: Problem) -> list[InputIssue]:
    """Every lock that can never hold, located in Participants with its reason (so
    ``matcher validate`` says it, instead of the round failing later)."""
    locked = [i for i, p in enumerate(problem.participants) if p.locked]
    if not locked:
        return []
    explainer = Explainer(problem)
    out: list[InputIssue] = []
    for i in locked:
        found = explainer.lock_reason(i)
        if found is not None:
            part = problem.participants[i]
            column = "locked_supervisor" if part.locked_supervisor else "locked_company"
            names = messages(problem.input_language)  # located as the workbook names it
            out.append(InputIssue(names.sheet("Participants"), part.row or None,
                                  names.column(column, "Participants"), found[1],
                                  value=part.locked_supervisor or part.locked_company,
                                  expected="a place that can take the participant"))
    return out


def explain_unplaced(problem: Problem, arcs: Arcs, solution: Solution,
                     tables: rules.Tables | None = None,
                     cache: CalendarCache | None = None) -> tuple[Unplaced, ...]:
    """A reason for every participant the solution leaves unplaced, in input order."""
    placed = {p.participant_id for p in solution.placements}
    explainer = Explainer(problem, arcs, solution, tables, cache)
    return tuple(explainer.explain(i) for i, p in enumerate(problem.participants)
                 if p.participant_id not in placed)

