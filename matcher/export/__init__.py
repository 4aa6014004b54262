"""``matcher export``: a result turned into what people receive.

One workbook per company (its trainees only) and one printable PDF timetable per participant,
in the output language, written into a folder. Only what each reader needs is in each file;
with ``pseudonymise`` no names at all.
"""

from __future__ import annotations

import os
import re
import shutil
import tempfile
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

from matcher.export.company import write_company_book
from matcher.export.pdf import write_timetable_pdf
from matcher.export.read import ResultBook, Trainee, read_result
from matcher.files import OutputPathError
from matcher.i18n import messages

__all__ = ["ExportOutcome", "export_result", "read_result"]

_UNSAFE = re.compile(r'[\\/:*?"<>|\x00-\x1f]+')


@dataclass(frozen=True)
class ExportOutcome:
    """The files written, by kind."""

    company_books: tuple[Path, ...]
    timetables: tuple[Path, ...]


def export_result(result_path: Path, folder: Path, *, language: str | None = None,
                  pseudonymise: bool = False, force: bool = False,
                  progress: Callable[[str], None] | None = None) -> ExportOutcome:
    """Write the company workbooks and participant timetables of ``result_path`` into
    ``folder`` (created if missing; its parent must exist). Existing files of the same names
    are replaced only with ``force``; nothing is written if any would be refused."""
    book = read_result(result_path)
    t = messages(language or book.language)
    plan = _plan(book, folder, t("timetable"))
    _check_folder(folder, [path for path, _ in plan.books + plan.pdfs], force)
    with _staged(folder) as staging:
        for path, trainees in plan.books:
            write_company_book(staging / path.name, trainees, t, pseudonymise)
        for path, trainee in plan.pdfs:
            write_timetable_pdf(staging / path.name, trainee[0], t, pseudonymise)
        for path, _ in plan.books + plan.pdfs:
            os.replace(staging / path.name, path)
    if progress is not None:
        progress(t("wrote {books} company workbooks and {pdfs} timetables to {folder}",
                   books=len(plan.books), pdfs=len(plan.pdfs), folder=folder))
    return ExportOutcome(tuple(p for p, _ in plan.books), tuple(p for p, _ in plan.pdfs))


@contextmanager
def _staged(folder: Path) -> Iterator[Path]:
    """A hidden folder inside ``folder`` to write every file into first: the files are moved
    into ``folder`` only once all are written, so a failure half-way leaves nothing behind
    (and no folder, when this export created it)."""
    created = not folder.exists()
    folder.mkdir(exist_ok=True)
    staging = Path(tempfile.mkdtemp(prefix=".matcher-export-", dir=folder))
    try:
        yield staging
    except BaseException:
        shutil.rmtree(staging, ignore_errors=True)
        if created:
            shutil.rmtree(folder, ignore_errors=True)
        raise
    shutil.rmtree(staging, ignore_errors=True)


@dataclass(frozen=True)
class _Plan:
    books: list[tuple[Path, list[Trainee]]]
    pdfs: list[tuple[Path, list[Trainee]]]


def _plan(book: ResultBook, folder: Path, timetable: str) -> _Plan:
    companies: dict[str, list[Trainee]] = {}
    for trainee in book.trainees:
        companies.setdefault(trainee.company_id, []).append(trainee)
    books = [(folder / _file_name(cid, people[0].company_name, ".xlsx"), people)
             for cid, people in companies.items()]
    pdfs = [(folder / _file_name(timetable, p.participant_id, ".pdf"), [p])
            for p in book.trainees]
    return _Plan(books, pdfs)


def _file_name(first: str, second: str, suffix: str) -> str:
    """A file name any system accepts: ``C01 Sandane sjukeheim.xlsx``."""
    stem = " ".join(part for part in (first, second) if part)
    stem = _UNSAFE.sub("_", stem).strip(". ") or "_"
    return stem[:120] + suffix


def _check_folder(folder: Path, paths: list[Path], force: bool) -> None:
    if not folder.parent.is_dir():
        raise OutputPathError(f"the folder {folder.parent} does not exist")
    if folder.exists() and not folder.is_dir():
        raise OutputPathError(f"{folder.name} is a file, not a folder; choose a folder with -o")
    taken = [p.name for p in paths if p.exists()]
    if taken and not force:
        raise OutputPathError(f"{len(taken)} file(s) already exist in {folder.name} (e.g. "
                              f"{taken[0]}) and were left as they are; choose another folder, "
                              "or add --force to replace them")
