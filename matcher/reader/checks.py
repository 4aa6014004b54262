"""Cross-sheet checks: everything that needs more than one cell to judge, reported together.

The checks run on an unchecked :class:`~matcher.problem.Problem` built from the valid rows (so
duplicates are still in it) and on the ids each sheet holds at all (``seen``), so that a row
refused for another reason does not also make every reference to it "unknown".
"""

from __future__ import annotations

import difflib
import itertools
from collections.abc import Callable, Hashable, Iterable, Mapping
from typing import TypeVar

from matcher.problem import MAX_SCHOOL_OPTIONS, InputIssue, Phase, Problem, trade_key

T = TypeVar("T")

_WEEKDAY_NAMES = ("Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday")


def check_problem(problem: Problem, seen: Mapping[str, set[str] | None],
                  setting_rows: Mapping[str, int]) -> list[InputIssue]:
    """Every cross-sheet issue of ``problem`` (errors and warnings)."""
    issues: list[InputIssue] = []
    issues += _duplicates(problem)
    issues += _references(problem, seen)
    issues += _programmes(problem)
    issues += _phases(problem)
    issues += _participants(problem, seen.get("Shifts") is not None)
    issues += _supervisors(problem)
    issues += _shifts(problem)
    issues += _holidays(problem)
    issues += _trials(problem)
    issues += _trial_windows(problem)
    issues += _settings(problem, setting_rows)
    issues += _trades(problem)
    issues += _empty(seen)
    return issues


def _issue(sheet: str, row: int, column: str, message: str, value: object = None,
           expected: str | None = None, severity: str = "error") -> InputIssue:
    return InputIssue(sheet, row or None, column, message,
                      None if value is None else str(value), expected, severity)


def _dupes(items: Iterable[T], key: Callable[[T], Hashable], row: Callable[[T], int],
           sheet: str, column: str, what: str, shown: Callable[[T], str]) -> list[InputIssue]:
    first: dict[Hashable, int] = {}
    out: list[InputIssue] = []
    for item in items:
        k = key(item)
        if k in first:
            out.append(_issue(sheet, row(item), column,
                              f"duplicate {what} (first in row {first[k]})",
                              shown(item), f"each {what} once"))
        else:
            first[k] = row(item)
    return out


def _duplicates(p: Problem) -> list[InputIssue]:
    return [
        *_dupes(p.programmes, lambda x: x.programme_id, lambda x: x.row, "Programmes",
                "programme_id", "programme_id", lambda x: x.programme_id),
        *_dupes(p.participants, lambda x: x.participant_id, lambda x: x.row, "Participants",
                "participant_id", "participant_id", lambda x: x.participant_id),
        *_dupes(p.companies, lambda x: x.company_id, lambda x: x.row, "Companies",
                "company_id", "company_id", lambda x: x.company_id),
        *_dupes(p.supervisors, lambda x: x.supervisor_id, lambda x: x.row, "Supervisors",
                "supervisor_id", "supervisor_id", lambda x: x.supervisor_id),
        *_dupes(p.places, lambda x: (x.company_id, x.trade), lambda x: x.row, "Places",
                "occupation", "company × occupation", lambda x: f"{x.company_id} × {x.occupation}"),
        *_dupes(p.trials, lambda x: (x.participant_id, x.company_id), lambda x: x.row, "Trials",
                "company_id", "participant × company pair",
                lambda x: f"{x.participant_id} × {x.company_id}"),
        *_dupes(p.preferences, lambda x: (x.participant_id, x.company_id), lambda x: x.row,
                "Preferences", "company_id", "participant × company pair",
                lambda x: f"{x.participant_id} × {x.company_id}"),
        *_dupes(p.travel, lambda x: (x.from_area, x.to_area), lambda x: x.row, "Travel",
                "to_area", "area pair", lambda x: f"{x.from_area} → {x.to_area}"),
        *_dupes(p.shifts, lambda x: x.code, lambda x: x.row, "Shifts", "code", "shift code",
                lambda x: x.code),
    ]


def _references(p: Problem, seen: Mapping[str, set[str] | None]) -> list[InputIssue]:
    """Every id that names a row of another sheet must name one that exists. References into
    a sheet that is missing or unreadable are not checked: that sheet's issue says it all."""
    progs, comps = seen["Programmes"], seen["Companies"]
    sups, rotas, parts = seen["Supervisors"], seen["Rotas"], seen["Participants"]
    out: list[InputIssue] = []

    def ref(sheet: str, row: int, column: str, value: str | None, known: set[str] | None,
            target: str, severity: str = "error") -> None:
        if value is not None and known is not None and value not in known:
            out.append(_issue(sheet, row, column, f"unknown {target}", value,
                              f"an id from the {_SHEET_OF[target]} sheet", severity))

    for ph in p.phases:
        ref("Phases", ph.row, "programme_id", ph.programme_id, progs, "programme")
    for pa in p.participants:
        for prog in pa.programmes:
            ref("Participants", pa.row, "programmes", prog, progs, "programme")
        ref("Participants", pa.row, "locked_company", pa.locked_company, comps, "company")
        ref("Participants", pa.row, "locked_supervisor", pa.locked_supervisor, sups,
            "supervisor")
        ref("Participants", pa.row, "current_company", pa.current_company, comps, "company",
            "warning")
    for pl in p.places:
        ref("Places", pl.row, "company_id", pl.company_id, comps, "company")
    for s in p.supervisors:
        ref("Supervisors", s.row, "company_id", s.company_id, comps, "company")
        ref("Supervisors", s.row, "rota_id", s.rota_id, rotas, "rota")
    for sheet, pairs in (("Trials", p.trials), ("Preferences", p.preferences)):
        for pair in pairs:
            ref(sheet, pair.row, "participant_id", pair.participant_id, parts, "participant")
            ref(sheet, pair.row, "company_id", pair.company_id, comps, "company")
    return out


_SHEET_OF = {"programme": "Programmes", "company": "Companies", "supervisor": "Supervisors",
             "rota": "Rotas", "participant": "Participants"}


def _programmes(p: Problem) -> list[InputIssue]:
    out: list[InputIssue] = []
    has_base = {ph.programme_id for ph in p.phases if ph.scenario is None}
    for prog in p.programmes:
        sheet, row = "Programmes", prog.row
        if prog.start_date.weekday() != 0:
            out.append(_issue(sheet, row, "start_date",
                              f"the start date is a {_WEEKDAY_NAMES[prog.start_date.weekday()]}",
                              prog.start_date.isoformat(), "a Monday"))
        fixed, choose = prog.school_days is not None, prog.school_days_to_choose is not None
        if fixed == choose:
            out.append(_issue(sheet, row, "school_days",
                              "give exactly one of school_days and school_days_to_choose"
                              + (" (both are filled in)" if fixed else " (both are blank)"),
                              expected="fixed school days, or a number of days to choose"))
        if prog.max_class_size is not None and prog.min_class_size > prog.max_class_size:
            out.append(_issue(sheet, row, "min_class_size",
                              "min_class_size is larger than max_class_size",
                              prog.min_class_size, f"at most {prog.max_class_size}"))
        if prog.programme_id not in has_base:
            out.append(_issue(sheet, row, "programme_id",
                              "the programme has no phase in the base plan (Phases rows "
                              "without a scenario)", prog.programme_id,
                              "at least one Phases row without a scenario"))
    return out


def _phases(p: Problem) -> list[InputIssue]:
    out: list[InputIssue] = []
    groups: dict[tuple[str, str | None], list[Phase]] = {}
    for ph in p.phases:
        if ph.from_week > ph.to_week:
            out.append(_issue("Phases", ph.row, "to_week", "to_week is before from_week",
                              ph.to_week, f"at least {ph.from_week}"))
        else:
            groups.setdefault((ph.programme_id, ph.scenario), []).append(ph)
        if ph.supervisor_days > ph.company_days:
            out.append(_issue("Phases", ph.row, "min_days_with_supervisor",
                              "more days with the supervisor than company days",
                              ph.min_days_with_supervisor, f"0 to {ph.company_days}"))
        out += _phase_school_days(ph)
        out += _phase_fits(p, ph)
    for (_, scenario), phases in groups.items():
        phases.sort(key=lambda x: x.from_week)
        for before, after in itertools.pairwise(phases):
            if after.from_week <= before.to_week:
                plan = f"scenario {scenario}" if scenario else "the base plan"
                out.append(_issue("Phases", after.row, "from_week",
                                  f"the phase overlaps the phase in row {before.row} "
                                  f"(weeks {before.from_week}-{before.to_week}) in {plan}",
                                  after.from_week, f"after week {before.to_week}"))
    return out + _option_counts(p)


def _phase_school_days(ph: Phase) -> list[InputIssue]:
    """A phase's own school days: at most one of the two columns, and only at school."""
    if ph.school_days is not None and ph.school_days_to_choose is not None:
        return [_issue("Phases", ph.row, "school_days",
                       "give at most one of school_days and school_days_to_choose",
                       expected="fixed school days, or a number of days to choose")]
    if ph.own_school_days and not ph.at_school:
        column = "school_days" if ph.school_days is not None else "school_days_to_choose"
        return [_issue("Phases", ph.row, column,
                       "school days are given for a phase that is not at school "
                       "(at_school is no)", expected="blank, or at_school yes")]
    return []


def _option_counts(p: Problem) -> list[InputIssue]:
    """The tool tries every combination of the school days it chooses (the class's and each
    phase's own): at most MAX_SCHOOL_OPTIONS per programme."""
    out: list[InputIssue] = []
    for prog in p.programmes:
        if prog.programme_id not in p.base_phases or \
                (prog.school_days is None) == (prog.school_days_to_choose is None):
            continue  # reported as a Programmes issue
        own = [ph for ph in p.base_phases[prog.programme_id] if ph.own_school_days]
        if any(ph.school_days is not None and ph.school_days_to_choose is not None
               for ph in own):
            continue  # reported per phase
        n = len(p.school_day_options(prog))
        if n > MAX_SCHOOL_OPTIONS:
            row = next((ph.row for ph in own if ph.school_days_to_choose), prog.row)
            out.append(_issue("Phases", row, "school_days_to_choose",
                              f"programme {prog.programme_id}'s school days to choose combine "
                              f"into {n} possible plans, more than the {MAX_SCHOOL_OPTIONS} "
                              "the tool can weigh; give fixed school_days in some phases",
                              expected=f"at most {MAX_SCHOOL_OPTIONS} combinations"))
    return out


def _phase_fits(p: Problem, ph: Phase) -> list[InputIssue]:
    """A week holds 7 days: the company days must fit beside the class's school days."""
    prog = p.programmes_by_id.get(ph.programme_id)
    if prog is None or not ph.at_school:
        return []
    whose = "phase's"
    if ph.school_days is not None:
        school = len(ph.school_days)
    elif ph.school_days_to_choose is not None:
        school = ph.school_days_to_choose
    elif prog.school_days is not None:
        school, whose = len(prog.school_days), "programme's"
    else:
        school, whose = prog.school_days_to_choose or 0, "programme's"
    if ph.company_days > 7 - school:
        return [_issue("Phases", ph.row, "company_days",
                       f"{ph.company_days} company days do not fit beside the {whose} "
                       f"{school} school days in a week", ph.company_days,
                       f"at most {7 - school}")]
    return []


def _participants(p: Problem, has_shifts: bool) -> list[InputIssue]:
    out: list[InputIssue] = []
    listed = set(p.shifts_by_code)
    for pa in p.participants:
        if pa.away_to is not None and pa.away_from is None:
            out.append(_issue("Participants", pa.row, "away_from",
                              "away_to is given without away_from", pa.away_to.isoformat(),
                              "the first date of the leave in away_from"))
        elif pa.away_to is not None and pa.away_from is not None and \
                pa.away_to < pa.away_from:
            out.append(_issue("Participants", pa.row, "away_to", "away_to is before away_from",
                              pa.away_to.isoformat(), f"{pa.away_from.isoformat()} or later"))
        unknown = sorted((pa.allowed_shifts or frozenset()) - listed)
        if has_shifts and unknown:
            out.append(_issue("Participants", pa.row, "allowed_shifts",
                              "shift codes the Shifts sheet does not list", ",".join(unknown),
                              "codes from the Shifts sheet"))
        sup = p.supervisors_by_id.get(pa.locked_supervisor or "")
        if sup is not None and pa.locked_company is not None and \
                sup.company_id != pa.locked_company:
            out.append(_issue("Participants", pa.row, "locked_supervisor",
                              f"the locked supervisor works at company {sup.company_id}, not at "
                              f"the locked company {pa.locked_company}", pa.locked_supervisor,
                              f"a supervisor at company {pa.locked_company}"))
    return out


def _supervisors(p: Problem) -> list[InputIssue]:
    out: list[InputIssue] = []
    for s in p.supervisors:
        rota = p.rotas_by_id.get(s.rota_id)
        if rota is not None and not 1 <= s.rota_start_week <= rota.length:
            out.append(_issue("Supervisors", s.row, "rota_start_week",
                              f"rota {s.rota_id} has {rota.length} week(s)", s.rota_start_week,
                              f"1 to {rota.length}"))
        if s.company_id in p.companies_by_id and (s.company_id, s.trade) not in p.places_by_key:
            closest = closest_trade(s.occupation, (pl.occupation for pl in p.places
                                                   if pl.company_id == s.company_id))
            hint = f"; did you mean {closest!r}?" if closest else ""
            out.append(_issue("Supervisors", s.row, "occupation",
                              f"company {s.company_id} has no Places row for this occupation, "
                              f"so the supervisor can take no trainees{hint}", s.occupation,
                              "a Places row for the company and occupation",
                              severity="warning"))
    return out


def _shifts(p: Problem) -> list[InputIssue]:
    out: list[InputIssue] = []
    for shift in p.shifts:
        if (shift.start is None) != (shift.end is None):
            column = "end" if shift.end is None else "start"
            out.append(_issue("Shifts", shift.row, column, f"{column} is blank",
                              expected="both start and end, or neither", severity="warning"))
    return out


def _holidays(p: Problem) -> list[InputIssue]:
    return [_issue("Holidays", h.row, "to_date", "to_date is before from_date",
                   h.to_date.isoformat(), f"{h.from_date.isoformat()} or later")
            for h in p.holidays if h.to_date is not None and h.to_date < h.from_date]


def _trials(p: Problem) -> list[InputIssue]:
    out: list[InputIssue] = []
    excluded = {k for k, pref in p.preference.items() if pref.excluded}
    for t in p.trials:
        if t.outcome == "approved" and (t.participant_id, t.company_id) in excluded:
            out.append(_issue("Trials", t.row, "outcome",
                              "an approved trial for a pair Preferences excludes; the "
                              "exclusion wins", t.outcome, severity="warning"))
    return out


def _settings(p: Problem, setting_rows: Mapping[str, int]) -> list[InputIssue]:
    out: list[InputIssue] = []
    for key in ("rota_anchor_date", "plan_from"):
        day = getattr(p.settings, key)
        if day is not None and day.weekday() != 0:
            out.append(_issue("Settings", setting_rows.get(key, 0), "value",
                              f"{key} is a {_WEEKDAY_NAMES[day.weekday()]}",
                              day.isoformat(), "a Monday"))
    return out


def _trial_windows(p: Problem) -> list[InputIssue]:
    """TrialWindows (used by ``matcher trials``): unique ids, Monday starts, supervisor days
    within the trial days, and trades some programme trains."""
    out = _dupes(p.trial_windows, lambda x: x.window_id, lambda x: x.row, "TrialWindows",
                 "window_id", "window_id", lambda x: x.window_id)
    trades = {prog.trade for prog in p.programmes}
    for w in p.trial_windows:
        if w.start_date.weekday() != 0:
            out.append(_issue("TrialWindows", w.row, "start_date",
                              f"the start date is a {_WEEKDAY_NAMES[w.start_date.weekday()]}",
                              w.start_date.isoformat(), "a Monday"))
        if w.supervisor_days > w.days_per_week:
            out.append(_issue("TrialWindows", w.row, "min_days_with_supervisor",
                              "more days with the supervisor than trial days",
                              w.min_days_with_supervisor, f"0 to {w.days_per_week}"))
        unknown = sorted((w.occupations or frozenset()) - trades)
        if unknown:
            out.append(_issue("TrialWindows", w.row, "occupations",
                              "no programme trains this trade, so the window has no candidates "
                              "for it", ", ".join(unknown), "an occupation from Programmes",
                              severity="warning"))
    return out


def _empty(seen: Mapping[str, set[str] | None]) -> list[InputIssue]:
    """A round with no participants has nothing to match (the sheet has only its header)."""
    if seen.get("Participants") == set():
        return [_issue("Participants", 0, "", "the sheet has no participants", None,
                       "one row per participant below the header")]
    return []


def closest_trade(trade: str, offered: Iterable[str]) -> str | None:
    """The offered trade spelt most like ``trade`` (a nynorsk form, a typo), if any is close:
    ``Helsefagarbeidar`` → ``Helsefagarbeider``."""
    names = {trade_key(t): t for t in offered}
    found = difflib.get_close_matches(trade_key(trade), list(names), n=1, cutoff=0.75)
    return names[found[0]] if found else None


def _trades(p: Problem) -> list[InputIssue]:
    """Trades that cannot meet: a programme's trade that no Places row offers (with the
    closest offered trade, since a spelling difference is the usual cause), and a Places row
    with no supervisor at the company for its trade."""
    offered = {pl.trade: pl.occupation for pl in p.places}
    out: list[InputIssue] = []
    for prog in p.programmes:
        if prog.trade not in offered:
            out.append(_trade_issue("Programmes", prog.row, prog.occupation, offered.values(),
                                    "no company offers this trade in Places, so nobody can "
                                    "be placed in the programme"))
    trained = {(s.company_id, s.trade) for s in p.supervisors}
    for pl in p.places:
        if pl.places > 0 and (pl.company_id, pl.trade) not in trained:
            out.append(_issue("Places", pl.row, "occupation",
                              f"company {pl.company_id} has no supervisor for this trade, so "
                              "these places cannot be used", pl.occupation,
                              "a Supervisors row for the company and trade", "warning"))
    return out


def _trade_issue(sheet: str, row: int, occupation: str, offered: Iterable[str],
                 message: str) -> InputIssue:
    closest = closest_trade(occupation, offered)
    if closest is not None:
        message += f"; did you mean {closest!r}?"
    return _issue(sheet, row, "occupation", message, occupation,
                  "a trade named as in Places", "warning")
