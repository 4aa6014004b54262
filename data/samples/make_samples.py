"""Regenerate the sample rounds in this folder.

Run from the repository root::

    .venv/bin/python data/samples/make_samples.py

It writes one small readable round per real programme (``gloppen.xlsx``, ``oslo.xlsx``,
``menn-i-helse.xlsx``, ``heffi.xlsx``, ``odda.xlsx``, ``mfy.xlsx``) and ``county.xlsx``, a mixed
county round of 300 participants planned over the whole course, and ``README.md``, which says
for each sample which parts of the source report it follows (quoting it). The same seeds always
give the same rounds.
"""

from __future__ import annotations

from pathlib import Path

from matcher.inputbook import write_problem
from matcher.samples import generate
from matcher.samples.catalogue import TEMPLATES

HERE = Path(__file__).resolve().parent

#: file stem → (profile, participants, seed)
SAMPLES: dict[str, tuple[str, int, int]] = {
    "gloppen": ("gloppen", 30, 1),
    "oslo": ("oslo", 36, 2),
    "menn-i-helse": ("menn-i-helse", 20, 3),
    "heffi": ("heffi", 24, 4),
    "odda": ("odda", 24, 5),
    "mfy": ("mfy", 30, 6),
    "county": ("county", 300, 7),
}


README_HEAD = """# Sample rounds

Synthetic rounds (invented names and companies; real municipalities, trades and patterns),
modelled on the programmes of the source report *Kunnskapsoppsummering* (Norwegian; quoted
below). Regenerate them with `.venv/bin/python data/samples/make_samples.py`: the definitions
live in code (`matcher/samples/catalogue.py`), so the workbooks are never edited by hand.

Every sample has a Shifts sheet (D, E, N with their hours), the school holidays as Holidays rows
closed for school (autumn, Christmas, winter), Norway's public holidays closed for all (the
default), and a few companies that are not approved training companies. The Rotas sheets
write days off as workplaces do: care rotas `F1` (the weekly rest day) and `FRI`, kitchens
`FRI`, the process industry's shift plan `X`, two-shift plans `0`, offices a blank; the tool
reads each of these as a day off.

"""


def readme() -> str:
    """One section per sample: what it follows in the report, with the report's words."""
    parts = [README_HEAD]
    for stem, (profile, participants, seed) in SAMPLES.items():
        if profile in TEMPLATES:
            t = TEMPLATES[profile]
            parts.append(f"- **{stem}.xlsx** ({t.name}, {participants} participants, seed {seed}): "
                         f"{t.notes}. Report: {t.source}.\n")
        else:
            parts.append(f"- **{stem}.xlsx** ({participants} participants, seed {seed}): a "
                         "county mixing every programme above, planned over the whole course "
                         "(four years), with a Phases scenario for `matcher compare`.\n")
    return "".join(parts)


def main() -> None:
    """Write every sample round, and the README, beside this script."""
    for stem, (profile, participants, seed) in SAMPLES.items():
        problem = generate(participants=participants, seed=seed, profile=profile)
        write_problem(problem, HERE / f"{stem}.xlsx")
        print(f"{stem}.xlsx: {len(problem.participants)} participants, "
              f"{len(problem.companies)} companies")
    (HERE / "README.md").write_text(readme(), encoding="utf-8")


if __name__ == "__main__":
    main()
