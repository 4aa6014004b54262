"""Reading the upload and the round options from a multipart request, within the limits."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass, replace

from starlette.datastructures import FormData, UploadFile
from starlette.formparsers import MultiPartException
from starlette.requests import Request

from matcher import i18n
from matcher.web.config import MAX_FIELDS, MAX_FILES
from matcher.web.jobs import RunOptions

#: Largest plain (non-file) form field.
MAX_FIELD_BYTES = 64 * 1024
LANGUAGES = i18n.LANGUAGES


class FormError(ValueError):
    """A form the page or API cannot use: which field and why. ``str()`` is the English
    message; pages translate ``template`` and fill in ``params``."""

    def __init__(self, template: str, **params: object) -> None:
        self.template = template
        self.params = params
        super().__init__(template.format(**params))

    def translated(self, gettext: Callable[[str], str]) -> str:
        return gettext(self.template).format(**self.params)


@dataclass(frozen=True)
class Upload:
    """A workbook as uploaded: its name as the coordinator saw it, and its bytes."""

    filename: str
    data: bytes


async def read_form(request: Request) -> FormData:
    """The form of a request, with at most one file and a few small fields."""
    try:
        form = await request.form(max_files=MAX_FILES, max_fields=MAX_FIELDS,
                                  max_part_size=MAX_FIELD_BYTES)
    except MultiPartException as exc:
        raise FormError("the form could not be read") from exc
    return form


async def workbook_of(form: FormData, field: str = "workbook") -> Upload:
    """The uploaded workbook (field ``workbook``, or ``file``)."""
    part = form.get(field) or form.get("file")
    if not isinstance(part, UploadFile) or not part.filename:
        raise FormError("choose a workbook (.xlsx) to upload")
    data = await part.read()
    if not data:
        raise FormError("the uploaded workbook is empty")
    return Upload(part.filename.replace("\\", "/").rsplit("/", 1)[-1], data)


def run_options(form: FormData) -> RunOptions:
    """The round options of the form; a blank field means the command line's default."""
    return RunOptions(
        time_limit=_number(form, "time_limit", 0.1, 86_400.0),
        seed=_integer(form, "seed", 0, 2**31 - 1),
        workers=_integer(form, "workers", 1, 64),
        pseudonymise=_flag(form, "pseudonymise"),
        language=_language(form),
    )


def rematch_options(form: FormData, options: RunOptions) -> RunOptions:
    """The re-match's own fields: ``plan_from`` (YYYY-MM-DD or DD.MM.YYYY; blank: Settings)
    and ``allow_moves``."""
    text = _text(form, "plan_from")
    plan_from = None
    if text:
        for pattern in ("%Y-%m-%d", "%d.%m.%Y"):
            try:
                plan_from = dt.datetime.strptime(text, pattern).date()
                break
            except ValueError:
                continue
        else:
            raise FormError("{field} must be a date (found {found})", field="plan_from",
                            found=text)
    return replace(options, plan_from=plan_from,
                   allow_moves=_integer(form, "allow_moves", 0, 10_000) or 0)


def _text(form: FormData, name: str) -> str:
    value = form.get(name)
    return value.strip() if isinstance(value, str) else ""


def _integer(form: FormData, name: str, low: int, high: int) -> int | None:
    value = _number(form, name, low, high)
    if value is not None and value != int(value):
        raise FormError("{field} must be a whole number (found {found})", field=name,
                        found=_text(form, name))
    return None if value is None else int(value)


def _number(form: FormData, name: str, low: float, high: float) -> float | None:
    text = _text(form, name).replace(",", ".")
    if not text:
        return None
    try:
        value = float(text)
    except ValueError:
        raise FormError("{field} must be a number (found {found})", field=name,
                        found=text) from None
    if not low <= value <= high:
        raise FormError("{field} must be between {low} and {high} (found {found})",
                        field=name, low=f"{low:g}", high=f"{high:g}", found=text)
    return value


def _flag(form: FormData, name: str) -> bool:
    return _text(form, name).lower() in {"1", "true", "yes", "on", "ja"}


def _language(form: FormData) -> str | None:
    text = _text(form, "language").lower()
    if not text:
        return None
    if text not in LANGUAGES:
        raise FormError("language must be one of {choices} (found {found})",
                        choices=", ".join(LANGUAGES), found=text)
    return text
