"""Time ``read_problem`` on a 20,000-participant round (SPEC target: at most 10 s).

Builds the workbook directly with openpyxl's write-only mode (realistic columns: ~400
companies, ~1,500 supervisors, a few rotas, programmes and phases), then reads it three times
and prints the median. Run: ``.venv/bin/python benchmarks/read_benchmark.py [participants]``.
"""

from __future__ import annotations

import datetime as dt
import random
import statistics
import sys
import tempfile
import time
from pathlib import Path

import openpyxl
from openpyxl.cell import WriteOnlyCell
from openpyxl.worksheet._write_only import WriteOnlyWorksheet

from matcher.reader import read_problem, summarise

TRADES = ("Helsefagarbeider", "Barne- og ungdomsarbeider", "Kokk", "Tømrer", "Kjemiprosessoperatør")
AREAS = tuple(f"K{n:04d}" for n in range(1, 41))
START = dt.date(2025, 8, 18)


def _dated(sheet: WriteOnlyWorksheet, value: dt.date) -> WriteOnlyCell:
    cell = WriteOnlyCell(sheet, value=value)
    cell.number_format = "yyyy-mm-dd"
    return cell


def build(path: Path, participants: int, seed: int = 1) -> None:
    """Write a realistic round of ``participants`` rows to ``path``."""
    rnd = random.Random(seed)
    book = openpyxl.Workbook(write_only=True)
    programmes = [f"PR{n}" for n in range(12)]
    sheet = book.create_sheet("Programmes")
    sheet.append(["programme_id", "name", "occupation", "start_date", "school_days",
                  "school_days_to_choose", "min_norwegian_level", "min_class_size",
                  "max_class_size", "min_with_rights", "min_without_rights"])
    for n, pid in enumerate(programmes):
        fixed = n % 2 == 0
        sheet.append([pid, f"Kull {n}", TRADES[n % len(TRADES)], _dated(sheet, START),
                      "Mon,Tue" if fixed else None, None if fixed else 2, "A2", 5, 4000, 0, 0])
    sheet = book.create_sheet("Phases")
    sheet.append(["programme_id", "from_week", "to_week", "company_days", "at_school",
                  "min_days_with_supervisor", "label", "scenario"])
    for pid in programmes:
        sheet.append([pid, 1, 2, 5, "no", 2, "Prøvepraksis", None])
        sheet.append([pid, 3, 40, 2, "yes", 1, "Vg1", None])
        sheet.append([pid, 41, 52, 3, "yes", 1, "Vg2", None])
        sheet.append([pid, 3, 52, 3, "yes", 1, "Vg1", "tre dager"])
    companies = [f"C{n:04d}" for n in range(400)]
    sheet = book.create_sheet("Companies")
    sheet.append(["company_id", "name", "area", "training_office", "practice_days",
                  "min_norwegian_level", "max_high_follow_up", "minority_experience"])
    for cid in companies:
        sheet.append([cid, f"Bedrift {cid}", rnd.choice(AREAS), f"OK {rnd.randint(1, 9)}",
                      rnd.choice(["Mon-Fri", "Mon-Sun", "man-fre"]), rnd.choice(["A1", "A2"]),
                      rnd.choice([None, 2, 3]), rnd.choice(["yes", "no"])])
    sheet = book.create_sheet("Places")
    sheet.append(["company_id", "occupation", "places"])
    trades = {cid: rnd.sample(TRADES, 2) for cid in companies}
    for cid in companies:
        for trade in trades[cid]:
            sheet.append([cid, trade, rnd.randint(1, 12)])
    rotas = ["R-dag", "R-turnus3", "R-skift5", "R-helg"]
    sheet = book.create_sheet("Rotas")
    sheet.append(["rota_id", "week", "mon", "tue", "wed", "thu", "fri", "sat", "sun"])
    for rid, length in zip(rotas, (1, 3, 5, 2), strict=True):
        for week in range(1, length + 1):
            sheet.append([rid, week, *(rnd.choice(["D", "E", "N", None, "-"]) for _ in range(7))])
    supervisors = [f"S{n:05d}" for n in range(1500)]
    sheet = book.create_sheet("Supervisors")
    sheet.append(["supervisor_id", "company_id", "occupation", "max_trainees", "rota_id",
                  "rota_start_week", "name"])
    for sid in supervisors:
        cid = rnd.choice(companies)
        sheet.append([sid, cid, rnd.choice(trades[cid]), rnd.randint(1, 3),
                      rnd.choice(rotas), 1, f"Veileder {sid}"])
    sheet = book.create_sheet("Participants")
    sheet.append(["participant_id", "name", "programmes", "norwegian_level", "area",
                  "max_travel_minutes", "unavailable_days", "allowed_shifts", "priority",
                  "has_rights", "follow_up_need", "locked_company", "locked_supervisor",
                  "current_company"])
    for n in range(participants):
        sheet.append([100000 + n, f"Deltaker {n}", ",".join(rnd.sample(programmes, 2)),
                      rnd.choice(["A1", "A2", "B1", "B2"]), rnd.choice(AREAS),
                      rnd.choice([None, 45, 60, 90]), rnd.choice([None, "Sat,Sun", "fre"]),
                      rnd.choice([None, "D", "D,E"]), rnd.randint(1, 5),
                      rnd.choice(["ja", "nei", None]), rnd.choice(["low", "medium", "high"]),
                      None, None, rnd.choice([None, None, None, rnd.choice(companies)])])
    sheet = book.create_sheet("Preferences")
    sheet.append(["participant_id", "company_id", "participant_rank", "company_rank", "excluded"])
    for n in rnd.sample(range(participants), participants // 4):
        sheet.append([100000 + n, rnd.choice(companies), 1, rnd.randint(1, 5), "no"])
    sheet = book.create_sheet("Travel")
    sheet.append(["from_area", "to_area", "minutes"])
    for i, a in enumerate(AREAS):
        for b in AREAS[i + 1:]:
            sheet.append([a, b, rnd.randint(5, 120)])
    sheet = book.create_sheet("Settings")
    sheet.append(["key", "value"])
    sheet.append(["round_name", "Benchmark"])
    book.save(path)


def main() -> None:
    size = int(sys.argv[1]) if len(sys.argv) > 1 else 20_000
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "round.xlsx"
        build(path, size)
        times = []
        for _ in range(3):
            start = time.perf_counter()
            problem = read_problem(path)
            times.append(time.perf_counter() - start)
        print(summarise(problem) | {"places_per_occupation": "…", "planned_weeks": "…"})
        print(f"read_problem, {size} participants: median {statistics.median(times):.2f} s "
              f"(runs: {', '.join(f'{t:.2f}' for t in times)})")


if __name__ == "__main__":
    main()
