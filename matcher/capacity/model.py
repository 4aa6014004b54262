"""The capacity report's data: plain rows per occupation, training office and company, and the
bottlenecks in words. The analysis fills them; the workbook, console and JSON only print them.

The sentences (a bottleneck's ``message``, a company's ``note``) are phrases of the message
catalogue, worded when shown: in the output language in the workbook and on screen, in English
in ``--json``."""

from __future__ import annotations

from dataclasses import dataclass, field, fields
from typing import Any

from matcher.i18n import DEFAULT_LANGUAGE
from matcher.i18n.phrase import Phrase
from matcher.rules import BottleneckKind


@dataclass(frozen=True)
class OccupationRow:
    """Supply against demand for one trade. ``shortfall`` = candidates − most placeable."""

    occupation: str
    programmes: int
    places: int
    candidates: int  # participants who list a programme of the trade
    eligible_candidates: int  # of them, with at least one eligible place
    most_placeable: int  # exact max-flow bound over the trade's eligible pairs
    shortfall: int
    unused_places: int  # places − most placeable


@dataclass(frozen=True)
class OfficeRow:
    """Supply against the candidates who can reach one training office's companies."""

    training_office: str
    companies: int
    places: int
    eligible_candidates: int
    most_placeable: int
    shortfall: int  # eligible candidates − most placeable
    unused_places: int


@dataclass(frozen=True)
class CompanyRow:
    """One company × trade of Places."""

    company_id: str
    company_name: str
    training_office: str
    occupation: str
    places: int
    eligible_candidates: int
    most_placeable: int
    shortfall: int  # eligible candidates − most placeable
    unused_places: int
    note: Phrase | None  # why places stay unused; None when all can be filled


@dataclass(frozen=True)
class Bottleneck:
    """One finding, in the words a training office uses; ``kind`` says which kind of
    finding (:class:`~matcher.rules.BottleneckKind`)."""

    kind: BottleneckKind
    occupation: str
    people: int
    places: int
    message: Phrase
    training_office: str = ""
    company_id: str = ""
    supervisor_id: str = ""


@dataclass(frozen=True)
class CapacityReport:
    """Everything ``matcher capacity`` reports."""

    round_name: str
    participants: int
    places: int
    most_placeable: int
    occupations: tuple[OccupationRow, ...]
    offices: tuple[OfficeRow, ...]
    companies: tuple[CompanyRow, ...]
    bottlenecks: tuple[Bottleneck, ...]
    timings: dict[str, float] = field(default_factory=dict)

    def as_dict(self) -> dict[str, Any]:
        """The report as JSON-ready data (``--json`` prints it)."""
        return {
            "round": self.round_name, "participants": self.participants, "places": self.places,
            "most_placeable": self.most_placeable,
            "occupations": [_plain(r) for r in self.occupations],
            "training_offices": [_plain(r) for r in self.offices],
            "companies": [_plain(r) for r in self.companies],
            "bottlenecks": [_plain(b) for b in self.bottlenecks],
            "timings": {k: round(v, 3) for k, v in self.timings.items()},
        }


def _plain(row: OccupationRow | OfficeRow | CompanyRow | Bottleneck) -> dict[str, Any]:
    """A row as JSON-ready data, its sentences in English (an absent note as ``""``)."""
    out: dict[str, Any] = {}
    for f in fields(row):
        value = getattr(row, f.name)
        out[f.name] = (value.render(DEFAULT_LANGUAGE) if isinstance(value, Phrase)
                       else "" if value is None else value)
    return out
