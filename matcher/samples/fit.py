"""Does a participant fit a supervisor? The eligibility a sample needs for locks that can hold.

A deliberately plain re-statement of SPEC.md's pair rules (trade, language, travel, trials,
exclusions, apprenticeships at approved companies) and of the weekly timetable rule, week by
week over the planned weeks (without closed dates: they only ever remove requirements). The solver's
own eligibility lives in ``matcher.eligibility``; this copy keeps the generator independent of it
and gives the tests a second opinion.
"""

from __future__ import annotations

from matcher.problem import Participant, Problem, Programme, SchoolOption, Supervisor


def pair_allowed(problem: Problem, participant: Participant, programme: Programme,
                 supervisor: Supervisor) -> bool:
    """Trade, places, language, travel, trials and exclusions allow this placement."""
    company = problem.companies_by_id[supervisor.company_id]
    if supervisor.trade != programme.trade:
        return False
    if problem.places_by_key.get((company.company_id, programme.trade), 0) <= 0:
        return False
    if not company.approved_training_company and any(
            w.phase.apprenticeship for w in problem.planned_weeks(programme.programme_id)):
        return False
    if participant.norwegian_level < max(company.min_norwegian_level,
                                         programme.min_norwegian_level):
        return False
    minutes = problem.travel_minutes(participant, company)
    limit = participant.max_travel_minutes
    if minutes is not None and limit is not None and minutes > limit:
        return False
    pair = (participant.participant_id, company.company_id)
    if problem.trial_outcome.get(pair) == "rejected":
        return False
    pref = problem.preference.get(pair)
    return not (pref is not None and pref.excluded)


def timetable_fits(problem: Problem, participant: Participant, programme: Programme,
                   supervisor: Supervisor, school_days: SchoolOption) -> bool:
    """Every planned week leaves enough company days, and enough of them on the supervisor's
    shifts the participant may work (SPEC.md rule 7), with these school days."""
    company = problem.companies_by_id[supervisor.company_id]
    rota = problem.rotas_by_id[supervisor.rota_id]
    allowed = participant.allowed_shifts
    seen: set[tuple[int, int]] = set()
    for pw in problem.planned_weeks(programme.programme_id):
        k = (pw.monday - problem.rota_anchor).days // 7
        cycle_week = (k + supervisor.rota_start_week - 1) % rota.length
        if (id(pw.phase), cycle_week) in seen:
            continue
        seen.add((id(pw.phase), cycle_week))
        free = set(company.practice_days) - participant.unavailable_days
        if pw.phase.at_school:
            free -= school_days.for_phase(pw.phase)
        if len(free) < pw.phase.company_days:
            return False
        shifts = rota.weeks[cycle_week]
        with_supervisor = sum(1 for d in free if shifts[d] is not None
                              and (allowed is None or shifts[d] in allowed))
        if with_supervisor < min(pw.phase.supervisor_days, pw.phase.company_days):
            return False
    return True


def fits(problem: Problem, participant: Participant, programme: Programme,
         supervisor: Supervisor) -> bool:
    """The placement can hold for at least one of the programme's school-day options."""
    if not pair_allowed(problem, participant, programme, supervisor):
        return False
    return any(timetable_fits(problem, participant, programme, supervisor, days)
               for days in problem.school_day_options(programme))
