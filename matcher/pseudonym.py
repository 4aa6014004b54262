"""Pseudonyms for ``matcher match --pseudonymise``: an output that can be shared without names.

What is replaced, and why:

* participant names are left out (blank) of every output sheet;
* participant ids become ``P-`` + the first 10 hex digits of HMAC-SHA256(key, id). The same key
  gives the same pseudonym for the same id, so two rounds run with one key file can be compared;
  without a key file the key is random per run, so pseudonyms of different runs cannot be linked;
* supervisor names are left out too. Supervisor, company and programme ids stay: they are staff
  and organisations acting in their work, and the companies need them to act on the result.

The mapping is applied at the report boundary (:func:`pseudonymise_round`), after solving and
checking, so the solver and the checker always see the real data. The id → pseudonym table is
written only when the user asks for it (:func:`write_key_file`), to a separate, owner-only file.
"""

from __future__ import annotations

import contextlib
import csv
import hmac
import os
import secrets
import tempfile
from collections.abc import Iterable, Mapping
from dataclasses import replace
from hashlib import sha256
from pathlib import Path

from matcher.errors import MatcherError
from matcher.problem import Problem
from matcher.result import Activity, Result

PREFIX = "P-"
DIGITS = 10
KEY_BYTES = 32
MIN_KEY_BYTES = 16


class PseudonymKeyError(MatcherError):
    """The pseudonym key file cannot be used (a usage error: exit status 2)."""

    exit_status = 2


def new_key() -> bytes:
    """A fresh random key: pseudonyms from it cannot be linked to any other run's."""
    return secrets.token_bytes(KEY_BYTES)


def read_key(path: Path) -> bytes:
    """The secret from a key file (its bytes, surrounding whitespace ignored).

    Short keys are refused: a guessable key would let anyone with a list of ids undo the
    pseudonyms by recomputing them.
    """
    try:
        key = Path(path).read_bytes().strip()
    except OSError as exc:
        raise PseudonymKeyError(f"the pseudonym key file cannot be read: {Path(path).name} "
                                f"({exc.strerror})") from None
    if len(key) < MIN_KEY_BYTES:
        raise PseudonymKeyError(f"the pseudonym key file must hold at least {MIN_KEY_BYTES} "
                                f"characters of secret: {Path(path).name}")
    return key


def pseudonym(key: bytes, identifier: str, digits: int = DIGITS) -> str:
    """``P-`` + the first ``digits`` hex digits of HMAC-SHA256(key, identifier)."""
    mac = hmac.new(key, identifier.encode("utf-8"), sha256).hexdigest()
    return PREFIX + mac[:digits]


def pseudonyms(key: bytes, identifiers: Iterable[str]) -> dict[str, str]:
    """A pseudonym for every id, all distinct: on the (tiny) chance that two ids share the
    first digits, every pseudonym gets more digits, so one run never mixes lengths."""
    ids = list(dict.fromkeys(identifiers))
    for digits in range(DIGITS, 65, 2):
        table = {i: pseudonym(key, i, digits) for i in ids}
        if len(set(table.values())) == len(ids):
            return table
    raise AssertionError("HMAC-SHA256 gave equal digests for different ids")  # pragma: no cover


def pseudonymise_round(problem: Problem, result: Result, rows: Iterable[Activity],
                       key: bytes) -> tuple[Problem, Result, list[Activity], dict[str, str]]:
    """The problem, result and timetable with participant ids replaced and person names left
    out; returns the id → pseudonym table too. Use the returned objects only for the report."""
    table = pseudonyms(key, (p.participant_id for p in problem.participants))

    def pid(identifier: str) -> str:
        return table.get(identifier, identifier)

    problem = replace(
        problem,
        participants=tuple(replace(p, participant_id=pid(p.participant_id), name="")
                           for p in problem.participants),
        supervisors=tuple(replace(s, name="") for s in problem.supervisors),
        trials=tuple(replace(t, participant_id=pid(t.participant_id)) for t in problem.trials),
        preferences=tuple(replace(p, participant_id=pid(p.participant_id))
                          for p in problem.preferences),
    )
    solution = replace(
        result.solution,
        placements=tuple(replace(p, participant_id=pid(p.participant_id))
                         for p in result.solution.placements),
    )
    result = replace(result, solution=solution,
                     unplaced=tuple(replace(u, participant_id=pid(u.participant_id))
                                    for u in result.unplaced))
    mapped = [a._replace(participant_id=pid(a.participant_id)) for a in rows]
    return problem, result, mapped, table


def write_key_file(path: Path, table: Mapping[str, str]) -> None:
    """Write ``participant_id,pseudonym`` rows to ``path``, readable by the owner only.

    The file undoes the pseudonyms, so it is kept apart from the output and created with mode
    0600 (``mkstemp``), then renamed into place: it appears whole or not at all. An id that a
    spreadsheet would read as a formula gets a leading ``'`` (see :func:`_csv_safe`).
    """
    target = Path(path)
    fd, tmp_name = tempfile.mkstemp(prefix=f".{target.stem}.", suffix=".tmp.csv",
                                    dir=target.resolve().parent)
    try:
        with os.fdopen(fd, "w", newline="", encoding="utf-8") as handle:
            writer = csv.writer(handle)
            writer.writerow(["participant_id", "pseudonym"])
            for identifier, alias in sorted(table.items(), key=lambda item: item[1]):
                writer.writerow([_csv_safe(identifier), alias])
        os.replace(tmp_name, target)
    finally:
        with contextlib.suppress(FileNotFoundError):
            os.unlink(tmp_name)


def _csv_safe(text: str) -> str:
    """Excel opens a CSV by evaluating cells that start with ``=``, ``+``, ``-``, ``@`` or a
    control character; a leading apostrophe makes it show the text instead (OWASP advice)."""
    return "'" + text if text[:1] in ("=", "+", "-", "@", "\t", "\r", "\n") else text
