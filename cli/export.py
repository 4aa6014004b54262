"""`matcher export RESULT.xlsx -o FOLDER`: a workbook per company, a timetable per participant."""

from __future__ import annotations

from pathlib import Path

import click

from cli.common import echo_err, guarded
from matcher.export import export_result
from matcher.i18n import LANGUAGES


@click.command(name="export")
@click.argument("result_path", metavar="RESULT.xlsx",
                type=click.Path(exists=True, dir_okay=False, path_type=Path))
@click.option("-o", "--output", "folder", required=True,
              type=click.Path(file_okay=False, path_type=Path),
              help="Folder for the files (created if missing).")
@click.option("--language", type=click.Choice(LANGUAGES, case_sensitive=False), default=None,
              help="en or nb (default: the language of the result's sheet names).")
@click.option("--pseudonymise", is_flag=True, help="Leave every name out of the files.")
@click.option("--force", is_flag=True, help="Replace files of the same names in FOLDER.")
@guarded(as_json_param=None)
def command(result_path: Path, folder: Path, language: str | None, pseudonymise: bool,
            force: bool) -> None:
    """Write one workbook per company (its trainees and their timetable) and one printable
    PDF timetable per participant from a result of `matcher match`."""
    export_result(result_path, folder, language=language.casefold() if language else None,
                  pseudonymise=pseudonymise, force=force, progress=echo_err)
