"""The CP-SAT model: variables, hard rules and objectives, one small method per rule.

It is used only when the flow relaxation's optimum breaks a rule that is not a flow (class
sizes, rights minimums, follow-up caps, chosen school days). One Boolean per eligible arc
(participant, programme, supervisor); the calendar was settled per arc beforehand, so there is
no variable per day. The staged solve in ``matcher.model.solve`` sets the objectives.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field

import numpy as np
from ortools.sat.python import cp_model

from matcher.eligibility import Arcs
from matcher.problem import FollowUp, OptionIndex, OptionMask, Problem, SchoolOptions


def _total(x: Sequence[cp_model.IntVar], arcs: Sequence[int]) -> cp_model.LinearExpr:
    """The number of the given arcs that are used."""
    return cp_model.LinearExpr.sum([x[i] for i in arcs])


@dataclass(frozen=True)
class Kept:
    """What the participants outside a model over part of a round (a neighbourhood) keep:
    they are not in the model at all, and the rules count them as constants. (Modelled as
    variables fixed at 1 they made up most of each neighbourhood model, and CP-SAT, without
    presolve, searched them too.) Every mapping is keyed like the rule it feeds; a key that is
    missing keeps nothing."""

    #: trainees kept per supervisor index
    supervisor: Mapping[int, int] = field(default_factory=dict)
    #: participants kept per (company id, trade): the company places
    place: Mapping[tuple[str, str], int] = field(default_factory=dict)
    #: high follow-up participants kept per company id
    high: Mapping[str, int] = field(default_factory=dict)
    #: members kept per programme index, and how many of them have adult rights
    members: Mapping[int, int] = field(default_factory=dict)
    rights: Mapping[int, int] = field(default_factory=dict)
    #: per programme index with kept members: the school-day options (bits) all of them fit
    options: Mapping[int, OptionMask] = field(default_factory=dict)


class MatchModel:
    """CP-SAT variables and constraints for one round."""

    def __init__(self, problem: Problem, arcs: Arcs, *, with_assumptions: bool = False,
                 part: bool = False, kept: Kept | None = None) -> None:
        """``part``: the arcs are part of a round (a neighbourhood), so a locked participant
        with none of them is placed elsewhere rather than left out. ``kept``: what the rest
        of the round, outside the model, already uses (:class:`Kept`)."""
        self.problem = problem
        self.arcs = arcs
        self.part = part
        self.kept = Kept() if kept is None else kept
        self.model = cp_model.CpModel()
        self.with_assumptions = with_assumptions
        self.assumptions: dict[int, str] = {}  # literal index → requirement in words
        self._assumption_vars: list[cp_model.IntVar] = []
        self.fits: dict[tuple[int, int], cp_model.IntVar] = {}
        self._index()
        self._variables()
        self._constraints()

    # --- variables ---------------------------------------------------------------------------

    def _index(self) -> None:
        """Group arc indices by participant, supervisor, company × trade, company, programme."""
        a, pb = self.arcs, self.problem
        self.by_participant: dict[int, list[int]] = defaultdict(list)
        self.by_supervisor: dict[int, list[int]] = defaultdict(list)
        self.by_place: dict[tuple[str, str], list[int]] = defaultdict(list)
        self.by_company_high: dict[str, list[int]] = defaultdict(list)
        self.by_programme: dict[int, list[int]] = defaultdict(list)
        sups = pb.supervisors
        parts = pb.participants
        for i, (p, g, s) in enumerate(zip(a.participant.tolist(), a.programme.tolist(),
                                          a.supervisor.tolist(), strict=True)):
            sup = sups[s]
            self.by_participant[p].append(i)
            self.by_supervisor[s].append(i)
            self.by_place[(sup.company_id, sup.trade)].append(i)
            self.by_programme[g].append(i)
            if parts[p].follow_up_need == FollowUp.HIGH:
                self.by_company_high[sup.company_id].append(i)

    def _variables(self) -> None:
        """x: an arc is used; y: a programme's school-day option; run: a class runs."""
        m = self.model
        self.x = [m.new_bool_var(f"x{i}") for i in range(len(self.arcs))]
        self.y: dict[int, list[cp_model.IntVar]] = {}
        self.run: dict[int, cp_model.IntVar] = {}
        for g in sorted(self.by_programme):  # a class without arcs has nothing to decide
            prog = self.problem.programmes[g]
            options = self.problem.school_day_options(prog)
            if len(options) > 1:
                self.y[g] = [m.new_bool_var(f"y{g}_{o}") for o in range(len(options))]
            if prog.has_minimums:
                self.run[g] = m.new_bool_var(f"run{g}")

    def _requirement(self, words: str) -> cp_model.IntVar | None:
        """An assumption literal naming a requirement, when conflicts are to be explained."""
        if not self.with_assumptions:
            return None
        lit = self.model.new_bool_var(words)
        self.assumptions[lit.index] = words
        return lit

    # --- hard rules ----------------------------------------------------------------------------

    def _constraints(self) -> None:
        self.one_placement()
        self.locked()
        self.supervisor_capacity()
        self.company_places()
        self.follow_up_cap()
        self.class_size()
        self.rights_minimum()
        self.school_days()
        if self.assumptions:
            self.model.add_assumptions(list(self._assumption_vars))

    def one_placement(self) -> None:
        """Rule 1: each participant uses at most one arc (one programme, one supervisor)."""
        for arcs in self.by_participant.values():
            if len(arcs) > 1:
                self.model.add_at_most_one(self.x[i] for i in arcs)

    def locked(self) -> None:
        """Rule 5: a locked participant is placed (arcs elsewhere were never built)."""
        for p in self.problem.locked_participants:
            part = self.problem.participants[p]
            if self.part and p not in self.by_participant:
                continue
            target = part.locked_supervisor or part.locked_company
            lit = self._requirement(f"participant {part.participant_id} is locked to {target}")
            ct = self.model.add(_total(self.x, self.by_participant.get(p, [])) >= 1)
            if lit is not None:
                ct.only_enforce_if(lit)
                self._assumption_vars.append(lit)

    def supervisor_capacity(self) -> None:
        """Rule 2: no supervisor has more trainees than max_trainees."""
        for s, arcs in self.by_supervisor.items():
            cap = self.problem.supervisors[s].max_trainees - self.kept.supervisor.get(s, 0)
            if len(arcs) > cap:
                self.model.add(_total(self.x, arcs) <= cap)

    def company_places(self) -> None:
        """Rule 2: per company and trade, no more placed participants than places."""
        places = self.problem.places_by_key
        for key, arcs in self.by_place.items():
            cap = places.get(key, 0) - self.kept.place.get(key, 0)
            if len(arcs) > cap:
                self.model.add(_total(self.x, arcs) <= cap)

    def follow_up_cap(self) -> None:
        """Rule 2: per company, no more high follow-up participants than max_high_follow_up."""
        companies = self.problem.companies_by_id
        for company, arcs in self.by_company_high.items():
            cap = companies[company].max_high_follow_up
            if cap is None:
                continue
            cap -= self.kept.high.get(company, 0)
            if len(arcs) > cap:
                self.model.add(_total(self.x, arcs) <= cap)

    def class_size(self) -> None:
        """Rule 6: a class has 0 participants, or between its minimum and maximum. (Kept
        members make it run.)"""
        for g, arcs in sorted(self.by_programme.items()):
            prog = self.problem.programmes[g]
            kept = self.kept.members.get(g, 0)
            size = _total(self.x, arcs) + kept
            cap = prog.max_class_size
            if g in self.run:
                run = self.run[g]
                upper = len(arcs) + kept if cap is None else min(cap, len(arcs) + kept)
                self.model.add(size <= upper * run)
                lit = self._requirement(
                    f"programme {prog.programme_id} needs at least {prog.min_class_size} "
                    "participants when it runs")
                ct = self.model.add(size >= prog.min_class_size * run)
                if lit is not None:
                    ct.only_enforce_if(lit)
                    self._assumption_vars.append(lit)
            elif cap is not None and len(arcs) + kept > cap:
                self.model.add(size <= cap)

    def rights_minimum(self) -> None:
        """Rule 6: when a class runs, enough participants with and without adult rights."""
        parts = self.problem.participants
        for g in sorted(self.run):
            prog = self.problem.programmes[g]
            arcs = self.by_programme[g]
            rights = [i for i in arcs if parts[int(self.arcs.participant[i])].has_rights]
            others = [i for i in arcs if not parts[int(self.arcs.participant[i])].has_rights]
            with_rights = self.kept.rights.get(g, 0)
            without = self.kept.members.get(g, 0) - with_rights
            for need, group, kept, words in (
                    (prog.min_with_rights, rights, with_rights, "with"),
                    (prog.min_without_rights, others, without, "without")):
                if not need:
                    continue
                lit = self._requirement(
                    f"programme {prog.programme_id} needs {need} participants {words} "
                    "adult rights when it runs")
                ct = self.model.add(_total(self.x, group) + kept >= need * self.run[g])
                if lit is not None:
                    ct.only_enforce_if(lit)
                    self._assumption_vars.append(lit)

    def school_days(self) -> None:
        """Rule 6/7: one school-day set per programme; an arc needs a set its calendar fits
        (and so do the class's kept members)."""
        for g, ys in self.y.items():
            self.model.add_exactly_one(ys)
            full = (1 << len(ys)) - 1
            allowed = self.kept.options.get(g, full)
            for o in range(len(ys)):
                if not allowed >> o & 1:
                    self.model.add(ys[o] == 0)
            fits: dict[int, cp_model.IntVar] = {}
            for i in self.by_programme.get(g, []):
                mask = int(self.arcs.options[i]) & full
                if mask == full:
                    continue
                if mask not in fits:
                    fits[mask] = self.model.new_bool_var(f"fit{g}_{mask}")
                    self.fits[(g, mask)] = fits[mask]
                    chosen = [ys[o] for o in range(len(ys)) if mask >> o & 1]
                    self.model.add_bool_or(chosen).only_enforce_if(fits[mask])
                    # fit is exactly "the chosen option is in the mask", so hints are complete
                    for o in range(len(ys)):
                        if not mask >> o & 1:
                            self.model.add_implication(ys[o], fits[mask].negated())
                self.model.add_implication(self.x[i], fits[mask])

    # --- objective terms ---------------------------------------------------------------------

    def placed(self) -> cp_model.LinearExpr:
        return cp_model.LinearExpr.sum(self.x)

    def placed_at(self, priorities: Sequence[int]) -> cp_model.LinearExpr:
        parts = self.problem.participants
        chosen = [self.x[i] for i, p in enumerate(self.arcs.participant.tolist())
                  if parts[p].priority in priorities]
        return cp_model.LinearExpr.sum(chosen)

    def quality(self) -> cp_model.LinearExpr:
        return cp_model.LinearExpr.weighted_sum(self.x, self.arcs.quality.tolist())

    # --- reading a solution ------------------------------------------------------------------

    def chosen_arcs(self, solver: cp_model.CpSolver) -> list[int]:
        """The arcs used. (Read from the response: the x variables are the model's first,
        and ortools' ``boolean_values`` builds a pandas Series per call.)"""
        if not self.x:
            return []
        values = np.asarray(solver.response_proto.solution, dtype=np.int64)[: len(self.x)]
        return np.flatnonzero(values).tolist()

    def maximize_arcs(self, weights: Sequence[int]) -> None:
        """Maximise the sum of ``weights`` over the used arcs, written into the model's
        objective in one go (ortools' ``maximize`` appends term by term; on the thousands of
        small neighbourhood models that was a twentieth of the search's time)."""
        self.model.clear_objective()
        objective = self.model.proto.objective
        objective.vars.extend([x.index for x in self.x])
        objective.coeffs.extend([-w for w in weights])
        objective.scaling_factor = -1.0  # CP-SAT minimises: maximise w·x as min -w·x

    def chosen_options(self, solver: cp_model.CpSolver) -> SchoolOptions:
        """Programme index → chosen school-day option (only programmes with a choice)."""
        return {g: OptionIndex(next(o for o, y in enumerate(ys) if solver.boolean_value(y)))
                for g, ys in self.y.items()}

    def hint(self, arcs: Sequence[int], options: Mapping[int, OptionIndex], *,
             zeros: bool = True) -> None:
        """Start the search from a known assignment (e.g. the flow optimum or a prior stage).
        Without ``zeros`` only the used arcs are hinted (the one-placement rule settles the
        others), which is much cheaper to set on many small models."""
        self.model.clear_hints()
        chosen = set(arcs)
        hinted = [(self.x[i], i in chosen) for i in (range(len(self.x)) if zeros
                                                      else sorted(chosen))]
        hinted += [(y, options.get(g, 0) == o) for g, ys in self.y.items()
                   for o, y in enumerate(ys)]
        running = {int(self.arcs.programme[i]) for i in chosen} | set(self.kept.members)
        hinted += [(run, g in running) for g, run in self.run.items()]
        hinted += [(fit, bool(mask >> options.get(g, 0) & 1))
                   for (g, mask), fit in self.fits.items()]
        # in one go: add_hint per variable took a tenth of the neighbourhood search's time
        hint = self.model.proto.solution_hint
        hint.vars.extend([v.index for v, _ in hinted])
        hint.values.extend([int(value) for _, value in hinted])
