"""`matcher serve`: the web app on this machine, opened in the browser."""

from __future__ import annotations

import click

from cli.common import guarded


@click.command(name="serve")
@click.option("--port", type=click.IntRange(0, 65535), default=0,
              help="Port on 127.0.0.1 (default: a free one).")
@click.option("--no-browser", is_flag=True, help="Do not open the browser; print the link only.")
@click.option("--slots", type=click.IntRange(1, 16), default=1, show_default=True,
              help="Rounds that may run at the same time (each in its own process).")
@guarded(as_json_param=None)
def command(port: int, no_browser: bool, slots: int) -> None:
    """Open matcher in the browser: upload a workbook, check it, run the round and download
    the result, without the terminal. Only this computer can reach it; press Ctrl+C to stop
    (the uploaded files are deleted then)."""
    from matcher.web import serve

    serve(port, open_browser=not no_browser, round_slots=slots, announce=click.echo)
