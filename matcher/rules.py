"""The registry of named rules: hard rules, goals, reason codes and result statuses.

Each kind is a string enum. A member is its short code (``HardRule.LOCKED == "locked"``), so
the workbooks, JSON and the message catalogue carry the bare code, while the code names the
member; ``.text`` is the readable English sentence. The independent checkers report
:class:`HardRule` and :class:`TrialRule` violations, the quality score and the Settings weights
are keyed by :class:`Goal`, the explanations give a :class:`Reason` (a trial plan a
:class:`TrialReason`), a re-match names each participant's :class:`ChangeKind`, a capacity analysis
each :class:`BottleneckKind`, and a result has a :class:`Status`: the same names everywhere, so a
violation, a binding limit and an Unplaced reason read the same.

Hard rules follow SPEC.md "Rules of a valid result", goals "What the result optimises".
"""

from __future__ import annotations

from enum import StrEnum
from typing import Final


class _Coded(StrEnum):
    """A code with a readable English sentence (``.text``)."""

    text: str

    def __new__(cls, code: str, text: str = "") -> _Coded:
        member = str.__new__(cls, code)
        member._value_ = code
        member.text = text
        return member


class HardRule(_Coded):
    """The hard rules a written result keeps, in SPEC.md's order."""

    ONE_PLACEMENT = "one_placement", "a participant is placed at most once"
    PROGRAMME_CHOICE = "programme_choice", "the programme is one of the participant's"
    SUPERVISOR_COMPANY = "supervisor_company", "the supervisor works at the company"
    SUPERVISOR_TRADE = "supervisor_trade", "the supervisor trains the programme's occupation"
    SUPERVISOR_CAPACITY = (
        "supervisor_capacity", "the supervisor has no more trainees than max_trainees")
    COMPANY_PLACES = (
        "company_places",
        "the company has no more placed participants per occupation than places")
    FOLLOW_UP_CAP = (
        "follow_up_cap",
        "the company has no more high follow-up participants than max_high_follow_up")
    LANGUAGE_LEVEL = (
        "language_level",
        "the participant's Norwegian level meets the company's and programme's minimum")
    TRAVEL_LIMIT = (
        "travel_limit", "travel is within the participant's limit where the time is known")
    REJECTED_TRIAL = "rejected_trial", "no placement where a trial was rejected"
    EXCLUDED_PAIR = "excluded_pair", "no placement of an excluded pair"
    LOCKED = "locked", "a locked participant is placed at the locked company and supervisor"
    CLASS_SIZE = "class_size", "class size is 0 or within [min, max]"
    RIGHTS_MINIMUM = "rights_minimum", "rights minimums hold when the class runs"
    SCHOOL_DAYS = (
        "school_days",
        "one set of school days per programme, fixed or N chosen among Mon–Fri (and per "
        "programme and phase where the phase has its own)")
    APPRENTICESHIP_COMPANY = (
        "apprenticeship_company",
        "a programme with an apprenticeship week places only at approved training companies")
    TIMETABLE_SCHOOL = (
        "timetable_school", "school on each school day of an at-school week, nothing else")
    TIMETABLE_COMPANY_DAYS = (
        "timetable_company_days",
        "company_days company days on allowed days each week (fewer by the dates closed for "
        "all)")
    TIMETABLE_SUPERVISOR = (
        "timetable_supervisor",
        "enough company days on the supervisor's shifts the participant may work")
    TIMETABLE_ONE_ACTIVITY = "timetable_one_activity", "at most one activity per date"
    TIMETABLE_PLANNED_WEEKS = (
        "timetable_planned_weeks", "no activity outside the planned weeks")


class TrialRule(_Coded):
    """The rules a trial plan keeps (SPEC.md "Planning trial placements")."""

    TRIAL_KNOWN = (
        "trial_known", "the trial names a known participant, window, company and supervisor")
    TRIAL_TRADE = (
        "trial_trade",
        "the supervisor works at the company and trains a trade of one of the participant's "
        "programmes that allows trials, at a level the participant meets, and the window is "
        "for that trade")
    TRIAL_PAIR = (
        "trial_pair",
        "company level, travel, no Trials row, no exclusion, locks and approved training "
        "companies hold")
    TRIAL_LIMITS = (
        "trial_limits", "trials per candidate, distinct companies, no overlapping windows")
    TRIAL_CAPACITY = (
        "trial_capacity",
        "per window: trial places per company and trade, supervisors' max_trainees")
    TRIAL_DAYS = (
        "trial_days",
        "trial days per week, on open days, with enough on the supervisor's shifts")


class Goal(_Coded):
    """The goals, in strict order: placed, then priority, then the weighted match quality
    (the members from APPROVED_TRIAL on; their codes are the Settings ``weight_<code>`` keys)."""

    PLACED = "placed", "as many participants placed as possible"
    PRIORITY = "priority", "higher priority first"
    APPROVED_TRIAL = "approved_trial", "placed where a trial was approved"
    FIRST_CHOICE_PROGRAMME = "first_choice_programme", "placed in the first-choice programme"
    PARTICIPANT_RANK = "participant_rank", "the participant's rank of the company"
    COMPANY_RANK = "company_rank", "the company's rank of the participant"
    KEEP_CURRENT_COMPANY = "keep_current_company", "kept at the current company"
    MINORITY_EXPERIENCE = (
        "minority_experience", "A1–A2 participants at companies used to minority-language adults")
    PREFERRED_LEVEL = (
        "preferred_level",
        "participants at or above the programme's preferred Norwegian level")
    TRAVEL = "travel", "less travel"
    SUPERVISOR_SHARE = "supervisor_share", "more company days with the supervisor"


#: The weighted goals that make up match quality (goal 3), in the order of the README's table.
QUALITY_GOALS: Final[tuple[Goal, ...]] = tuple(Goal)[2:]


class Reason(_Coded):
    """Why a participant was not placed, in the order the explanations try them: first the pair
    rules and the calendar (nothing in reach), then what happened in the round (a class that
    did not run, the school days chosen, a full class, places that went elsewhere). The texts
    are the message catalogue's ids."""

    NO_PROGRAMME = "no_programme", "none of the participant's programmes exists"
    PROGRAMME_LEVEL = "programme_level", "below every programme's Norwegian minimum"
    NO_PLACES = "no_places", "no company offers places in the trade"
    NO_SUPERVISOR = (
        "no_supervisor", "the companies in reach with places have no supervisor for the trade")
    NOT_APPROVED = (
        "not_approved",
        "the companies with places are not approved training companies, and the programme has "
        "an apprenticeship year")
    COMPANY_LEVEL = "company_level", "no company with places accepts the participant's level"
    TRAVEL = "travel", "no company with places is within the travel limit"
    EXCLUDED = "excluded", "the companies in reach are excluded or rejected the trial"
    LOCKED = "locked", "the locked company or supervisor does not fit"
    FOLLOW_UP = (
        "follow_up", "the companies in reach take no participants with high follow-up needs")
    UNAVAILABLE_DAYS = (
        "unavailable_days", "the participant's own unavailable days leave too few company days")
    ALLOWED_SHIFTS = (
        "allowed_shifts", "the participant's allowed shifts leave too few days with a supervisor")
    ROTA = "rota", "no supervisor's rota fits the alternation pattern"
    CLASS_RIGHTS = (
        "class_rights",
        "the class did not run: too few candidates with (or without) adult rights")
    CLASS_NOT_RUN = "class_not_run", "the class did not get enough participants to run"
    SCHOOL_DAYS = (
        "school_days", "the school days chosen for the class leave no company days that fit")
    CLASS_FULL = "class_full", "the class is full"
    CAPACITY = "capacity", "the places in reach went to other candidates"


class TrialReason(_Coded):
    """Why a participant has no trial placement, in the order the trial rules are applied
    (:data:`matcher.trials.eligible.STAGES`), then the limits that took the options left."""

    NO_TRIAL_PROGRAMME = (
        "no_trial_programme", "none of the participant's programmes allows trials")
    PROGRAMME_LEVEL = (
        "programme_level", "below the Norwegian minimum of every programme that allows trials")
    WINDOW = "window", "no trial window is for the participant's trades"
    TRIAL_PLACES = (
        "trial_places", "no company offers trial places with a supervisor in the trades")
    COMPANY_LEVEL = (
        "company_level", "no company with trial places accepts the participant's level")
    TRAVEL = "travel", "no company with trial places is within the travel limit"
    EARLIER_TRIAL = (
        "earlier_trial",
        "the companies in reach had a trial with the participant already, or are excluded")
    LOCKED = "locked", "the locked company has no trial place in the trades"
    APPROVED_COMPANY = (
        "approved_company",
        "no approved training company in reach (the programme has apprenticeship weeks)")
    CALENDAR = "calendar", "no supervisor's rota fits the trial days in any window"
    TRIAL_PLACES_TAKEN = (
        "trial_places_taken", "the trial places in reach went to other candidates")
    SUPERVISORS_TAKEN = (
        "supervisors_taken", "the supervisors in reach had their max_trainees already")
    TRIALS_LIMIT = (
        "trials_limit",
        "the windows and companies in reach were used by the participant's other trials")


class ChangeKind(_Coded):
    """What a re-match did to a participant (SPEC.md "Re-matching a running course"), in the
    order the Summary counts them."""

    KEPT = "kept", "same programme, company and supervisor"
    NEW_SUPERVISOR = "new supervisor", "same programme and company, another supervisor"
    MOVED = "moved", "another company or programme"
    DROPPED = "dropped", "placed before, unplaced now"
    LEFT = "left", "absent from the input"
    NEW = "new", "placed now, not before"


class BottleneckKind(_Coded):
    """The kinds of finding of a capacity analysis."""

    CANDIDATE_GROUP = (
        "candidate_group", "candidates who together reach fewer places than people")
    NO_REACH = "no_reach", "candidates who reach no place at all"
    UNUSED_PLACES = "unused_places", "places no candidate can use"
    NOT_APPROVED = (
        "not_approved",
        "places at a company that is not an approved training company, for a trade with a "
        "programme that has an apprenticeship year")
    IDLE_SUPERVISOR = (
        "idle_supervisor",
        "a supervisor whose rota fails a phase of every programme of the trade")


class Status(_Coded):
    """How good a result is known to be."""

    OPTIMAL = "OPTIMAL", "goals 1–2 (placed, then priority) are proven best"
    FEASIBLE = "FEASIBLE", "a valid result; the search stopped before proving it best"
    INFEASIBLE = "INFEASIBLE", "the hard rules cannot all hold (locks or class rules conflict)"

