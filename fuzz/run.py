"""The long fuzz run, outside CI: ``.venv/bin/python fuzz/run.py --cases 10000``.

Each case is a valid generated round broken by one to three mutations (:mod:`fuzz.mutations`),
run through ``matcher validate`` and, for a fraction of cases, ``matcher match --time-limit 2``.
Prints the count per outcome; every bad outcome (traceback, internal error, hang, unlocated
messages) is listed with its seed, and the case file is kept in ``--keep`` for replay
(``--seed N --cases 1`` replays case N). Exit status 1 when any case went wrong.
"""

from __future__ import annotations

import argparse
import sys
import tempfile
import time
from collections import Counter
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from fuzz.mutations import make_case, run_case


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--cases", type=int, default=10_000)
    parser.add_argument("--seed", type=int, default=0, help="first case seed")
    parser.add_argument("--match-every", type=int, default=10,
                        help="also run match on every N-th case (0: never)")
    parser.add_argument("--timeout", type=float, default=30.0, help="seconds per command")
    parser.add_argument("--keep", type=Path, default=Path("fuzz/failures"),
                        help="folder for the files of failing cases")
    args = parser.parse_args(argv)
    counts: Counter[str] = Counter()
    failures: list[str] = []
    start = time.perf_counter()
    with tempfile.TemporaryDirectory(prefix="matcher-fuzz-") as scratch:
        folder = Path(scratch)
        for seed in range(args.seed, args.seed + args.cases):
            path, done, container = make_case(seed, folder)
            match = args.match_every > 0 and seed % args.match_every == 0
            outcome = run_case(path, container, match, args.timeout)
            counts[outcome.kind] += 1
            if not outcome.good:
                args.keep.mkdir(parents=True, exist_ok=True)
                path.replace(args.keep / path.name)
                failures.append(f"seed {seed}: {outcome.kind} {outcome.detail!r} after "
                                f"{'; '.join(done)}")
                print(failures[-1], flush=True)
            else:
                path.unlink(missing_ok=True)
                path.with_name(path.stem + "-result.xlsx").unlink(missing_ok=True)
            done_count = seed - args.seed + 1
            if done_count % 500 == 0:
                print(f"{done_count} cases, {time.perf_counter() - start:.0f} s: "
                      f"{dict(counts)}", flush=True)
    print(f"\n{args.cases} cases in {time.perf_counter() - start:.0f} s")
    for kind, n in counts.most_common():
        print(f"  {kind:24} {n}")
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main())
