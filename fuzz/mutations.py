"""Ways a person or a broken export breaks an input workbook, for the fuzz tests and runner.

A case starts from a valid generated round (:func:`base_workbook`) and applies one to three
mutations chosen by a seeded :class:`random.Random`, so every case can be replayed from its
seed. Cell-level mutations edit a copy with openpyxl; container-level ones edit the zip bytes
(truncation, flipped bytes, missing parts, XML bombs, external entities, control characters).
:func:`run_case` then runs the real command and classifies what happened.
"""

from __future__ import annotations

import datetime as dt
import io
import json
import random
import re
import signal
import tempfile
import zipfile
import zlib
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from functools import cache
from pathlib import Path
from types import FrameType

from click.testing import CliRunner
from openpyxl import Workbook, load_workbook
from openpyxl.cell import Cell
from openpyxl.worksheet.worksheet import Worksheet

from matcher.inputbook import write_problem
from matcher.samples import generate

# --- valid starting points -----------------------------------------------------------------

#: (participants, seed, profile) of the valid rounds the cases start from: small, so a case
#: validates in a few hundredths of a second and solves in well under the time limit.
BASES: tuple[tuple[int, int, str], ...] = (
    (8, 1, "county"), (12, 2, "gloppen"), (10, 3, "menn-i-helse"), (9, 4, "odda"),
    (10, 5, "oslo"), (8, 6, "heffi"),
)
HORIZON_WEEKS = 6


@cache
def base_workbook(index: int) -> bytes:
    """The bytes of valid base round ``index`` (written once per process)."""
    participants, seed, profile = BASES[index % len(BASES)]
    problem = generate(participants, None, seed, profile, HORIZON_WEEKS)
    with tempfile.TemporaryDirectory(prefix="matcher-fuzz-base-") as folder:
        path = Path(folder) / "base.xlsx"
        write_problem(problem, path)
        return path.read_bytes()


# --- cell-level mutations (openpyxl) -------------------------------------------------------

WEIRD_TEXT: tuple[str, ...] = (
    "", " ", "\u200b", "\u200f", "\u202e101", "e\u0301\u0301\u0301", "\ufeffP1", "Ø101",
    "Bjørn-Åse", "æøå ÆØÅ", "İı", "\U0001F600", "=1+2", "+47", "-1", "@SUM(A1)",
    "=HYPERLINK(\"http://example.invalid\")", "Mon-Fri", "Fri-Mon", "man-fre", "lør,søn",
    "A1", "c2", "yes", "ja", "x", "NaN", "inf", "1e400", "0101", "101.0", "1,5", "2026-02-30",
    "2026-01-05", "01.01.2026", "  padded  ", "a;b;;c", ",", "-", "null", "None",
)
WEIRD_VALUES: tuple[object, ...] = (
    None, 0, -1, -5, 1, 7, 8, 99, 10**12, 2**63, 1.5, -0.0, 1e308, True, False,
    dt.datetime(1900, 1, 1), dt.datetime(2026, 1, 6), dt.datetime(9999, 12, 31),
    dt.date(2026, 1, 5), dt.time(12, 30),
)


def _data_sheets(wb: Workbook) -> list[Worksheet]:
    return [ws for ws in wb.worksheets if ws.max_row >= 1]


def _pick_sheet(wb: Workbook, rng: random.Random) -> Worksheet | None:
    sheets = _data_sheets(wb)
    return rng.choice(sheets) if sheets else None


def _pick_cell(wb: Workbook, rng: random.Random, header: bool = False) -> Cell | None:
    ws = _pick_sheet(wb, rng)
    if ws is None:
        return None
    first = 1 if header or ws.max_row < 2 else 2
    row = rng.randint(first, max(first, ws.max_row))
    col = rng.randint(1, max(1, ws.max_column))
    cell = ws.cell(row, col)
    return cell if isinstance(cell, Cell) else None


def _set_text(cell: Cell, text: str) -> None:
    """Store ``text`` as a string cell, even when it starts with ``=`` (typed text)."""
    cell.value = text
    cell.data_type = "s"


def delete_sheet(wb: Workbook, rng: random.Random) -> str:
    if len(wb.worksheets) <= 1:
        return "delete_sheet: skipped"
    ws = rng.choice(wb.worksheets)
    wb.remove(ws)
    return f"delete_sheet {ws.title}"


def delete_column(wb: Workbook, rng: random.Random) -> str:
    ws = _pick_sheet(wb, rng)
    if ws is None:
        return "delete_column: skipped"
    col = rng.randint(1, max(1, ws.max_column))
    ws.delete_cols(col)
    return f"delete_column {ws.title}:{col}"


def swap_headers(wb: Workbook, rng: random.Random) -> str:
    ws = _pick_sheet(wb, rng)
    if ws is None or ws.max_column < 2:
        return "swap_headers: skipped"
    a, b = rng.sample(range(1, ws.max_column + 1), 2)
    ws.cell(1, a).value, ws.cell(1, b).value = ws.cell(1, b).value, ws.cell(1, a).value
    return f"swap_headers {ws.title}:{a}<->{b}"


def swap_columns(wb: Workbook, rng: random.Random) -> str:
    """Swap the data of two columns under unchanged headers (a paste into the wrong place)."""
    ws = _pick_sheet(wb, rng)
    if ws is None or ws.max_column < 2:
        return "swap_columns: skipped"
    a, b = rng.sample(range(1, ws.max_column + 1), 2)
    for row in range(2, ws.max_row + 1):
        ws.cell(row, a).value, ws.cell(row, b).value = ws.cell(row, b).value, ws.cell(row, a).value
    return f"swap_columns {ws.title}:{a}<->{b}"


def mangle_header(wb: Workbook, rng: random.Random) -> str:
    cell = _pick_cell(wb, rng, header=True)
    if cell is None:
        return "mangle_header: skipped"
    text = str(cell.value or "")
    cell.value = rng.choice([text.upper(), f"  {text} ", text + "x", "", text.replace("_", " "),
                             rng.choice(WEIRD_TEXT)])
    return f"mangle_header {cell.coordinate}"


def wrong_value(wb: Workbook, rng: random.Random) -> str:
    cell = _pick_cell(wb, rng)
    if cell is None:
        return "wrong_value: skipped"
    cell.value = rng.choice(WEIRD_VALUES)
    return f"wrong_value {cell.parent.title}!{cell.coordinate}"


def weird_text(wb: Workbook, rng: random.Random) -> str:
    """Unicode traps: combining marks, RTL and zero-width characters, Norwegian letters."""
    cell = _pick_cell(wb, rng)
    if cell is None:
        return "weird_text: skipped"
    old = "" if cell.value is None else str(cell.value)
    extra = rng.choice(WEIRD_TEXT)
    _set_text(cell, rng.choice([extra, old + extra, extra + old, old[:1] + extra + old[1:]]))
    return f"weird_text {cell.parent.title}!{cell.coordinate}"


def long_text(wb: Workbook, rng: random.Random) -> str:
    cell = _pick_cell(wb, rng)
    if cell is None:
        return "long_text: skipped"
    _set_text(cell, (str(cell.value or "x") * 40_000)[: rng.choice([300, 5_000, 32_767])])
    return f"long_text {cell.parent.title}!{cell.coordinate}"


def blank_cell(wb: Workbook, rng: random.Random) -> str:
    ws = _pick_sheet(wb, rng)
    if ws is None or ws.max_row < 2:
        return "blank_cell: skipped"
    row = rng.randint(2, ws.max_row)
    col = 1 if rng.random() < 0.5 else rng.randint(1, max(1, ws.max_column))
    ws.cell(row, col).value = None
    return f"blank_cell {ws.title}!R{row}C{col}"


def duplicate_row(wb: Workbook, rng: random.Random) -> str:
    ws = _pick_sheet(wb, rng)
    if ws is None or ws.max_row < 2:
        return "duplicate_row: skipped"
    row = rng.randint(2, ws.max_row)
    ws.append([c.value for c in ws[row]])
    return f"duplicate_row {ws.title}:{row}"


def delete_row(wb: Workbook, rng: random.Random) -> str:
    """Delete a data row: whatever referred to its id now dangles."""
    ws = _pick_sheet(wb, rng)
    if ws is None or ws.max_row < 2:
        return "delete_row: skipped"
    row = rng.randint(2, ws.max_row)
    ws.delete_rows(row)
    return f"delete_row {ws.title}:{row}"


def unknown_id(wb: Workbook, rng: random.Random) -> str:
    """Point a reference (or an id) at something that does not exist."""
    ws = _pick_sheet(wb, rng)
    if ws is None or ws.max_row < 2:
        return "unknown_id: skipped"
    headers = [str(c.value or "") for c in ws[1]]
    refs = [i + 1 for i, h in enumerate(headers)
            if h.endswith("_id") or h in ("programmes", "locked_company", "locked_supervisor",
                                          "current_company")]
    if not refs:
        return "unknown_id: skipped"
    cell = ws.cell(rng.randint(2, ws.max_row), rng.choice(refs))
    cell.value = rng.choice(["NOPE-1", "Ø-404", 404, "p1; p1", "", "0"])
    return f"unknown_id {ws.title}!{cell.coordinate}"


def number_as_id(wb: Workbook, rng: random.Random) -> str:
    """Typed numbers and texts that look alike: ``101`` and ``"101"`` are the same id."""
    ws = _pick_sheet(wb, rng)
    if ws is None or ws.max_row < 3:
        return "number_as_id: skipped"
    a, b = rng.sample(range(2, ws.max_row + 1), 2)
    ws.cell(a, 1).value = 101
    ws.cell(b, 1).value = rng.choice(["101", 101.0, "0101", " 101 "])
    return f"number_as_id {ws.title}:{a},{b}"


def formula_cell(wb: Workbook, rng: random.Random) -> str:
    """A real formula (no cached value, as openpyxl saves it) or an error value."""
    cell = _pick_cell(wb, rng)
    if cell is None:
        return "formula_cell: skipped"
    cell.value = rng.choice(["=1+1", "=A1", "=#REF!", "=HYPERLINK(\"http://x.invalid\",\"a\")",
                             "=WEBSERVICE(\"http://x.invalid\")"])
    return f"formula_cell {cell.parent.title}!{cell.coordinate}"


def hyperlink_cell(wb: Workbook, rng: random.Random) -> str:
    cell = _pick_cell(wb, rng)
    if cell is None:
        return "hyperlink_cell: skipped"
    cell.hyperlink = rng.choice(["http://x.invalid/", "file:///etc/passwd", "#Sheet1!A1"])
    return f"hyperlink_cell {cell.parent.title}!{cell.coordinate}"


def shift_rows(wb: Workbook, rng: random.Random) -> str:
    """Empty rows above the header, or a stray cell far below the data."""
    ws = _pick_sheet(wb, rng)
    if ws is None:
        return "shift_rows: skipped"
    if rng.random() < 0.5:
        ws.insert_rows(1, rng.randint(1, 3))
        return f"shift_rows {ws.title}: header moved down"
    ws.cell(rng.choice([5_000, 1_048_576]), rng.randint(1, 16_384 if rng.random() < 0.2 else 5),
            "stray")
    return f"shift_rows {ws.title}: stray far cell"


def merge_cells(wb: Workbook, rng: random.Random) -> str:
    ws = _pick_sheet(wb, rng)
    if ws is None or ws.max_row < 2 or ws.max_column < 2:
        return "merge_cells: skipped"
    row = rng.randint(1, ws.max_row)
    ws.merge_cells(start_row=row, start_column=1, end_row=min(ws.max_row, row + 1),
                   end_column=2)
    return f"merge_cells {ws.title}:{row}"


def rename_sheet(wb: Workbook, rng: random.Random) -> str:
    ws = rng.choice(wb.worksheets)
    new = rng.choice([ws.title.lower(), f" {ws.title} ", ws.title + "2", "Ark1", "Deltakere",
                      ws.title.upper()])
    if new in wb.sheetnames:
        return "rename_sheet: skipped"
    ws.title = new
    return f"rename_sheet -> {new!r}"


def copy_sheet(wb: Workbook, rng: random.Random) -> str:
    """A second sheet whose name matches an existing one case-insensitively."""
    ws = rng.choice(wb.worksheets)
    copy = wb.copy_worksheet(ws)
    copy.title = ws.title.lower() if ws.title.lower() != ws.title else ws.title.upper()
    return f"copy_sheet {ws.title}"


def empty_sheet(wb: Workbook, rng: random.Random) -> str:
    ws = rng.choice(wb.worksheets)
    ws.delete_rows(2 if rng.random() < 0.7 else 1, ws.max_row)
    return f"empty_sheet {ws.title}"


CELL_MUTATIONS: dict[str, Callable[[Workbook, random.Random], str]] = {
    f.__name__: f for f in (
        delete_sheet, delete_column, swap_headers, swap_columns, mangle_header, wrong_value,
        weird_text, long_text, blank_cell, duplicate_row, delete_row, unknown_id, number_as_id,
        formula_cell, hyperlink_cell, shift_rows, merge_cells, rename_sheet, copy_sheet,
        empty_sheet,
    )
}


# --- container-level mutations (zip bytes) -------------------------------------------------

BILLION_LAUGHS = (
    b'<?xml version="1.0"?>\n<!DOCTYPE lolz [<!ENTITY lol "lol">'
    + b"".join(b'<!ENTITY lol%d "%s">' % (i, b"&lol%d;" % (i - 1) * 10 if i > 1 else b"&lol;" * 10)
               for i in range(1, 10))
    + b']>\n<worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main">'
    b'<sheetData><row r="1"><c r="A1" t="inlineStr"><is><t>&lol9;</t></is></c></row>'
    b"</sheetData></worksheet>"
)
EXTERNAL_ENTITY = (
    b'<?xml version="1.0"?>\n<!DOCTYPE x [<!ENTITY ext SYSTEM "file:///etc/passwd">]>\n'
    b'<worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main">'
    b'<sheetData><row r="1"><c r="A1" t="inlineStr"><is><t>&ext;</t></is></c></row>'
    b"</sheetData></worksheet>"
)
REMOTE_DTD = (
    b'<?xml version="1.0"?>\n<!DOCTYPE x SYSTEM "http://x.invalid/evil.dtd">\n'
    b'<worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main">'
    b"<sheetData/></worksheet>"
)


def _members(data: bytes) -> dict[str, bytes]:
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        return {name: archive.read(name) for name in archive.namelist()}


def _zip(members: dict[str, bytes]) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, content in members.items():
            archive.writestr(name, content)
    return buffer.getvalue()


def _sheet_names(members: dict[str, bytes]) -> list[str]:
    return sorted(n for n in members if n.startswith("xl/worksheets/sheet"))


def truncate(data: bytes, rng: random.Random) -> tuple[bytes, str]:
    if not data:
        return data, "truncate: skipped (empty)"
    cut = rng.randrange(0, len(data))
    return data[:cut], f"truncate at {cut} of {len(data)}"


def flip_bytes(data: bytes, rng: random.Random) -> tuple[bytes, str]:
    if not data:
        return data, "flip_bytes: skipped (empty)"
    out = bytearray(data)
    for _ in range(rng.randint(1, 20)):
        out[rng.randrange(len(out))] ^= rng.randint(1, 255)
    return bytes(out), "flip_bytes"


def drop_member(data: bytes, rng: random.Random) -> tuple[bytes, str]:
    members = _members(data)
    name = rng.choice(sorted(members))
    del members[name]
    return _zip(members), f"drop_member {name}"


def replace_member(data: bytes, rng: random.Random) -> tuple[bytes, str]:
    """Put an XML bomb, an external entity, a remote DTD or garbage in place of a part."""
    members = _members(data)
    sheets = _sheet_names(members)
    target = rng.choice([*sheets, "xl/workbook.xml", "xl/sharedStrings.xml", "xl/styles.xml",
                         "[Content_Types].xml", "xl/_rels/workbook.xml.rels"])
    payload, kind = rng.choice([(BILLION_LAUGHS, "billion_laughs"),
                                (EXTERNAL_ENTITY, "external_entity"),
                                (REMOTE_DTD, "remote_dtd"), (b"<not xml", "garbage"),
                                (b"", "empty"), (b"\xff\xfe\x00<", "bad encoding")])
    members[target] = payload
    return _zip(members), f"replace_member {target} with {kind}"


def control_chars(data: bytes, rng: random.Random) -> tuple[bytes, str]:
    """Control characters inside cell text, the way Excel escapes them (``_x0007_``) or raw."""
    members = _members(data)
    name = "xl/sharedStrings.xml" if "xl/sharedStrings.xml" in members else rng.choice(
        _sheet_names(members))
    text = members[name]
    spots = [m.end() for m in re.finditer(rb"<t[^>]*>", text)]
    if not spots:
        return data, "control_chars: skipped"
    at = rng.choice(spots)
    insert = rng.choice([b"_x0007_", b"_x001B_", b"_x0000_", b"_xD800_", b"\x01", b"\x1b",
                         b"&#1;", b"_x000D__x000A_"])
    members[name] = text[:at] + insert + text[at:]
    return _zip(members), f"control_chars {insert!r} in {name}"


def decompression_bomb(data: bytes, rng: random.Random) -> tuple[bytes, str]:
    """A sheet that inflates from a few kB to tens of MB of empty rows and whitespace."""
    members = _members(data)
    name = rng.choice(_sheet_names(members))
    text = members[name]
    filler = rng.choice([b" " * 30_000_000,
                         b"".join(b'<row r="%d"/>' % r for r in range(3, 400_000))])
    members[name] = text.replace(b"</sheetData>", filler + b"</sheetData>", 1)
    return _zip(members), f"decompression_bomb in {name}"


def dangling_relation(data: bytes, rng: random.Random) -> tuple[bytes, str]:
    """The workbook points at a part that is missing, outside the package, or on the web."""
    members = _members(data)
    rels = "xl/_rels/workbook.xml.rels"
    target = rng.choice([b"worksheets/missing.xml", b"../../../etc/passwd",
                         b"http://x.invalid/sheet.xml", b"/xl/worksheets/sheet1.xml"])
    members[rels] = re.sub(rb'Target="worksheets/sheet1\.xml"', b'Target="' + target + b'"',
                           members[rels], count=1)
    return _zip(members), f"dangling_relation -> {target.decode()}"


def not_a_workbook(data: bytes, rng: random.Random) -> tuple[bytes, str]:
    content = rng.choice([b"", b"participant_id;name\n1;x\n", b"%PDF-1.4\n",
                          b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\0" * 500, b"PK\x03\x04",
                          _zip({"hello.txt": b"hi"})])
    return content, f"not_a_workbook {content[:8]!r}"


CONTAINER_MUTATIONS: dict[str, Callable[[bytes, random.Random], tuple[bytes, str]]] = {
    f.__name__: f for f in (truncate, flip_bytes, drop_member, replace_member, control_chars,
                            decompression_bomb, dangling_relation, not_a_workbook)
}
ALL_MUTATIONS: tuple[str, ...] = (*CELL_MUTATIONS, *CONTAINER_MUTATIONS)


def mutate(base: bytes, names: list[str], rng: random.Random) -> tuple[bytes, list[str]]:
    """Apply the named mutations in order: cell-level ones on one openpyxl copy, then the
    container-level ones on its bytes."""
    done: list[str] = []
    cell = [n for n in names if n in CELL_MUTATIONS]
    data = base
    if cell:
        wb = load_workbook(io.BytesIO(base))
        for name in cell:
            if any(ws.max_row * ws.max_column > 2_000_000 for ws in wb.worksheets):
                # an earlier mutation padded a sheet to hundreds of thousands of rows: openpyxl
                # would materialise every cell to edit it (gigabytes); the tool is not involved
                done.append(f"{name} (skipped: sheet too large to edit)")
                continue
            try:
                done.append(CELL_MUTATIONS[name](wb, rng))
            except (AttributeError, ValueError, IndexError):
                # the mutation does not apply to this workbook (e.g. cells an earlier mutation
                # merged are read-only): the fuzzer's limit, not the tool's; skip it
                done.append(f"{name} (skipped)")
        buffer = io.BytesIO()
        wb.save(buffer)
        data = buffer.getvalue()
    for name in names:
        if name in CONTAINER_MUTATIONS:
            try:
                data, what = CONTAINER_MUTATIONS[name](data, rng)
            except (zipfile.BadZipFile, zlib.error, EOFError, KeyError, IndexError,
                    NotImplementedError, ValueError):
                what = f"{name}: skipped (the container is already broken)"
            done.append(what)
    return data, done


def make_case(seed: int, folder: Path) -> tuple[Path, list[str], bool]:
    """Write case ``seed`` to ``folder``; returns its path, what was done and whether it was
    container-level (then a workbook-level message is the right location)."""
    rng = random.Random(seed)
    base = rng.randrange(len(BASES))
    names = [rng.choice(ALL_MUTATIONS) for _ in range(rng.choice([1, 1, 2, 3]))]
    return build_case(base, names, rng, folder / f"case-{seed}.xlsx")


def build_case(base: int, names: list[str], rng: random.Random,
               path: Path) -> tuple[Path, list[str], bool]:
    """Write base round ``base`` broken by ``names`` to ``path`` (see :func:`make_case`)."""
    data, done = mutate(base_workbook(base), names, rng)
    path.write_bytes(data)
    return path, done, any(n in CONTAINER_MUTATIONS for n in names)


# --- running a case ------------------------------------------------------------------------


class CaseTimeout(BaseException):
    """Raised by the alarm: a BaseException, so no ``except Exception`` in the tool hides it."""


@contextmanager
def time_limit(seconds: float) -> Iterator[None]:
    """Raise :class:`CaseTimeout` if the block runs longer than ``seconds`` (main thread)."""

    def on_alarm(signum: int, frame: FrameType | None) -> None:
        raise CaseTimeout

    old = signal.signal(signal.SIGALRM, on_alarm)
    signal.setitimer(signal.ITIMER_REAL, seconds)
    try:
        yield
    finally:
        signal.setitimer(signal.ITIMER_REAL, 0)
        signal.signal(signal.SIGALRM, old)


@dataclass(frozen=True)
class Outcome:
    """How one command ended: ``kind`` is ``ok``, ``invalid``, ``conflict`` (the good ones)
    or ``traceback``, ``internal-error``, ``hang``, ``unlocated``, ``exit-N`` (bugs)."""

    kind: str
    exit_code: int | None
    detail: str = ""

    @property
    def good(self) -> bool:
        return self.kind in ("ok", "invalid", "conflict")


def run_command(args: list[str], timeout: float) -> tuple[Outcome, str, str]:
    """Run ``matcher ARGS`` in-process; returns the outcome, stdout and stderr."""
    from cli.main import cli

    runner = CliRunner()
    try:
        with time_limit(timeout):
            result = runner.invoke(cli, args, catch_exceptions=True)
    except CaseTimeout:
        return Outcome("hang", None, f"no answer within {timeout} s"), "", ""
    out, err = result.stdout, result.stderr
    if result.exception is not None and not isinstance(result.exception, SystemExit):
        return Outcome("traceback", result.exit_code, repr(result.exception)), out, err
    if "Traceback" in out + err:
        return Outcome("traceback", result.exit_code, "a traceback was printed"), out, err
    kind = {0: "ok", 1: "invalid", 3: "conflict", 4: "internal-error"}.get(
        result.exit_code, f"exit-{result.exit_code}")
    return Outcome(kind, result.exit_code, err.strip()[-300:] if kind != "ok" else ""), out, err


def located(stdout: str, container: bool) -> str:
    """Why the ``--json`` errors are not located, or ``""`` when each names where it is:
    a sheet (with row and column where the problem is in a cell), or, for a file that cannot
    be read at all, the whole workbook."""
    try:
        errors = json.loads(stdout)["errors"]
    except (ValueError, KeyError, TypeError):
        return "the --json output is not JSON with an errors list"
    if not errors:
        return "exit 1 without any error listed"
    for e in errors:
        if not e.get("message"):
            return f"an error without a message: {e}"
        if e.get("sheet") is None and not container and e.get("row") is not None:
            return f"a row without its sheet: {e}"
    return ""


def run_case(path: Path, container: bool, match: bool, timeout: float = 20.0) -> Outcome:
    """``matcher validate --json`` on the case, then (if asked) ``matcher match``: the worse
    outcome of the two."""
    outcome, out, _ = run_command(["validate", "--json", str(path)], timeout)
    if outcome.kind == "invalid":
        why = located(out, container)
        if why:
            return Outcome("unlocated", 1, why)
    if not outcome.good or not match:
        return outcome
    result = path.with_name(path.stem + "-result.xlsx")
    second, _, _ = run_command(["match", str(path), "-o", str(result), "--time-limit", "2",
                                "--workers", "1", "--quiet"], timeout)
    if second.good and second.kind != outcome.kind and second.kind != "conflict":
        return Outcome("validate-match-disagree", second.exit_code,
                       f"validate said {outcome.kind}, match said {second.kind}")
    return second
