"""Regenerate the sample rounds in this folder.

Run from the repository root::

    .venv/bin/python data/samples/make_samples.py

It writes one small readable round per real programme (``gloppen.xlsx``, ``oslo.xlsx``,
``menn-i-helse.xlsx``, ``heffi.xlsx``, ``odda.xlsx``, ``mfy.xlsx``) and ``county.xlsx``, a mixed
county round of 300 participants. The same seeds always give the same rounds.
"""

from __future__ import annotations

from pathlib import Path

from matcher.inputbook import write_problem
from matcher.samples import generate

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


def main() -> None:
    """Write every sample round beside this script."""
    for stem, (profile, participants, seed) in SAMPLES.items():
        problem = generate(participants=participants, seed=seed, profile=profile)
        write_problem(problem, HERE / f"{stem}.xlsx")
        print(f"{stem}.xlsx: {len(problem.participants)} participants, "
              f"{len(problem.companies)} companies")


if __name__ == "__main__":
    main()
