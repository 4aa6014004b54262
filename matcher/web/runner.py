"""Background processes for the jobs, so a solving round never slows a page down.

Rounds, capacity and compare jobs wait in one queue and run one at a time per slot
(``WebConfig.round_slots``, one by default: a round's solver already uses the workers it was
given). A workbook check runs at once beside them: it only reads. Each job is a process of its
own, so stopping it is ending that process, and its memory goes back when it ends. A thread
per job waits on the job's pipe and records what it reports.
"""

from __future__ import annotations

import logging
import multiprocessing
import threading
import time
from collections import deque
from multiprocessing.connection import Connection
from typing import Any

from matcher.web import jobs
from matcher.web.rounds import DONE, FAILED, INVALID, RUNNING, STOPPED, Job, Round, Rounds

log = logging.getLogger("matcher.web")

#: Jobs that run at once instead of waiting for a slot.
IMMEDIATE = frozenset({"check"})


def _context() -> Any:
    """A fresh interpreter per job ("spawn"): nothing of the server's state (threads, open
    sockets, a fork server started earlier in the same process) is inherited by a round."""
    return multiprocessing.get_context("spawn")


class Runner:
    """Starts, watches and stops the job processes of one launch."""

    def __init__(self, rounds: Rounds, slots: int = 1) -> None:
        self.rounds = rounds
        self.slots = slots
        self._ctx = _context()
        self._queue: deque[tuple[Round, Job]] = deque()
        self._running: dict[tuple[str, str], multiprocessing.process.BaseProcess] = {}
        self._closed = False

    def submit(self, rnd: Round, job: Job) -> None:
        """Queue a job (a check starts at once)."""
        with self.rounds.lock:
            rnd.jobs[job.kind] = job
            if job.kind in IMMEDIATE:
                self._start(rnd, job)
            else:
                self._queue.append((rnd, job))
                self._fill()
        log.info("%s job queued (round %s)", job.kind, rnd.id)

    def waiting_before(self, rnd: Round, job: Job) -> int:
        """How many queued jobs start before this one."""
        with self.rounds.lock:
            for i, (r, j) in enumerate(self._queue):
                if r is rnd and j is job:
                    return i
        return 0

    def stop(self, rnd: Round, kind: str) -> None:
        """Stop a job: take it out of the queue, or end its process."""
        with self.rounds.lock:
            job = rnd.jobs.get(kind)
            if job is None or job.finished_or_stopped:
                return
            job.status = STOPPED
            job.finished = time.time()
            self._queue = deque((r, j) for r, j in self._queue if j is not job)
            process = self._running.get((rnd.id, kind))
        if process is not None:
            _end(process)
        log.info("%s job stopped (round %s)", kind, rnd.id)

    def stop_round(self, rnd: Round) -> None:
        """Stop every job of a round whose files are about to be deleted, and end the
        processes of finished jobs too: a match reports "done" before it writes its page
        data, and a file written while the folder is deleted would leave the folder behind."""
        for kind in list(rnd.jobs):
            self.stop(rnd, kind)
        with self.rounds.lock:
            left = [p for (rid, _), p in self._running.items() if rid == rnd.id]
        for process in left:
            _end(process)

    def shutdown(self) -> None:
        """Stop everything: the server is going away."""
        with self.rounds.lock:
            self._closed = True
            self._queue.clear()
            processes = list(self._running.values())
        for process in processes:
            _end(process)

    def busy(self) -> int:
        with self.rounds.lock:
            return sum(1 for rid, kind in self._running if kind not in IMMEDIATE)

    def _fill(self) -> None:
        """Start queued jobs while a slot is free (call with the lock held)."""
        while self._queue and not self._closed and self.busy() < self.slots:
            rnd, job = self._queue.popleft()
            self._start(rnd, job)

    def _start(self, rnd: Round, job: Job) -> None:
        receiver, sender = self._ctx.Pipe(duplex=False)
        args = (job.kind, str(rnd.folder), job.options, sender, job.sample)
        process = self._ctx.Process(target=jobs.main, args=args, daemon=True)
        job.status = RUNNING
        job.started = time.time()
        process.start()
        sender.close()
        self._running[(rnd.id, job.kind)] = process
        threading.Thread(target=self._watch, args=(rnd, job, process, receiver),
                         daemon=True, name=f"watch-{job.kind}").start()

    def _watch(self, rnd: Round, job: Job, process: Any, conn: Connection) -> None:
        """Record what a job reports until its process ends; then start the next."""
        while True:
            try:
                kind, data = conn.recv()
            except (EOFError, OSError):
                break
            with self.rounds.lock:
                if job.status == STOPPED:
                    continue
                _record(job, kind, data)
        process.join()
        conn.close()
        with self.rounds.lock:
            if job.status == RUNNING:  # ended without a word: killed, or out of memory
                job.status = FAILED
                job.error = {"message": "the background process ended unexpectedly",
                             "conflicts": []}
            job.finished = job.finished or time.time()
            self._running.pop((rnd.id, job.kind), None)
            self._fill()
        log.info("%s job %s (round %s)", job.kind, job.status, rnd.id)


#: The messages that end a job, and the status each leaves it in.
_ENDINGS = {"done": DONE, "invalid": INVALID, "failed": FAILED}


def _record(job: Job, kind: str, data: Any) -> None:
    """Apply one message from a job's process."""
    if kind == "progress":
        job.progress.update(data)
    elif kind == "view":
        job.view_ready = True
    elif kind in _ENDINGS:
        if kind == "done":
            job.result = data
        else:
            job.error = data
        job.status = _ENDINGS[kind]
        job.finished = time.time()


def _end(process: Any) -> None:
    """End a job's process, politely first."""
    process.terminate()
    process.join(timeout=3)
    if process.is_alive():
        process.kill()
        process.join(timeout=3)

