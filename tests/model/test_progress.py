"""Progress lines: events with their numbers, shown in the console's language with plural
forms, and read as numbers (never as text) by the web app's progress bar."""

from __future__ import annotations

import io
import re
from multiprocessing import Pipe
from pathlib import Path

from click.testing import CliRunner

from cli.main import cli
from matcher.i18n.phrase import phrase, plural
from matcher.inputbook import write_problem
from matcher.model import Progress, SolveOptions
from matcher.round import run_match, solve_checked
from matcher.samples import generate
from matcher.web.jobs import PipeProgress


def test_a_phrase_is_rendered_in_either_language_with_its_plural_forms() -> None:
    line = phrase("read {participants}, {companies}, {supervisors}",
                  participants=plural("{n} participant", "{n} participants", 1),
                  companies=plural("{n} company", "{n} companies", 2),
                  supervisors=plural("{n} supervisor", "{n} supervisors", 0))
    assert line.render("en") == "read 1 participant, 2 companies, 0 supervisors"
    assert line.render("nb") == "leste 1 deltaker, 2 bedrifter, 0 veiledere"
    assert line.number("n") == 1 and line.number("missing") is None
    start = phrase("repaired start: {state}", state=phrase(
        "{placed} placed, by priority {profile}, quality {quality}", placed=7,
        profile="1-2-3-1-0", quality=40))
    assert start.number("placed") == 7
    assert start.render("nb") == "reparert start: 7 plassert, per prioritet 1-2-3-1-0, kvalitet 40"


def test_progress_prints_in_the_language_it_is_given() -> None:
    stream = io.StringIO()
    progress = Progress(stream=stream, language="nb")
    progress.say_plural("{n} class can never reach its minimums",
                        "{n} classes can never reach their minimums", 1)
    progress.say("flow bound: at most {bound} can be placed", bound=12)
    lines = [line.split("] ", 1)[1] for line in stream.getvalue().splitlines()]
    assert lines == ["1 kull kan aldri nå minstekravene sine", "flytgrense: høyst 12 kan plasseres"]


def test_decimal_numbers_in_bokmal_have_a_decimal_comma() -> None:
    nb, en = io.StringIO(), io.StringIO()
    for stream, language in ((nb, "nb"), (en, "en")):
        Progress(stream=stream, language=language).say(
            "wrote the output workbook in {seconds:.1f} s", seconds=2.25)
    assert re.fullmatch(r"\[ *\d+,\d s\] skrev resultatboken på 2,2 s\n", nb.getvalue())
    assert re.fullmatch(r"\[ *\d+\.\d s\] wrote the output workbook in 2.2 s\n", en.getvalue())


def test_a_bokmal_round_reports_its_progress_in_bokmal(tmp_path: Path) -> None:
    book = tmp_path / "runde.xlsx"
    write_problem(generate(20, None, 2, "gloppen"), book, language="nb")
    runner = CliRunner()
    args = ["match", str(book), "-o", str(tmp_path / "ut.xlsx"), "--time-limit", "5",
            "--workers", "1"]
    nb = runner.invoke(cli, args)
    assert nb.exit_code == 0, nb.output
    assert "leste 20 deltakere" in nb.stderr and "flytgrense: høyst" in nb.stderr
    assert "flow bound" not in nb.stderr and "participants" not in nb.stderr
    en = runner.invoke(cli, [*args, "--language", "en"])
    assert en.exit_code == 0, en.output
    assert "read 20 participants" in en.stderr and "flow bound: at most" in en.stderr


def test_the_web_progress_bar_gets_the_numbers(tmp_path: Path) -> None:
    """Whatever the language, the page receives the flow bound and the placed count."""
    book = tmp_path / "runde.xlsx"
    write_problem(generate(30, None, 1, "gloppen"), book, language="nb")
    receiver, sender = Pipe(duplex=False)
    outcome = run_match(book, None, SolveOptions(5, 1, 0), progress=PipeProgress(sender))
    sent = []
    while receiver.poll():
        sent.append(receiver.recv())
    figures = [data for kind, data in sent if kind == "progress"]
    assert figures and figures[-1]["bound"] == outcome.result.upper_bound
    assert any(f["placed"] is not None for f in figures)
    assert all(f["placed"] is None or f["placed"] <= f["bound"] for f in figures)


def test_solver_lines_carry_counts_only(tmp_path: Path) -> None:
    """Every line the solver says is a catalogue message with numbers, no names or ids."""
    problem = generate(30, None, 1, "gloppen")
    events = []

    class Recorded(Progress):
        def emit(self, event):  # type: ignore[no-untyped-def]
            events.append(event)

    solve_checked(problem, SolveOptions(5, 1, 0), Recorded())
    assert events
    names = {p.name for p in problem.participants} | {p.participant_id
                                                      for p in problem.participants}
    for event in events:
        assert not names & {str(v) for v in event.values.values()}
        assert event.render("nb") != event.render("en") or event.message.startswith("{")
