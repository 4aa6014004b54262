"""The small output tables: their columns and rows, as plain Python values.

Each function returns ``(columns, rows)`` for one sheet; :func:`matcher.report.cells.write_table`
turns them into cells. Keeping the values plain makes each sheet's content easy to read and test
apart from the Excel mechanics. Person names are left blank when pseudonymising; company names
are not personal data and stay.
"""

from __future__ import annotations

import datetime as dt
from collections import Counter, defaultdict
from collections.abc import Mapping
from dataclasses import dataclass, field, fields

from matcher.i18n import messages
from matcher.problem import Participant, Problem, format_days
from matcher.report.cells import DATE_FORMAT, PERCENT_FORMAT, Column, yes_no
from matcher.result import Result
from matcher.rules import Status

Table = tuple[tuple[Column, ...], list[list[object]]]


@dataclass(frozen=True)
class RunInfo:
    """Facts about the run that are not in the result: where the input came from."""

    input_file: str
    input_sha256: str
    version: str
    pseudonymised: bool = False
    run_date: dt.date = field(default_factory=dt.date.today)


def _columns(*headers: str) -> tuple[Column, ...]:
    return tuple(Column(h) for h in headers)


def in_brief(problem: Problem, result: Result, run: RunInfo) -> list[str]:
    """Three plain sentences for the top of the Summary: how many are placed and whether that
    is the most possible, who needs attention, and whether the file holds names."""
    t = messages(problem.language)
    first = t("{placed} of {participants} participants are placed.", placed=result.placed,
              participants=result.participants)
    if result.status is Status.OPTIMAL:
        first += " " + t("No valid plan places more, nor more of higher priority.")
    else:
        first += " " + t("The search stopped at its time limit: at most {bound} could be "
                         "placed.", bound=result.upper_bound)
    if result.unplaced:
        reasons = Counter(u.reason for u in result.unplaced)
        code, count = reasons.most_common(1)[0]
        second = t.plural("{n} participant is not placed (see Unplaced); the most common "
                          "reason is {reason} ({count}).",
                          "{n} participants are not placed (see Unplaced); the most common "
                          "reason is {reason} ({count}).", len(result.unplaced),
                          reason=t.value(code, "reason"), count=count)
    else:
        second = t("Everyone is placed.")
    warned = len(problem.warnings)
    if warned:
        second += " " + t.plural("{n} warning about the input is listed in Warnings.",
                                 "{n} warnings about the input are listed in Warnings.", warned)
    third = (t("Pseudonymised: names are left out of this file.") if run.pseudonymised else
             t("This file holds names (personal data): store and share it with care."))
    return [first, second, third]


def summary(problem: Problem, result: Result, run: RunInfo) -> Table:
    """Three plain sentences, then figure by figure: the outcome, its proof of quality, the
    input and the settings used (each once)."""
    rows: list[list[object]] = [
        [f"summary_{k}", sentence]
        for k, sentence in enumerate(in_brief(problem, result, run), start=1)
    ]
    rows.append(["round", problem.settings.round_name])
    rows += [[key, yes_no(value) if isinstance(value, bool) else value]
             for key, value in result.as_dict().items() if not isinstance(value, Mapping)]
    rows += [
        ["input_file", run.input_file],
        ["input_sha256", run.input_sha256],
        ["version", run.version],
        ["run_date", run.run_date],
        ["pseudonymised", yes_no(run.pseudonymised)],
    ]
    seen = {str(row[0]) for row in rows}
    for key, value in _settings(problem, result).items():
        rows.extend(_flatten(key, value, seen))
    for key, seconds in result.timings.items():
        rows.extend(_flatten(f"timing.{key}", round(float(seconds), 3), seen))
    return (Column("key", width=28), Column("value", width=40)), rows


def _settings(problem: Problem, result: Result) -> dict[str, object]:
    """The settings used: the solver's record first, the round's settings for anything missing."""
    used: dict[str, object] = dict(result.settings_used)
    for f in fields(problem.settings):
        used.setdefault(f.name, getattr(problem.settings, f.name))
    if any(key.startswith("weight_") for key in used):
        used.pop("weights", None)  # the solver's record lists each weight already
    used.pop("round_name", None)  # already the "round" row
    return used


def _flatten(key: str, value: object, seen: set[str]) -> list[list[object]]:
    """One row per setting; a mapping (the weights) gives one row per entry, ``key.entry``."""
    if isinstance(value, Mapping):
        rows: list[list[object]] = []
        for sub, item in value.items():
            rows.extend(_flatten(f"{key}.{sub}", item, seen))
        return rows
    if key in seen:
        key = f"setting.{key}"
    seen.add(key)
    if isinstance(value, list | tuple | set | frozenset):
        value = ", ".join(str(v) for v in value)
    return [[key, value]]


PLACEMENT_COLUMNS: tuple[Column, ...] = (
    *_columns("participant_id", "name", "programme_id", "occupation", "company_id",
              "company_name", "supervisor_id", "training_office", "travel_minutes",
              "trial_outcome", "participant_rank", "company_rank", "kept_current"),
    Column("apprenticeship_from", DATE_FORMAT, width=20),
    Column("days_with_supervisor_share", PERCENT_FORMAT, width=28),
    *_columns("supervisor_name", "norwegian_level", "follow_up_need"),
)


def apprenticeship_from(problem: Problem, programme_id: str) -> dt.date | None:
    """The first date of the programme's first planned apprenticeship week (None: none)."""
    return next((w.monday for w in problem.planned_weeks(programme_id)
                 if w.phase.apprenticeship), None)


def placements(problem: Problem, result: Result, company_days: Mapping[str, int],
               supervisor_days: Mapping[str, int], pseudonymise: bool) -> Table:
    """One row per placed participant, in input order."""
    placed = result.solution.by_participant
    rows: list[list[object]] = []
    for person in problem.participants:
        pl = placed.get(person.participant_id)
        if pl is None:
            continue
        company = problem.companies_by_id[pl.company_id]
        programme = problem.programmes_by_id[pl.programme_id]
        travel = problem.travel_minutes(person, company)
        pref = problem.preference.get((person.participant_id, pl.company_id))
        days = company_days.get(person.participant_id, 0)
        share = supervisor_days.get(person.participant_id, 0) / days if days else None
        rows.append([
            person.participant_id, "" if pseudonymise else person.name, pl.programme_id,
            programme.occupation, pl.company_id, company.name, pl.supervisor_id,
            company.training_office, "unknown" if travel is None else travel,
            problem.trial_outcome.get((person.participant_id, pl.company_id), ""),
            pref.participant_rank if pref else None, pref.company_rank if pref else None,
            yes_no(person.current_company == pl.company_id),
            apprenticeship_from(problem, pl.programme_id), share,
            "" if pseudonymise else problem.supervisors_by_id[pl.supervisor_id].name,
            person.norwegian_level.name, person.follow_up_need.name.casefold(),
        ])
    return PLACEMENT_COLUMNS, rows


def unplaced(problem: Problem, result: Result, pseudonymise: bool) -> Table:
    """One row per unplaced participant with the reason code and the explanation."""
    order = {p.participant_id: i for i, p in enumerate(problem.participants)}
    people = problem.participants_by_id
    rows: list[list[object]] = []
    for u in sorted(result.unplaced, key=lambda u: order.get(u.participant_id, len(order))):
        person = people.get(u.participant_id)
        name = "" if pseudonymise or person is None else person.name
        rows.append([u.participant_id, name, u.reason, u.explanation])
    columns = (*_columns("participant_id", "name", "reason"), Column("explanation", width=80))
    return columns, rows


def programmes(problem: Problem, result: Result) -> Table:
    """One row per programme: school days as planned, class size and its limits, and how many
    placed participants meet the preferred Norwegian level (the quality goal; blank without
    one)."""
    placed_in: dict[str, list[Participant]] = defaultdict(list)
    people = problem.participants_by_id
    for pl in result.solution.placements:
        placed_in[pl.programme_id].append(people[pl.participant_id])
    rows: list[list[object]] = []
    for prog in problem.programmes:
        days = result.solution.school_days.get(prog.programme_id, prog.school_days)
        placed = placed_in.get(prog.programme_id, [])
        rights = sum(p.has_rights for p in placed)
        wanted = prog.preferred_norwegian_level
        rows.append([
            prog.programme_id, prog.name, prog.occupation,
            format_days(days) if days is not None else "", len(placed),
            prog.min_class_size, prog.max_class_size, rights, len(placed) - rights,
            len(problem.planned_weeks(prog.programme_id)),
            wanted.name if wanted is not None else "",
            sum(p.norwegian_level >= wanted for p in placed) if wanted is not None else "",
        ])
    return _columns("programme_id", "name", "occupation", "school_days", "placed",
                    "min_class_size", "max_class_size", "with_rights", "without_rights",
                    "planned_weeks", "preferred_norwegian_level", "at_preferred_level"), rows


def shift_times(problem: Problem) -> dict[str, str]:
    """Shift code → its hours (``07:00–15:00``), for the codes the Shifts sheet times."""
    return {sh.code: f"{sh.start:%H:%M}–{sh.end:%H:%M}" for sh in problem.shifts
            if sh.start is not None and sh.end is not None}


def phases(problem: Problem, result: Result) -> Table:
    """One row per base-plan phase of each programme: its weeks and dates, pattern and the
    school days as planned (the phase's own set where it has one, else the class's)."""
    rows: list[list[object]] = []
    for prog in problem.programmes:
        option = result.solution.school_option(prog.programme_id)
        for ph in problem.base_phases.get(prog.programme_id, ()):
            days = option.for_phase(ph) if ph.at_school else None
            first = prog.start_date + dt.timedelta(weeks=ph.from_week - 1)
            last = prog.start_date + dt.timedelta(weeks=ph.to_week, days=-1)
            rows.append([
                prog.programme_id, ph.from_week, ph.to_week, ph.label, yes_no(ph.at_school),
                format_days(days) if days else "", ph.company_days, ph.supervisor_days,
                yes_no(ph.apprenticeship), first, last,
            ])
    return (*_columns("programme_id", "from_week", "to_week", "label", "at_school",
                      "school_days", "company_days", "min_days_with_supervisor",
                      "apprenticeship"),
            Column("first_date", DATE_FORMAT, width=12),
            Column("last_date", DATE_FORMAT, width=12)), rows


def capacity(problem: Problem, result: Result,
             eligible_candidates: Mapping[tuple[str, str], int]) -> Table:
    """One row per company × occupation in Places: places against use and demand."""
    programmes_by_id = problem.programmes_by_id
    assigned = Counter(
        (pl.company_id, programmes_by_id[pl.programme_id].trade)
        for pl in result.solution.placements
    )
    rows: list[list[object]] = []
    for place in problem.places:
        company = problem.companies_by_id.get(place.company_id)
        used = assigned.get((place.company_id, place.trade), 0)
        rows.append([
            place.company_id, company.name if company else "", place.occupation,
            company.training_office if company else "", place.places, used, place.places - used,
            eligible_candidates.get((place.company_id, place.trade), 0),
        ])
    return _columns("company_id", "company_name", "occupation", "training_office", "places",
                    "assigned", "free", "eligible_candidates"), rows


def supervisors(problem: Problem, result: Result, pseudonymise: bool = False) -> Table:
    """One row per supervisor: their trainees against their limit."""
    order = {p.participant_id: i for i, p in enumerate(problem.participants)}
    trainees: dict[str, list[str]] = defaultdict(list)
    for pl in result.solution.placements:
        trainees[pl.supervisor_id].append(pl.participant_id)
    rows: list[list[object]] = []
    for sup in problem.supervisors:
        ids = sorted(trainees.get(sup.supervisor_id, []), key=lambda p: order.get(p, 0))
        rows.append([sup.supervisor_id, sup.company_id, sup.occupation, sup.rota_id, len(ids),
                     sup.max_trainees, ", ".join(ids), "" if pseudonymise else sup.name])
    return _columns("supervisor_id", "company_id", "occupation", "rota_id", "trainees",
                    "max_trainees", "participant_ids", "name"), rows


def warnings(problem: Problem) -> Table:
    """One row per input warning, located as the coordinator finds it in Excel."""
    rows: list[list[object]] = []
    for issue in problem.warnings:
        message = issue.message
        if issue.value is not None:
            message += f" (found {issue.value!r}"
            message += f"; expected {issue.expected})" if issue.expected else ")"
        elif issue.expected:
            message += f" (expected {issue.expected})"
        rows.append([issue.where, message])
    return (Column("where", width=36), Column("message", width=90)), rows
