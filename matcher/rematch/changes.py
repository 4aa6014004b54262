"""What happened to each participant between the previous result and the re-match.

SPEC.md: ``kept`` (same programme, company and supervisor), ``new supervisor`` (same programme
and company), ``moved`` (another company or programme), ``dropped`` (now unplaced), ``left``
(absent from the input); a participant placed now but not before is ``new``. One function
decides it for a placement (:func:`change_of`), so the solver's costs, the Changes sheet and the
Summary counts cannot disagree.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Mapping
from dataclasses import dataclass

from matcher.problem import Problem
from matcher.rematch.previous import Before, Previous
from matcher.result import Placement, Solution
from matcher.rules import ChangeKind


def change_of(before: Before | None, programme_id: str | None, company_id: str | None,
              supervisor_id: str | None) -> ChangeKind | None:
    """The change of one participant present in the input: placed now at the given place
    (``None``s: unplaced), and before at ``before`` (``None``: not in the previous result).
    A participant neither placed before nor now has no change (``None``)."""
    if before is None:
        return ChangeKind.NEW if programme_id is not None else None
    if programme_id is None:
        return ChangeKind.DROPPED
    if programme_id != before.programme_id or company_id != before.company_id:
        return ChangeKind.MOVED
    return ChangeKind.KEPT if supervisor_id == before.supervisor_id else \
        ChangeKind.NEW_SUPERVISOR


@dataclass(frozen=True)
class Change:
    """One row of the Changes sheet (reason filled in by :mod:`matcher.rematch.reasons`)."""

    participant_id: str
    change: ChangeKind
    before: Before | None
    after: Placement | None
    reason: str = ""
    room_for: str | None = None  # the participant whose room this change made, by id


def classify(problem: Problem, previous: Previous, solution: Solution) -> list[Change]:
    """A change per participant of the previous result and per participant placed now:
    the previous result's order first (``left`` included), then the newcomers in input order."""
    now = solution.by_participant
    present = problem.participants_by_id
    out: list[Change] = []
    for pid, before in previous.placements.items():
        if pid not in present:
            out.append(Change(pid, ChangeKind.LEFT, before, None))
            continue
        after = now.get(pid)
        out.append(Change(pid, _of(before, after), before, after))
    for p in problem.participants:
        after = now.get(p.participant_id)
        if after is not None and p.participant_id not in previous.placements:
            out.append(Change(p.participant_id, ChangeKind.NEW, None, after))
    return out


def _of(before: Before, after: Placement | None) -> ChangeKind:
    """The change of a participant placed before (so never ``None``)."""
    found = change_of(before, None, None, None) if after is None else \
        change_of(before, after.programme_id, after.company_id, after.supervisor_id)
    assert found is not None
    return found


def counts(changes: list[Change]) -> Mapping[str, int]:
    """Summary key (``new supervisor`` → ``new_supervisor``) → how many participants."""
    found = Counter(c.change for c in changes)
    return {name.replace(" ", "_"): found[name] for name in ChangeKind}
