"""Why a participant has no trial: a reason code and a sentence naming the binding limit.

The trial rules are applied in :data:`matcher.trials.eligible.STAGES` order while the options
are built; the first stage that left a participant no option at all is the reason. A
participant who kept options lost them to the limits: the trial places or the supervisors in
reach were taken by other candidates. Sentences name trades, levels and limits, never names.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass

import numpy as np
import numpy.typing as npt

from matcher.problem import Problem
from matcher.rules import TrialReason
from matcher.trials.eligible import STAGES, Options, TrialArcs, trial_trades

IntArray = npt.NDArray[np.int64]

@dataclass(frozen=True)
class NoTrial:
    """A participant without any trial, and why."""

    participant_id: str
    reason: TrialReason
    explanation: str


def explain(problem: Problem, options: Options, chosen: TrialArcs) -> list[NoTrial]:
    """One row per participant without a trial, in the input's order."""
    with_trial = set(chosen.participant.tolist())
    used = _use(options, chosen)
    trades = trial_trades(problem)
    out: list[NoTrial] = []
    for p, person in enumerate(problem.participants):
        if p in with_trial:
            continue
        stage = int(options.reached[p])
        if stage < len(STAGES):
            code = _rule_code(problem, p, STAGES[stage])
            text = _rule_sentence(problem, p, code, sorted(trades[p]))
        else:
            mine = options.expand(np.array([p], dtype=np.int64))
            code, text = _limit(problem, options, mine, used)
        out.append(NoTrial(person.participant_id, code, text))
    return out


def _rule_code(problem: Problem, p: int, stage: str) -> TrialReason:
    """The reason of the first trial rule (``stage``) that left the participant nothing."""
    if stage != "trial_programme":
        return TrialReason(stage)
    programmes = [problem.programmes_by_id[g] for g in problem.participants[p].programmes
                  if g in problem.programmes_by_id]
    return TrialReason.PROGRAMME_LEVEL if any(g.trials for g in programmes) else \
        TrialReason.NO_TRIAL_PROGRAMME


def _trade_names(problem: Problem, trades: list[str]) -> str:
    shown = {g.trade: g.occupation for g in problem.programmes}
    return ", ".join(shown.get(t, t) for t in trades) or "none"


def _rule_sentence(problem: Problem, p: int, code: TrialReason, trades: list[str]) -> str:
    person = problem.participants[p]
    names = _trade_names(problem, trades)
    if code is TrialReason.NO_TRIAL_PROGRAMME:
        return ("None of the participant's programmes allows trial placements (Programmes "
                "trials = no).")
    if code is TrialReason.PROGRAMME_LEVEL:
        return (f"Norwegian level {person.norwegian_level.name} is below the minimum of every "
                "programme of the participant that allows trial placements.")
    if code is TrialReason.WINDOW:
        return f"No row of TrialWindows is for the participant's trade ({names})."
    if code is TrialReason.TRIAL_PLACES:
        return (f"No company has trial places and a supervisor with room for {names} "
                "(Places trial_places, Supervisors max_trainees).")
    if code is TrialReason.COMPANY_LEVEL:
        return (f"Every company with trial places for {names} asks for a higher Norwegian "
                f"level than {person.norwegian_level.name}.")
    if code is TrialReason.TRAVEL:
        return (f"No company with trial places for {names} is within the travel limit of "
                f"{person.max_travel_minutes} minutes.")
    if code is TrialReason.EARLIER_TRIAL:
        return ("Every company in reach already has a Trials row with the participant, or "
                "Preferences excludes it.")
    if code is TrialReason.LOCKED:
        return "The participant is locked to a company that has no trial place for the trade."
    if code is TrialReason.APPROVED_COMPANY:
        return ("The participant's programme has apprenticeship weeks, and no approved training "
                "company in reach offers trial places.")
    return (f"In no trial window for {names} does a supervisor's rota fit the trial days "
            "(days per week, days with the supervisor, practice days, the participant's "
            "unavailable days and closed dates).")


def _use(options: Options,
         chosen: TrialArcs) -> tuple[dict[tuple[int, int], int], dict[tuple[int, int, str], int]]:
    """Trials per (window, group) and per (window, company, trade) in the plan."""
    slots: dict[tuple[int, int], int] = defaultdict(int)
    pools: dict[tuple[int, int, str], int] = defaultdict(int)
    for w, g in zip(chosen.window.tolist(), chosen.group.tolist(), strict=True):
        group = options.groups[g]
        slots[(w, g)] += 1
        pools[(w, group.company, group.trade)] += 1
    return slots, pools


def _limit(problem: Problem, options: Options, mine: TrialArcs,
           used: tuple[dict[tuple[int, int], int], dict[tuple[int, int, str], int]],
           ) -> tuple[TrialReason, str]:
    """Which limit took the participant's options: trial places, supervisors, or (with more
    trials per candidate) nothing full at all."""
    slots, pools = used
    full_pool = full_slot = 0
    companies: set[int] = set()
    windows: set[int] = set()
    for w, g in zip(mine.window.tolist(), mine.group.tolist(), strict=True):
        group = options.groups[g]
        companies.add(group.company)
        windows.add(w)
        if pools[(w, group.company, group.trade)] >= options.pools.get((group.company,
                                                                        group.trade), 0):
            full_pool += 1
        elif slots[(w, g)] >= group.capacity(problem):
            full_slot += 1
    where = f"{len(companies)} companies in {len(windows)} windows"
    if full_pool >= full_slot and full_pool:
        return TrialReason.TRIAL_PLACES_TAKEN, (
            f"The trial places that fit ({where}) all went to other candidates, placed first "
            "by the goals (most candidates with a trial, then priority, then quality).")
    if full_slot:
        return TrialReason.SUPERVISORS_TAKEN, (
            f"The supervisors that fit ({where}) had their max_trainees in those windows "
            "already.")
    return TrialReason.TRIALS_LIMIT, (
        f"The options that fit ({where}) could not be used beside the plan's other trials.")
