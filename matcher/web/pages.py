"""The coordinator's pages: upload or pick a round, see its check, run it, read the result.

Server-rendered Jinja2 templates; htmx (bundled, ``static/htmx.min.js``) refreshes the parts
that change while a job runs, sorts and filters the tables. Every page works in bokmål and
English (the switch at the top sets a cookie).
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import Any
from urllib.parse import urlencode

from starlette.concurrency import run_in_threadpool
from starlette.requests import Request
from starlette.responses import FileResponse, RedirectResponse, Response
from starlette.routing import Route
from starlette.templating import Jinja2Templates

from matcher.web import api
from matcher.web.calendar import company_month, months, participant_months
from matcher.web.config import LANGUAGE_COOKIE
from matcher.web.forms import (
    LANGUAGES,
    FormError,
    read_form,
    rematch_options,
    run_options,
    workbook_of,
)
from matcher.web.jobs import (
    CAPACITY,
    COMPARE,
    EXPORTS,
    PREVIOUS,
    REMATCH,
    TRIAL_LISTS,
    TRIALS,
)
from matcher.web.rounds import DONE, FINISHED, Job, Round
from matcher.web.text import column, issue, translator, weekdays
from matcher.web.view import table_page

HERE = Path(__file__).resolve().parent
templates = Jinja2Templates(directory=HERE / "templates")
TABLES = ("placements", "unplaced")
#: The other commands a checked workbook has a page for, and the workbook each writes.
REPORTS = {"capacity": CAPACITY, "compare": COMPARE, "trials": TRIALS, "rematch": REMATCH,
           "export": EXPORTS}
SAMPLE_PROFILES = ("gloppen", "oslo", "menn-i-helse", "heffi", "odda", "mfy", "county")
TEMPLATE_FILE = "template.xlsx"


def language(request: Request) -> str:
    lang = request.cookies.get(LANGUAGE_COOKIE, "nb")
    return lang if lang in LANGUAGES else "nb"


def render(request: Request, template_name: str, status_code: int = 200,
           **context: Any) -> Response:
    """A page or fragment in the coordinator's language."""
    lang = language(request)
    return templates.TemplateResponse(
        request, template_name,
        {"_": translator(lang), "weekdays": weekdays(lang), "column": column(lang), "lang": lang,
         "issue": issue(lang),
         "path": request.url.path, **context}, status_code=status_code)


def _redirect(url: str) -> RedirectResponse:
    return RedirectResponse(url, status_code=303)


def _round_or_404(request: Request) -> Round | None:
    return request.app.state.rounds.get(request.path_params["rid"])


def _not_found(request: Request) -> Response:
    return render(request, "message.html", status_code=404,
                  message="This round is not here any more (deleted, or the server restarted).")


async def home(request: Request) -> Response:
    return render(request, "home.html", rounds=request.app.state.rounds.all(),
                  profiles=SAMPLE_PROFILES)


async def upload(request: Request) -> Response:
    """A coordinator's workbook: store it and check it."""
    try:
        workbook = await workbook_of(await read_form(request))
    except FormError as exc:
        return render(request, "home.html", status_code=400,
                      error=exc.translated(translator(language(request))),
                      rounds=request.app.state.rounds.all(), profiles=SAMPLE_PROFILES)
    rnd = request.app.state.rounds.create(workbook.filename, workbook.data)
    request.app.state.runner.submit(rnd, Job("check"))
    return _redirect(f"/rounds/{rnd.id}")


async def sample(request: Request) -> Response:
    """A realistic synthetic round, made by the same generator as ``matcher sample``."""
    form = await read_form(request)
    profile = str(form.get("profile", ""))
    if profile not in SAMPLE_PROFILES:
        return _redirect("/")
    rnd = request.app.state.rounds.create(f"{profile}.xlsx", b"")
    request.app.state.runner.submit(rnd, Job("check", sample=profile))
    return _redirect(f"/rounds/{rnd.id}")


async def template(request: Request) -> Response:
    """The empty workbook of ``matcher template``, written once per launch."""
    from matcher.inputbook import write_template

    path = request.app.state.config.folder / TEMPLATE_FILE
    if not path.exists():
        await run_in_threadpool(write_template, path)
    return FileResponse(path, filename="matcher-template.xlsx")


async def round_page(request: Request) -> Response:
    rnd = _round_or_404(request)
    if rnd is None:
        return _not_found(request)
    return render(request, "round.html", **_round_context(request, rnd))


async def round_body(request: Request) -> Response:
    """The part of the round page that changes while a job runs (polled by htmx)."""
    rnd = _round_or_404(request)
    if rnd is None:
        return _not_found(request)
    return render(request, "round_body.html", **_round_context(request, rnd))


def _round_context(request: Request, rnd: Round) -> dict[str, Any]:
    runner = request.app.state.runner
    match = rnd.match
    context: dict[str, Any] = {"round": rnd, "check": rnd.check, "match": match,
                               "waiting": runner.waiting_before(rnd, match) if match else 0,
                               "progress": match.progress_figures() if match else {}}
    if rnd.check is not None and rnd.check.status not in (DONE, "queued", "running"):
        context["validation"] = api.validation(rnd.check)
    if match is not None and match.status == "invalid":
        context["validation"] = api.validation(match)
    view = rnd.view()
    if view is not None:
        args = request.query_params
        context["tables"] = {
            name: table_page(view[name], **_table_args(args) if args.get("table") == name
                             else {}) for name in TABLES}
        context["participants"] = sorted(view["calendar"]["rows"])
        context["companies"] = view["companies"]
    return context


def _table_args(args: Any) -> dict[str, Any]:
    try:
        page = int(args.get("page", "1"))
    except ValueError:
        page = 1
    return {"sort": args.get("sort", ""), "descending": args.get("desc") == "1",
            "query": args.get("q", ""), "page": page}


async def table(request: Request) -> Response:
    """One sorted, filtered page of the Placements or Unplaced table (an htmx fragment)."""
    rnd = _round_or_404(request)
    name = request.path_params["name"]
    view = rnd.view() if rnd is not None else None
    if view is None or name not in TABLES:
        return _not_found(request)
    return render(request, "table.html", round=rnd, name=name,
                  table=table_page(view[name], **_table_args(request.query_params)))


async def run(request: Request) -> Response:
    """Queue the round with the options of the form."""
    rnd = _round_or_404(request)
    if rnd is None:
        return _not_found(request)
    try:
        options = run_options(await read_form(request))
    except FormError as exc:
        return render(request, "round.html", status_code=400,
                      error=exc.translated(translator(language(request))),
                      **_round_context(request, rnd))
    limit = options.time_limit
    if limit is None and rnd.check is not None and rnd.check.result is not None:
        limit = rnd.check.result["time_limit"]
    request.app.state.runner.submit(rnd, Job("match", options, progress={"time_limit": limit}))
    return _redirect(f"/rounds/{rnd.id}")


async def stop(request: Request) -> Response:
    rnd = _round_or_404(request)
    if rnd is None:
        return _not_found(request)
    await run_in_threadpool(request.app.state.runner.stop, rnd, "match")
    return _redirect(f"/rounds/{rnd.id}")


async def delete(request: Request) -> Response:
    rnd = _round_or_404(request)
    if rnd is not None:
        await run_in_threadpool(api.discard, request.app.state.rounds,
                                request.app.state.runner, rnd)
    return _redirect("/")


async def result(request: Request) -> Response:
    rnd = _round_or_404(request)
    if rnd is None or rnd.match is None or rnd.match.status != DONE:
        return _not_found(request)
    return api.result_file(rnd)


async def calendar(request: Request) -> Response:
    """A participant's calendar month by month, or a company's month, participants by date."""
    rnd = _round_or_404(request)
    view = rnd.view() if rnd is not None else None
    if rnd is None or view is None:
        return _not_found(request)
    args = request.query_params
    participant, company = args.get("participant", ""), args.get("company", "")
    all_months = months(view)
    month = args.get("month") or (all_months[0] if all_months else "")
    context: dict[str, Any] = {"round": rnd, "participant": participant, "company": company,
                               "months": all_months, "month": month,
                               "participants": sorted(view["calendar"]["rows"]),
                               "companies": view["companies"]}
    if participant:
        context["person"] = participant_months(view, participant)
    elif company:
        context["grid"] = company_month(view, company, month)
    return render(request, "calendar.html", **context)


async def report(request: Request) -> Response:
    """The capacity or compare page of a round: its result, or its progress."""
    rnd = _round_or_404(request)
    kind = request.path_params["kind"]
    if rnd is None or kind not in REPORTS:
        return _not_found(request)
    name = "report_body.html" if request.headers.get("hx-request") else "report.html"
    return render(request, name, round=rnd, kind=kind, job=rnd.jobs.get(kind),
                  finished=FINISHED)


async def start_report(request: Request) -> Response:
    """Start capacity, compare, trials or a re-match (which brings the previous result)."""
    rnd = _round_or_404(request)
    kind = request.path_params["kind"]
    if rnd is None or kind not in REPORTS:
        return _not_found(request)
    try:
        form = await read_form(request)
        options = run_options(form)
        if kind == "export":
            if rnd.match is None or rnd.match.status != DONE:
                return _not_found(request)
            options = rnd.match.options
        if kind == "rematch":
            options = rematch_options(form, options)
            previous = await workbook_of(form, "previous")
            (rnd.folder / PREVIOUS).write_bytes(previous.data)
    except FormError as exc:
        return render(request, "report.html", status_code=400, round=rnd, kind=kind,
                      job=rnd.jobs.get(kind), finished=FINISHED,
                      error=exc.translated(translator(language(request))))
    request.app.state.runner.submit(rnd, Job(kind, options))
    return _redirect(f"/rounds/{rnd.id}/{kind}")


async def report_file(request: Request) -> Response:
    rnd = _round_or_404(request)
    kind = request.path_params["kind"]
    job = rnd.jobs.get(kind) if rnd is not None and kind in REPORTS else None
    if rnd is None or job is None or job.status != DONE:
        return _not_found(request)
    return api.download(rnd, REPORTS[kind], kind)


async def zipped(request: Request) -> Response:
    """The trial plan's company lists, or the result's company files, as one zip."""
    rnd = _round_or_404(request)
    kind = {"trial-lists": "trials", "company-files": "export"}.get(request.path_params["name"])
    job = rnd.jobs.get(kind) if rnd is not None and kind is not None else None
    if rnd is None or job is None or job.status != DONE:
        return _not_found(request)
    return api.download(rnd, TRIAL_LISTS if kind == "trials" else EXPORTS,
                        request.path_params["name"])


async def set_language(request: Request) -> Response:
    """The language switch: remember the choice, go back to the page it was made on."""
    lang = request.path_params["lang"]
    back = request.query_params.get("next", "/")
    if not back.startswith("/") or back.startswith("//"):
        back = "/"
    response = _redirect(back)
    if lang in LANGUAGES:
        response.set_cookie(LANGUAGE_COOKIE, lang, max_age=365 * 24 * 3600, samesite="strict")
    return response


async def favicon(request: Request) -> Response:
    return Response(status_code=204)


def query(**params: Any) -> str:
    """A query string of the non-empty parameters (templates build links with it)."""
    return urlencode({k: v for k, v in params.items() if v not in (None, "")})


def seconds(value: float | None) -> str:
    """Seconds as m:ss for the progress bar."""
    if value is None:
        return "–"
    value = round(value)
    return f"{value // 60}:{value % 60:02d}"


templates.env.globals.update(query=query, seconds=seconds, today=dt.date.today)

ROUTES = [
    Route("/", home),
    Route("/upload", upload, methods=["POST"]),
    Route("/sample", sample, methods=["POST"]),
    Route("/template.xlsx", template),
    Route("/lang/{lang:str}", set_language),
    Route("/rounds/{rid:str}", round_page),
    Route("/rounds/{rid:str}/body", round_body),
    Route("/rounds/{rid:str}/table/{name:str}", table),
    Route("/rounds/{rid:str}/run", run, methods=["POST"]),
    Route("/rounds/{rid:str}/stop", stop, methods=["POST"]),
    Route("/rounds/{rid:str}/delete", delete, methods=["POST"]),
    Route("/rounds/{rid:str}/result.xlsx", result),
    Route("/rounds/{rid:str}/calendar", calendar),
    Route("/rounds/{rid:str}/{name:str}.zip", zipped),
    Route("/rounds/{rid:str}/{kind:str}.xlsx", report_file),
    Route("/rounds/{rid:str}/{kind:str}", report),
    Route("/rounds/{rid:str}/{kind:str}", start_report, methods=["POST"]),
]
