"""The JSON API, for scripts and tests: the same jobs as the pages, without the pages.

* ``POST /api/validate`` (multipart ``workbook``): what ``matcher validate --json`` prints;
* ``POST /api/rounds`` (multipart ``workbook`` and the fields ``time_limit``, ``seed``,
  ``workers``, ``pseudonymise``, ``language``) → ``{"id": …}``: the round is queued;
* ``GET /api/rounds/{id}``: ``status`` (``queued``, ``running``, ``done``, ``invalid``,
  ``failed``), ``progress`` and, when done, the ``matcher match --json`` summary;
* ``GET /api/rounds/{id}/result.xlsx``: the result workbook;
* ``DELETE /api/rounds/{id}``: stop the round and delete its files.
"""

from __future__ import annotations

import asyncio
from pathlib import Path
from typing import Any

from starlette.concurrency import run_in_threadpool
from starlette.requests import Request
from starlette.responses import FileResponse, JSONResponse, Response
from starlette.routing import Route

from matcher.web.forms import FormError, read_form, run_options, workbook_of
from matcher.web.jobs import RESULT
from matcher.web.rounds import DONE, Job, Round, Rounds
from matcher.web.runner import Runner

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
#: How often ``/api/validate`` looks whether its check has finished.
POLL_SECONDS = 0.05


def _state(request: Request) -> tuple[Rounds, Runner]:
    return request.app.state.rounds, request.app.state.runner


def _error(status: int, message: str) -> JSONResponse:
    return JSONResponse({"error": message}, status_code=status)


async def validate(request: Request) -> Response:
    """Check a workbook; nothing is kept afterwards."""
    rounds, runner = _state(request)
    try:
        upload = await workbook_of(await read_form(request))
    except FormError as exc:
        return _error(400, str(exc))
    rnd = rounds.create(upload.filename, upload.data)
    try:
        job = Job("check")
        runner.submit(rnd, job)
        while not job.finished_or_stopped:
            await asyncio.sleep(POLL_SECONDS)
        return JSONResponse(validation(job))
    finally:
        await run_in_threadpool(discard, rounds, runner, rnd)


def validation(job: Job) -> dict[str, Any]:
    """A finished check as ``matcher validate --json`` prints it."""
    if job.status == DONE and job.result is not None:
        return {"ok": True, "summary": job.result["summary"], "errors": [],
                "warnings": job.result["warnings"]}
    issues = (job.error or {}).get("issues", [])
    if not issues:  # the check itself failed (a bug): say so without a traceback
        issues = [{"sheet": None, "row": None, "column": None,
                   "message": (job.error or {}).get("message", "failed"), "value": None,
                   "expected": None, "severity": "error"}]
    return {"ok": False, "errors": [i for i in issues if i["severity"] == "error"],
            "warnings": [i for i in issues if i["severity"] != "error"]}


async def create_round(request: Request) -> Response:
    """Upload a workbook with its options and queue its round."""
    rounds, runner = _state(request)
    try:
        form = await read_form(request)
        upload = await workbook_of(form)
        options = run_options(form)
    except FormError as exc:
        return _error(400, str(exc))
    rnd = rounds.create(upload.filename, upload.data)
    runner.submit(rnd, Job("match", options, progress={"time_limit": options.time_limit}))
    return JSONResponse({"id": rnd.id}, status_code=201,
                        headers={"location": f"/api/rounds/{rnd.id}"})


def round_status(rnd: Round) -> dict[str, Any]:
    """A round as the API reports it."""
    data: dict[str, Any] = {"id": rnd.id, "status": rnd.status()}
    job = rnd.match or rnd.check
    if job is not None:
        data.update({k: v for k, v in job.public().items() if k != "status"})
    return data


async def get_round(request: Request) -> Response:
    rnd = _round(request)
    if rnd is None:
        return _error(404, "no such round")
    return JSONResponse(round_status(rnd))


async def list_rounds(request: Request) -> Response:
    rounds, _ = _state(request)
    return JSONResponse({"rounds": [round_status(r) for r in rounds.all()]})


async def result_workbook(request: Request) -> Response:
    rnd = _round(request)
    if rnd is None:
        return _error(404, "no such round")
    if rnd.match is None or rnd.match.status != DONE:
        return _error(409, "the round has no result yet")
    return result_file(rnd)


def result_file(rnd: Round) -> FileResponse:
    """The result workbook, named after the uploaded one."""
    return download(rnd, RESULT, "result")


def download(rnd: Round, name: str, label: str) -> FileResponse:
    """A file of the round's folder, named after the uploaded workbook: ``STEM-LABEL.xlsx``."""
    stem = rnd.filename.rsplit(".", 1)[0] or "round"
    suffix = Path(name).suffix
    media = XLSX if suffix == ".xlsx" else "application/zip"
    return FileResponse(rnd.folder / name, filename=f"{stem}-{label}{suffix}", media_type=media)


async def delete_round(request: Request) -> Response:
    rounds, runner = _state(request)
    rnd = _round(request)
    if rnd is None:
        return _error(404, "no such round")
    await run_in_threadpool(discard, rounds, runner, rnd)
    return Response(status_code=204)


def discard(rounds: Rounds, runner: Runner, rnd: Round) -> None:
    """Stop a round's jobs and delete its files."""
    runner.stop_round(rnd)
    rounds.remove(rnd.id)


def _round(request: Request) -> Round | None:
    rounds, _ = _state(request)
    return rounds.get(request.path_params["rid"])


ROUTES = [
    Route("/api/validate", validate, methods=["POST"]),
    Route("/api/rounds", create_round, methods=["POST"]),
    Route("/api/rounds", list_rounds, methods=["GET"]),
    Route("/api/rounds/{rid:str}", get_round, methods=["GET"]),
    Route("/api/rounds/{rid:str}", delete_round, methods=["DELETE"]),
    Route("/api/rounds/{rid:str}/result.xlsx", result_workbook, methods=["GET"]),
]
