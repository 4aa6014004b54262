"""The uploaded workbooks of one launch and the jobs run on them, in memory and in the private
folder.

A :class:`Round` is one uploaded workbook (in its own sub-folder of the launch's private
folder) with its jobs: the check (``matcher validate``), the match, and the capacity and
compare reports. Deleting a round stops its jobs and removes its folder; the whole folder goes
when the server stops.
"""

from __future__ import annotations

import json
import secrets
import shutil
import threading
import time
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from matcher.web.jobs import INPUT, VIEW, RunOptions

#: Job statuses. ``checked`` and ``stopped`` are the page's own: the API's rounds are
#: ``queued``, ``running``, ``done``, ``invalid`` or ``failed``.
QUEUED, RUNNING, DONE, INVALID, FAILED, STOPPED = (
    "queued", "running", "done", "invalid", "failed", "stopped")
FINISHED = frozenset({DONE, INVALID, FAILED, STOPPED})


@dataclass
class Job:
    """One background job on a round's workbook."""

    kind: str  # "check", "match", "capacity" or "compare"
    options: RunOptions = field(default_factory=RunOptions)
    sample: str | None = None  # a check that first writes this sample profile's round
    status: str = QUEUED
    progress: dict[str, Any] = field(default_factory=dict)
    result: dict[str, Any] | None = None
    error: dict[str, Any] | None = None
    view_ready: bool = False
    started: float | None = None
    finished: float | None = None

    @property
    def finished_or_stopped(self) -> bool:
        return self.status in FINISHED

    def public(self) -> dict[str, Any]:
        """The job as the API reports it."""
        data: dict[str, Any] = {"status": self.status, "progress": self.progress_figures()}
        if self.result is not None:
            data["summary"] = self.result
        if self.error is not None:
            data["error"] = self.error
        return data

    def progress_figures(self) -> dict[str, Any]:
        """Placed so far, the bound, seconds run and (when the time limit is known) left."""
        figures = {"placed": self.progress.get("placed"), "bound": self.progress.get("bound"),
                   "elapsed": self.progress.get("elapsed"), "seconds_left": None}
        limit = self.progress.get("time_limit")
        since = self.progress.get("searching_since")
        if limit is not None and since is not None and figures["elapsed"] is not None:
            figures["seconds_left"] = max(0, round(limit - (figures["elapsed"] - since)))
        return figures


@dataclass
class Round:
    """One uploaded workbook and its jobs."""

    id: str
    folder: Path
    filename: str  # shown on the page only: it may hold a name, so it is never logged
    created: float = field(default_factory=time.time)
    jobs: dict[str, Job] = field(default_factory=dict)
    _view: dict[str, Any] | None = None

    @property
    def input(self) -> Path:
        return self.folder / INPUT

    @property
    def check(self) -> Job | None:
        return self.jobs.get("check")

    @property
    def match(self) -> Job | None:
        return self.jobs.get("match")

    def status(self) -> str:
        """The round's status for the API: its match's, or its check's before a match."""
        if self.match is not None:
            return self.match.status
        check = self.check
        if check is None or check.status in (QUEUED, RUNNING):
            return QUEUED
        return "checked" if check.status == DONE else check.status

    def view(self) -> dict[str, Any] | None:
        """The finished match's page data (read once from the folder, then kept)."""
        if self._view is None and self.match is not None and self.match.view_ready:
            self._view = json.loads((self.folder / VIEW).read_text(encoding="utf-8"))
        return self._view


class Rounds:
    """Every round of this launch, by id; safe to use from the server and the job watchers."""

    def __init__(self, folder: Path) -> None:
        self.folder = folder
        self.lock = threading.RLock()
        self._rounds: dict[str, Round] = {}

    def create(self, filename: str, data: bytes) -> Round:
        """Store an uploaded workbook in a new private sub-folder."""
        rid = secrets.token_hex(8)
        folder = self.folder / rid
        folder.mkdir(mode=0o700)
        (folder / INPUT).write_bytes(data)
        rnd = Round(rid, folder, filename)
        with self.lock:
            self._rounds[rid] = rnd
        return rnd

    def get(self, rid: str) -> Round | None:
        with self.lock:
            return self._rounds.get(rid)

    def all(self) -> list[Round]:
        with self.lock:
            return sorted(self._rounds.values(), key=lambda r: r.created, reverse=True)

    def remove(self, rid: str) -> Round | None:
        """Forget a round and delete its files (its jobs must be stopped first)."""
        with self.lock:
            rnd = self._rounds.pop(rid, None)
        if rnd is not None:
            shutil.rmtree(rnd.folder, ignore_errors=True)
        return rnd

    def clear(self) -> None:
        """Delete every file of this launch: the server is stopping."""
        with self.lock:
            self._rounds.clear()
        shutil.rmtree(self.folder, ignore_errors=True)
