"""Rules 1–5 of SPEC.md: who is placed where, with whom, and within which limits.

Each function checks one :class:`matcher.rules.HardRule` and returns its
violations. Per-placement rules look at every placement (a duplicate too); counting rules count
each participant once, by their first placement, so a duplicate is reported only once.
"""

from __future__ import annotations

from collections import Counter

from matcher.checker.context import Context
from matcher.checker.violation import Violation
from matcher.problem import FollowUp, trade_key
from matcher.rules import HardRule


def one_placement(ctx: Context) -> list[Violation]:
    """Rule 1: a known participant, placed at most once."""
    out: list[Violation] = []
    known = ctx.problem.participants_by_id
    counts = Counter(pl.participant_id for pl in ctx.solution.placements)
    for pid, n in counts.items():
        if pid not in known:
            out.append(Violation(HardRule.ONE_PLACEMENT, pid,
                                 f"placement of unknown participant {pid}"))
        if n > 1:
            out.append(Violation(HardRule.ONE_PLACEMENT, pid,
                                 f"participant {pid} is placed {n} times"))
    return out


def programme_choice(ctx: Context) -> list[Violation]:
    """Rule 1: the programme exists and is one from the participant's list."""
    out: list[Violation] = []
    for pl in ctx.solution.placements:
        pid, prog = pl.participant_id, pl.programme_id
        participant = ctx.problem.participants_by_id.get(pid)
        if prog not in ctx.problem.programmes_by_id:
            out.append(Violation(HardRule.PROGRAMME_CHOICE, pid,
                                 f"participant {pid} is placed in unknown programme {prog}"))
        elif participant is not None and prog not in participant.programmes:
            out.append(Violation(HardRule.PROGRAMME_CHOICE, pid,
                                 f"participant {pid} is placed in programme {prog}, "
                                 "which is not in their list"))
    return out


def supervisor_company(ctx: Context) -> list[Violation]:
    """Rule 2: the company and supervisor exist, and the supervisor works at the company."""
    out: list[Violation] = []
    for pl in ctx.solution.placements:
        pid = pl.participant_id
        sup = ctx.problem.supervisors_by_id.get(pl.supervisor_id)
        if pl.company_id not in ctx.problem.companies_by_id:
            out.append(Violation(HardRule.SUPERVISOR_COMPANY, pid,
                                 f"participant {pid} is placed at unknown company {pl.company_id}"))
        if sup is None:
            out.append(Violation(HardRule.SUPERVISOR_COMPANY, pid,
                                 f"participant {pid} has unknown supervisor {pl.supervisor_id}"))
        elif sup.company_id != pl.company_id:
            out.append(Violation(HardRule.SUPERVISOR_COMPANY, pid,
                                 f"supervisor {sup.supervisor_id} of participant {pid} works at "
                                 f"{sup.company_id}, not at {pl.company_id}"))
    return out


def supervisor_trade(ctx: Context) -> list[Violation]:
    """Rule 2: the supervisor trains the programme's occupation (trade keys compared)."""
    out: list[Violation] = []
    for pl in ctx.solution.placements:
        sup = ctx.problem.supervisors_by_id.get(pl.supervisor_id)
        prog = ctx.problem.programmes_by_id.get(pl.programme_id)
        if sup is None or prog is None:
            continue
        if trade_key(sup.occupation) != trade_key(prog.occupation):
            out.append(Violation(HardRule.SUPERVISOR_TRADE, pl.participant_id,
                                 f"supervisor {sup.supervisor_id} of participant "
                                 f"{pl.participant_id} does not train the occupation of "
                                 f"programme {prog.programme_id}"))
    return out


def supervisor_capacity(ctx: Context) -> list[Violation]:
    """Rule 2: no supervisor has more trainees than ``max_trainees``."""
    out: list[Violation] = []
    counts = Counter(pl.supervisor_id for pl in ctx.first.values())
    for sid, n in counts.items():
        sup = ctx.problem.supervisors_by_id.get(sid)
        if sup is not None and n > sup.max_trainees:
            out.append(Violation(HardRule.SUPERVISOR_CAPACITY, None,
                                 f"supervisor {sid} has {n} trainees, max_trainees is "
                                 f"{sup.max_trainees}"))
    return out


def company_places(ctx: Context) -> list[Violation]:
    """Rule 2: placed participants per company × trade (across programmes) within its places.

    A company without a Places row for the occupation has no places for it.
    """
    places: Counter[tuple[str, str]] = Counter()
    for p in ctx.problem.places:
        places[(p.company_id, trade_key(p.occupation))] += p.places
    counts: Counter[tuple[str, str]] = Counter()
    for pl in ctx.first.values():
        prog = ctx.problem.programmes_by_id.get(pl.programme_id)
        if prog is not None:
            counts[(pl.company_id, trade_key(prog.occupation))] += 1
    return [
        Violation(HardRule.COMPANY_PLACES, None,
                  f"company {cid} has {n} participants placed for occupation {trade}, "
                  f"but {places[(cid, trade)]} places")
        for (cid, trade), n in counts.items() if n > places[(cid, trade)]
    ]


def follow_up_cap(ctx: Context) -> list[Violation]:
    """Rule 2: at most ``max_high_follow_up`` high follow-up participants per company."""
    counts: Counter[str] = Counter()
    for pid, pl in ctx.first.items():
        participant = ctx.problem.participants_by_id.get(pid)
        if participant is not None and participant.follow_up_need == FollowUp.HIGH:
            counts[pl.company_id] += 1
    out: list[Violation] = []
    for cid, n in counts.items():
        company = ctx.problem.companies_by_id.get(cid)
        cap = company.max_high_follow_up if company is not None else None
        if cap is not None and n > cap:
            out.append(Violation(HardRule.FOLLOW_UP_CAP, None,
                                 f"company {cid} has {n} high follow-up participants, "
                                 f"max_high_follow_up is {cap}"))
    return out


def language_level(ctx: Context) -> list[Violation]:
    """Rule 3: level at least max(company minimum, programme minimum)."""
    out: list[Violation] = []
    for pl in ctx.solution.placements:
        participant = ctx.problem.participants_by_id.get(pl.participant_id)
        company = ctx.problem.companies_by_id.get(pl.company_id)
        prog = ctx.problem.programmes_by_id.get(pl.programme_id)
        if participant is None:
            continue
        needed = max((x.min_norwegian_level for x in (company, prog) if x is not None),
                     default=None)
        if needed is not None and participant.norwegian_level < needed:
            out.append(Violation(HardRule.LANGUAGE_LEVEL, pl.participant_id,
                                 f"participant {pl.participant_id} has level "
                                 f"{participant.norwegian_level.name}, below {needed.name} "
                                 f"needed at company {pl.company_id} in programme "
                                 f"{pl.programme_id}"))
    return out


def travel_limit(ctx: Context) -> list[Violation]:
    """Rule 4: travel within the participant's limit where the time is known."""
    out: list[Violation] = []
    for pl in ctx.solution.placements:
        participant = ctx.problem.participants_by_id.get(pl.participant_id)
        company = ctx.problem.companies_by_id.get(pl.company_id)
        if participant is None or company is None or participant.max_travel_minutes is None:
            continue
        minutes = ctx.travel.minutes(participant, company)
        if minutes is not None and minutes > participant.max_travel_minutes:
            out.append(Violation(HardRule.TRAVEL_LIMIT, pl.participant_id,
                                 f"participant {pl.participant_id} travels {minutes} minutes to "
                                 f"company {pl.company_id}, limit "
                                 f"{participant.max_travel_minutes}"))
    return out


def rejected_trial(ctx: Context) -> list[Violation]:
    """Rule 5: never where the participant's trial was rejected."""
    rejected = {(t.participant_id, t.company_id) for t in ctx.problem.trials
                if t.outcome.strip().casefold() == "rejected"}
    return [
        Violation(HardRule.REJECTED_TRIAL, pl.participant_id,
                  f"participant {pl.participant_id} is placed at company {pl.company_id}, "
                  "which rejected their trial")
        for pl in ctx.solution.placements if (pl.participant_id, pl.company_id) in rejected
    ]


def excluded_pair(ctx: Context) -> list[Violation]:
    """Rule 5: never an excluded participant–company pair."""
    excluded = {(p.participant_id, p.company_id) for p in ctx.problem.preferences if p.excluded}
    return [
        Violation(HardRule.EXCLUDED_PAIR, pl.participant_id,
                  f"participant {pl.participant_id} is placed at company {pl.company_id}, "
                  "an excluded pair")
        for pl in ctx.solution.placements if (pl.participant_id, pl.company_id) in excluded
    ]


def locked(ctx: Context) -> list[Violation]:
    """Rule 5: a locked participant is placed, at the locked company and supervisor; a locked
    supervisor implies the supervisor's company."""
    out: list[Violation] = []
    for participant in ctx.problem.participants:
        pid = participant.participant_id
        if not participant.locked:
            continue
        pl = ctx.first.get(pid)
        if pl is None:
            out.append(Violation(HardRule.LOCKED, pid, f"locked participant {pid} is not placed"))
            continue
        companies = {participant.locked_company} - {None}
        if participant.locked_supervisor is not None:
            if pl.supervisor_id != participant.locked_supervisor:
                out.append(Violation(HardRule.LOCKED, pid,
                                     f"participant {pid} is locked to supervisor "
                                     f"{participant.locked_supervisor}, placed with "
                                     f"{pl.supervisor_id}"))
            sup = ctx.problem.supervisors_by_id.get(participant.locked_supervisor)
            if sup is not None:
                companies.add(sup.company_id)
        for cid in sorted(c for c in companies if c is not None):
            if pl.company_id != cid:
                out.append(Violation(HardRule.LOCKED, pid,
                                     f"participant {pid} is locked to company {cid}, "
                                     f"placed at {pl.company_id}"))
    return out
