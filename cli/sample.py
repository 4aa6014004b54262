"""`matcher sample OUT.xlsx`: a realistic synthetic round to try the tool on."""

from __future__ import annotations

from pathlib import Path

import click

from cli.common import echo_err, guarded
from matcher.files import check_output_path
from matcher.i18n import LANGUAGES, messages
from matcher.i18n.phrase import plural
from matcher.inputbook import write_problem
from matcher.samples import PROFILES, generate

MAX_PARTICIPANTS = 200_000


@click.command(name="sample")
@click.argument("output", type=click.Path(dir_okay=False, path_type=Path))
@click.option("--participants", "-n", type=click.IntRange(1, MAX_PARTICIPANTS), default=60,
              show_default=True, help="Number of candidates.")
@click.option("--companies", "-c", type=click.IntRange(1, MAX_PARTICIPANTS), default=None,
              help="Number of companies (default: enough for the places the profile offers).")
@click.option("--seed", "-s", type=click.IntRange(0, None), default=0, show_default=True,
              help="The same seed writes the same round.")
@click.option("--profile", "-p", type=click.Choice(PROFILES), default="county",
              show_default=True,
              help="A real programme (gloppen, oslo, menn-i-helse, heffi, odda, mfy), a mix "
                   "of them (county), or a benchmark shape (plain, rota-heavy, scarce).")
@click.option("--horizon-weeks", type=click.IntRange(1, None), default=None,
              help="Plan only this many programme weeks (default: the whole programmes; "
                   "52 weeks for the benchmark shapes plain, rota-heavy and scarce).")
@click.option("--language", type=click.Choice(LANGUAGES, case_sensitive=False), default="en",
              show_default=True, help="Language of the sheets, columns and values.")
@click.option("--force", is_flag=True, help="Replace OUTPUT if it exists.")
@guarded(as_json_param=None)
def command(output: Path, participants: int, companies: int | None, seed: int, profile: str,
            horizon_weeks: int | None, language: str, force: bool) -> None:
    """Write a realistic synthetic round to OUTPUT, modelled on the real programmes.

    Names are invented; municipalities, trades, rotas and alternation patterns are real.
    """
    check_output_path(output, force=force)
    problem = generate(participants, companies, seed, profile,
                       horizon_weeks if horizon_weeks is not None else -1)
    write_problem(problem, output, language=language.casefold())
    echo_err(messages(language)("Wrote a {profile} round of {participants}, {companies} to "
                                "{output}", profile=profile, output=output,
                                participants=plural("{n} participant", "{n} participants",
                                                    len(problem.participants)).render(language),
                                companies=plural("{n} company", "{n} companies",
                                                 len(problem.companies)).render(language)))
