"""A round through the web API against the same round on the command line (target: the API's
end-to-end time within 10 % of the CLI's).

Writes a county sample as an input workbook, then alternates, ``repeats`` times each:

* **CLI**: ``matcher match ROUND.xlsx -o OUT.xlsx --time-limit T --seed 0 --workers 1 --quiet``
  in a fresh process, timed from start to exit (interpreter start and imports included, as a
  coordinator's run has them);
* **API**: a running ``matcher serve --no-browser`` (started once, as a coordinator leaves it
  open): ``POST /api/rounds`` with the workbook and the same options, then
  ``GET /api/rounds/{id}`` every 50 ms until ``done``, timed from the upload's start; the
  round is then deleted (its page data is not waited for: the result workbook is written).

Prints the medians and their ratio. Run:
``.venv/bin/python benchmarks/web_benchmark.py [participants] [repeats] [time_limit]``.
"""

from __future__ import annotations

import re
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import httpx2

from matcher.inputbook import write_problem
from matcher.samples import generate

MATCHER = str(Path(sys.executable).with_name("matcher"))


def cli_seconds(book: Path, out: Path, time_limit: float) -> float:
    start = time.perf_counter()
    subprocess.run([MATCHER, "match", str(book), "-o", str(out), "--time-limit",
                    str(time_limit), "--seed", "0", "--workers", "1", "--quiet"],
                   check=True, stdout=subprocess.DEVNULL)
    return time.perf_counter() - start


def api_seconds(client: httpx2.Client, book: Path, time_limit: float) -> tuple[float, dict]:
    start = time.perf_counter()
    with book.open("rb") as handle:
        rid = client.post("/api/rounds", files={"workbook": (book.name, handle)},
                          data={"time_limit": str(time_limit), "seed": "0",
                                "workers": "1"}).json()["id"]
    while (data := client.get(f"/api/rounds/{rid}").json())["status"] in ("queued", "running"):
        time.sleep(0.05)
    seconds = time.perf_counter() - start
    assert data["status"] == "done", data
    client.delete(f"/api/rounds/{rid}")
    return seconds, data["summary"]


def start_server() -> tuple[subprocess.Popen[str], str, str]:
    """``matcher serve --no-browser``; returns the process, its base URL and its token."""
    server = subprocess.Popen([MATCHER, "serve", "--no-browser"], stdout=subprocess.PIPE,
                              stderr=subprocess.DEVNULL, text=True)
    assert server.stdout is not None
    line = server.stdout.readline()
    found = re.search(r"(http://127\.0\.0\.1:\d+)/\?token=(\S+)", line)
    assert found, line
    base, token = found.groups()
    for _ in range(200):
        try:
            httpx2.get(base, timeout=1)
            break
        except httpx2.HTTPError:
            time.sleep(0.05)
    return server, base, token


def main(participants: int = 1000, repeats: int = 3, time_limit: float = 10.0) -> None:
    with tempfile.TemporaryDirectory() as folder:
        book = Path(folder) / "round.xlsx"
        write_problem(generate(participants, None, 1, "county"), book)
        server, base, token = start_server()
        try:
            with httpx2.Client(base_url=base, timeout=600,
                               headers={"authorization": f"Bearer {token}"}) as client:
                api_seconds(client, book, time_limit)  # the fork server's first start
                cli, api = [], []
                for _ in range(repeats):
                    cli.append(cli_seconds(book, Path(folder) / "out.xlsx", time_limit))
                    seconds, summary = api_seconds(client, book, time_limit)
                    api.append(seconds)
                    print(f"  CLI {cli[-1]:.2f} s, API {api[-1]:.2f} s "
                          f"({summary['placed']} placed)", flush=True)
        finally:
            server.terminate()
            server.wait(timeout=30)
    c, a = statistics.median(cli), statistics.median(api)
    print(f"{participants} participants, time limit {time_limit:g} s: CLI median {c:.2f} s, "
          f"API median {a:.2f} s, API/CLI {a / c:.3f} (target at most 1.10)")


if __name__ == "__main__":
    args = sys.argv[1:]
    main(int(args[0]) if args else 1000, int(args[1]) if len(args) > 1 else 3,
         float(args[2]) if len(args) > 2 else 10.0)
