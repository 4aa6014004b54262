"""The capacity report as console text: fixed-width tables a person reads in a terminal."""

from __future__ import annotations

from collections.abc import Sequence

from matcher.capacity.analysis import NO_OFFICE
from matcher.capacity.model import CapacityReport
from matcher.i18n import Messages, messages

#: Bottleneck lines printed before "… N more in the workbook".
MAX_LINES = 15


def table(headers: Sequence[str], rows: Sequence[Sequence[object]]) -> str:
    """A plain text table: text left-aligned, numbers right-aligned."""
    cells = [[str(h) for h in headers]] + [["" if v is None else str(v) for v in r] for r in rows]
    widths = [max(len(row[c]) for row in cells) for c in range(len(headers))]
    numeric = [all(isinstance(r[c], int | float) for r in rows) and bool(rows)
               for c in range(len(headers))]
    lines = []
    for k, row in enumerate(cells):
        parts = [v.rjust(w) if numeric[c] else v.ljust(w)
                 for c, (v, w) in enumerate(zip(row, widths, strict=True))]
        lines.append("  ".join(parts).rstrip())
        if k == 0:
            lines.append("  ".join("-" * w for w in widths))
    return "\n".join(lines)


def render(report: CapacityReport, t: Messages | None = None) -> str:
    """Occupations, training offices and the first bottlenecks, in ``t``'s language."""
    t = t or messages("en")
    out = [t("{participants} participants, {places} places; at most {most_placeable} can be "
             "placed in all.", participants=report.participants, places=report.places,
             most_placeable=report.most_placeable), "",
           table([t(h) for h in ("occupation", "places", "candidates", "eligible",
                                 "most placeable", "shortfall", "unused places")],
                 [(r.occupation, r.places, r.candidates, r.eligible_candidates,
                   r.most_placeable, r.shortfall, r.unused_places) for r in report.occupations]),
           "",
           table([t(h) for h in ("training office", "companies", "places", "eligible",
                                 "most placeable", "shortfall", "unused places")],
                 [(t(NO_OFFICE) if r.training_office == NO_OFFICE else r.training_office,
                   r.companies, r.places, r.eligible_candidates,
                   r.most_placeable, r.shortfall, r.unused_places) for r in report.offices])]
    if report.bottlenecks:
        out += ["", t("Bottlenecks:")]
        out += [f"  - {b.message.render(t.language)}" for b in report.bottlenecks[:MAX_LINES]]
        if len(report.bottlenecks) > MAX_LINES:
            out.append("  " + t("… {n} more in the Bottlenecks sheet",
                                n=len(report.bottlenecks) - MAX_LINES))
    return "\n".join(out)
