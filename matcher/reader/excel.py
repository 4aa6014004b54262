"""Safe, fast loading of an .xlsx workbook into plain rows of cell values.

Why not openpyxl's reader: we need, per cell, both the cached value *and* whether it holds a
formula (a formula with no cached value must be reported, not read as blank), and we must stay
fast on sheets with hundreds of thousands of formatted but empty rows. So the sheet XML is
streamed through :mod:`defusedxml` (no entities, no DTDs, no external references) with a small
SAX-like target that keeps only cells that hold something. Nothing else in the package is
opened: no external links, no macros, no pictures. The file is only ever opened for reading.
"""

from __future__ import annotations

import datetime as dt
import re
import zipfile
import zlib
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from pathlib import Path, PurePosixPath
from typing import IO, Any
from xml.etree.ElementTree import ParseError

from defusedxml import DefusedXmlException
from defusedxml.ElementTree import DefusedXMLParser
from openpyxl.styles.numbers import BUILTIN_FORMATS, is_date_format
from openpyxl.utils.datetime import from_excel

from matcher.problem import InputIssue


class WorkbookError(Exception):
    """The file cannot be read as a workbook at all; carries the issues to report."""

    def __init__(self, issues: list[InputIssue]) -> None:
        super().__init__("unreadable workbook")
        self.issues = issues


class CellFault:
    """Marks a cell whose value cannot be used (uncached formula, Excel error); the fault was
    already reported, so later stages must not report the same cell again."""

    __slots__ = ()

    def __repr__(self) -> str:
        return "FAULT"


FAULT = CellFault()

Value = str | int | float | bool | dt.datetime | CellFault


@dataclass
class SheetRows:
    """One worksheet: its non-empty rows, each ``(excel_row, {column_index: value})``."""

    name: str
    rows: list[tuple[int, dict[int, Value]]] = field(default_factory=list)
    merged: list[tuple[int, int, int, int]] = field(default_factory=list)  # r1, c1, r2, c2
    hidden: set[int] = field(default_factory=set)  # hidden or filtered-out rows (Excel numbers)


@dataclass
class Workbook:
    """The sheets of a workbook by their name, plus issues found while loading."""

    sheets: dict[str, SheetRows]
    issues: list[InputIssue]
    formulas_found: bool = False


_OLE_MAGIC = b"\xd0\xcf\x11\xe0"
_SAVE_AS = "an Excel workbook (.xlsx)"
_REL_OFFICE_DOC = "officeDocument"
_CELL_REF = re.compile(r"^([A-Z]{1,3})(\d+)$")
_ESCAPE = re.compile(r"_x([0-9A-Fa-f]{4})_")


#: The most one part of an input workbook may hold uncompressed. A 20,000-participant round's
#: largest sheet is about 20 MB; anything far beyond is a decompression bomb, not a
#: coordinator's round.
MAX_PART_BYTES = 256 * 1024 * 1024
#: The most one part of a result workbook may hold: a Timetable sheet of Excel's 1,048,576
#: rows, about 500 bytes each, with room to spare.
RESULT_PART_BYTES = 1024 * 1024 * 1024


def load_workbook(path: Path, only: Callable[[str], bool] | None = None,
                  part_limit: int | None = None) -> Workbook:
    """Read every worksheet of ``path`` (those whose name ``only`` accepts, when given: a
    previous result's timetable sheets are large and not needed); raises
    :class:`WorkbookError` if it is no usable xlsx, or if a part unpacks to more than
    ``part_limit`` bytes (default :data:`MAX_PART_BYTES`; a result workbook's Timetable may
    hold a million rows)."""
    _check_file_kind(path)
    limit = MAX_PART_BYTES if part_limit is None else part_limit
    try:
        with zipfile.ZipFile(path, "r") as archive:
            return _read_archive(archive, only, limit)
    except PartTooLarge as exc:
        raise _fail(f"a part of the workbook unpacks to more than {limit >> 20} MB, "
                    "far more than any round needs (a damaged or hostile file); it was not "
                    "read") from exc
    except (zipfile.BadZipFile, zlib.error, OSError) as exc:  # damaged part or bad offsets
        raise _fail("the file is damaged or incomplete (perhaps cut off while copying); "
                    "open it in Excel and save it again") from exc
    except (ParseError, DefusedXmlException, KeyError, ValueError, EOFError,
            zipfile.LargeZipFile, NotImplementedError) as exc:
        raise _fail("the workbook's contents are damaged or use unsafe XML features, so it "
                    "was not read; open it in Excel and save it again as .xlsx") from exc


def _fail(message: str, expected: str | None = _SAVE_AS) -> WorkbookError:
    return WorkbookError([InputIssue(None, None, None, message, expected=expected)])


def _check_file_kind(path: Path) -> None:
    """Recognise the usual wrong files by their first bytes, before trying to unzip them."""
    if not path.exists():
        raise _fail(f"the file does not exist: {path.name}")
    if path.is_dir():
        raise _fail(f"this is a folder, not a file: {path.name}")
    with path.open("rb") as handle:
        head = handle.read(8)
    if not head:
        raise _fail("the file is empty")
    if head.startswith(_OLE_MAGIC):
        raise _fail("the file is password-protected (encrypted) or an old .xls workbook; "
                    "remove the password and save it as an unprotected .xlsx workbook",
                    expected="an unprotected .xlsx workbook")
    if head.startswith(b"%PDF"):
        raise _fail("the file is a PDF, not an Excel workbook")
    if not head.startswith(b"PK"):
        raise _fail("the file is not an Excel .xlsx workbook (it looks like text, e.g. CSV); "
                    "open it in Excel and save it as .xlsx")


# --- package structure ---------------------------------------------------------------------


def _local(tag: str) -> str:
    return tag.rpartition("}")[2]


class _Collect:
    """A parser target that records start tags with their attributes, and text of chosen tags."""

    def __init__(self, text_tags: Iterable[str] = ()) -> None:
        self.items: list[tuple[str, dict[str, str]]] = []
        self.text_tags = set(text_tags)
        self._buf: list[str] | None = None
        self.texts: list[str] = []

    def start(self, tag: str, attrib: dict[str, str]) -> None:
        name = _local(tag)
        self.items.append((name, {_local(k): v for k, v in attrib.items()}))
        if name in self.text_tags:
            self._buf = []

    def end(self, tag: str) -> None:
        if self._buf is not None and _local(tag) in self.text_tags:
            self.texts.append("".join(self._buf))
            self._buf = None

    def data(self, text: str) -> None:
        if self._buf is not None:
            self._buf.append(text)

    def close(self) -> None:
        return None


class PartTooLarge(ValueError):
    """A workbook part unpacks to more than :data:`MAX_PART_BYTES`."""


def _parse(archive: zipfile.ZipFile, member: str, target: Any,
           limit: int | None = None) -> None:
    """Stream one package part (at most ``limit`` bytes unpacked, default
    :data:`MAX_PART_BYTES`) through the defused parser into ``target``."""
    limit = MAX_PART_BYTES if limit is None else limit
    if archive.getinfo(member).file_size > limit:
        raise PartTooLarge(member)
    parser = DefusedXMLParser(target=target, forbid_dtd=True, forbid_entities=True,
                              forbid_external=True)
    with archive.open(member) as handle:
        _feed(parser, handle, limit)
    parser.close()


def _feed(parser: DefusedXMLParser, handle: IO[bytes], limit: int) -> None:
    """Feed the parser in blocks, counting what the part really unpacks to (the size the zip
    declares can lie)."""
    total = 0
    while True:
        block = handle.read(1 << 16)
        if not block:
            return
        total += len(block)
        if total > limit:
            raise PartTooLarge("part")
        parser.feed(block)


def _resolve(base: str, target: str) -> str:
    """A relationship target relative to the part ``base`` → a path inside the zip."""
    if target.startswith("/"):
        return target.lstrip("/")
    parts: list[str] = []
    for piece in (str(PurePosixPath(base).parent) + "/" + target).split("/"):
        if piece in ("", "."):
            continue
        if piece == "..":
            if parts:
                parts.pop()
        else:
            parts.append(piece)
    return "/".join(parts)


def _rels(archive: zipfile.ZipFile, part: str) -> dict[str, tuple[str, str]]:
    """Relationship id → (type suffix, resolved target) for one part."""
    p = PurePosixPath(part)
    rels_name = str(p.parent / "_rels" / (p.name + ".rels")).lstrip("./")
    if part == "":
        rels_name = "_rels/.rels"
    if rels_name not in archive.namelist():
        return {}
    target = _Collect()
    _parse(archive, rels_name, target)
    out: dict[str, tuple[str, str]] = {}
    for name, attrs in target.items:
        if name == "Relationship" and attrs.get("TargetMode") != "External":
            kind = attrs.get("Type", "").rsplit("/", 1)[-1]
            out[attrs.get("Id", "")] = (kind, _resolve(part or "x", attrs.get("Target", "")))
    return out


def _read_archive(archive: zipfile.ZipFile, only: Callable[[str], bool] | None = None,
                  part_limit: int | None = None) -> Workbook:
    names = set(archive.namelist())
    book_part = next((t for kind, t in _rels(archive, "").values() if kind == _REL_OFFICE_DOC),
                     "xl/workbook.xml")
    if book_part not in names:
        raise _fail("the file is a zip archive but not an Excel workbook (.xlsx)")
    book = _Collect()
    _parse(archive, book_part, book)
    date1904 = any(n == "workbookPr" and a.get("date1904", "0") in ("1", "true")
                   for n, a in book.items)
    rels = _rels(archive, book_part)
    styles = next((t for kind, t in rels.values() if kind == "styles"), None)
    strings = next((t for kind, t in rels.values() if kind == "sharedStrings"), None)
    date_styles = _date_styles(archive, styles) if styles in names else frozenset()
    shared = _shared_strings(archive, strings) if strings in names else []
    epoch = dt.datetime(1904, 1, 1) if date1904 else dt.datetime(1899, 12, 30)
    book_out = Workbook({}, [])
    for name, attrs in book.items:
        if name != "sheet":
            continue
        kind, target = rels.get(attrs.get("id", ""), ("", ""))
        if kind != "worksheet" or target not in names:
            continue  # chart sheets, dialog sheets, macro sheets: not data
        if only is not None and not only(attrs.get("name", "")):
            continue
        reader = _SheetReader(attrs.get("name", ""), shared, date_styles, epoch)
        _parse(archive, target, reader, part_limit)
        book_out.sheets[reader.sheet.name] = reader.sheet
        book_out.issues.extend(reader.issues)
        book_out.formulas_found |= reader.formulas
    return book_out


def _shared_strings(archive: zipfile.ZipFile, part: str) -> list[str]:
    target = _StringsReader()
    _parse(archive, part, target)
    return target.strings


class _StringsReader:
    """Collects each ``<si>``'s text, skipping phonetic runs (``<rPh>``)."""

    def __init__(self) -> None:
        self.strings: list[str] = []
        self._parts: list[str] = []
        self._in_t = False
        self._in_rph = False

    def start(self, tag: str, attrib: dict[str, str]) -> None:
        name = _local(tag)
        if name == "t" and not self._in_rph:
            self._in_t = True
        elif name == "rPh":
            self._in_rph = True
        elif name == "si":
            self._parts = []

    def end(self, tag: str) -> None:
        name = _local(tag)
        if name == "t":
            self._in_t = False
        elif name == "rPh":
            self._in_rph = False
        elif name == "si":
            self.strings.append(_unescape("".join(self._parts)))

    def data(self, text: str) -> None:
        if self._in_t:
            self._parts.append(text)

    def close(self) -> None:
        return None


def _unescape(text: str) -> str:
    """Excel writes some control characters as ``_xHHHH_``.

    An escape may name half of a surrogate pair: pairs are joined, and a lone half (which no
    output could encode) becomes U+FFFD, visible to the user."""
    if "_x" not in text:
        return text
    text = _ESCAPE.sub(lambda m: chr(int(m.group(1), 16)), text)
    return text.encode("utf-16", "surrogatepass").decode("utf-16", "replace")


def _date_styles(archive: zipfile.ZipFile, part: str) -> frozenset[int]:
    """Indexes of the cell formats (``cellXfs``) whose number format shows a date."""
    target = _Collect()
    _parse(archive, part, target)
    custom: dict[int, str] = {}
    in_xfs = False
    xf_index = 0
    dates: set[int] = set()
    for name, attrs in target.items:
        if name == "numFmt":
            custom[int(attrs.get("numFmtId", "0"))] = attrs.get("formatCode", "")
        elif name == "cellXfs":
            in_xfs = True
        elif name in ("cellStyles", "dxfs", "cellStyleXfs"):
            in_xfs = False
        elif name == "xf" and in_xfs:
            fmt_id = int(attrs.get("numFmtId", "0"))
            code = custom.get(fmt_id, BUILTIN_FORMATS.get(fmt_id, ""))
            if is_date_format(code) or 27 <= fmt_id <= 36 or 50 <= fmt_id <= 58:
                dates.add(xf_index)
            xf_index += 1
    return frozenset(dates)


# --- sheet data ----------------------------------------------------------------------------


def column_index(letters: str) -> int:
    """``"A"`` → 1, ``"AA"`` → 27."""
    n = 0
    for ch in letters:
        n = n * 26 + ord(ch) - 64
    return n


def column_letter(index: int) -> str:
    """1 → ``"A"``, 27 → ``"AA"``."""
    out = ""
    while index:
        index, rem = divmod(index - 1, 26)
        out = chr(65 + rem) + out
    return out


def _split_ref(ref: str) -> tuple[int, int]:
    m = _CELL_REF.match(ref.replace("$", "").upper())
    if not m:
        raise ValueError(f"bad cell reference {ref!r}")
    return int(m.group(2)), column_index(m.group(1))


class _SheetReader:
    """Parser target for one worksheet: keeps only cells that hold a value or a formula."""

    def __init__(self, name: str, shared: list[str], date_styles: frozenset[int],
                 epoch: dt.datetime) -> None:
        self.sheet = SheetRows(name)
        self.issues: list[InputIssue] = []
        self.formulas = False
        self._shared = shared
        self._dates = date_styles
        self._epoch = epoch
        self._row = 0
        self._col = 0
        self._cells: dict[int, Value] = {}
        self._type = "n"
        self._style = 0
        self._formula = False
        self._text: list[str] | None = None
        self._value: str | None = None
        self._inline: list[str] = []
        self._in_rph = False

    def start(self, tag: str, attrib: dict[str, str]) -> None:
        name = tag.rpartition("}")[2]
        if name == "c":
            ref = attrib.get("r")
            if ref:
                self._col = _split_ref(ref)[1]
            else:
                self._col += 1
            self._type = attrib.get("t", "n")
            self._style = int(attrib.get("s", "0"))
            self._formula = False
            self._value = None
            self._inline = []
        elif name == "v" or (name == "t" and not self._in_rph):
            self._text = []
        elif name == "f":
            self._formula = True
        elif name == "row":
            r = attrib.get("r")
            self._row = int(r) if r else self._row + 1
            self._col = 0
            self._cells = {}
            if attrib.get("hidden") in ("1", "true"):
                self.sheet.hidden.add(self._row)
        elif name == "rPh":
            self._in_rph = True
        elif name == "mergeCell":
            first, _, last = attrib.get("ref", "").partition(":")
            if last:
                r1, c1 = _split_ref(first)
                r2, c2 = _split_ref(last)
                self.sheet.merged.append((r1, c1, r2, c2))

    def end(self, tag: str) -> None:
        name = tag.rpartition("}")[2]
        if name == "v":
            self._value = "".join(self._text or ())
            self._text = None
        elif name == "t" and self._text is not None:
            self._inline.append("".join(self._text))
            self._text = None
        elif name == "rPh":
            self._in_rph = False
        elif name == "c":
            self._finish_cell()
        elif name == "row" and self._cells:
            self.sheet.rows.append((self._row, self._cells))

    def data(self, text: str) -> None:
        if self._text is not None:
            self._text.append(text)

    def close(self) -> None:
        return None

    def _finish_cell(self) -> None:
        value = self._convert()
        if self._formula:
            self.formulas = True
            if value is None or value == "":
                self._fault("a formula with no saved value; open the file in Excel, let it "
                            "calculate, and save it (or type the value instead)")
                value = FAULT
        if value is not None:
            self._cells[self._col] = value

    def _fault(self, message: str, found: str | None = None) -> None:
        ref = f"{column_letter(self._col)}{self._row}"
        self.issues.append(InputIssue(self.sheet.name, self._row, f"cell {ref}",
                                      f"cell {ref}: {message}", value=found))

    def _convert(self) -> Value | None:
        kind, raw = self._type, self._value
        if kind == "inlineStr":
            return _unescape("".join(self._inline))
        if raw is None:
            return None
        if kind == "s":
            return self._shared[int(raw)]
        if kind in ("str", "inlineStr"):
            return _unescape(raw)
        if kind == "b":
            return raw.strip() in ("1", "true")
        if kind == "e":
            self._fault("shows an Excel error; fix the cell", found=raw)
            return FAULT
        if kind == "d":
            return dt.datetime.fromisoformat(raw.strip().rstrip("Z"))
        if raw.strip() == "":
            return None
        number = _number(raw)
        if self._style in self._dates:
            return _as_datetime(number, self._epoch)
        return number


def _number(raw: str) -> int | float:
    text = raw.strip()
    if text.lstrip("-").isdigit():
        return int(text)
    number = float(text)
    return int(number) if number.is_integer() and abs(number) < 2**53 else number


def _as_datetime(serial: float, epoch: dt.datetime) -> dt.datetime | float:
    """An Excel date serial → datetime (keeping a plain number if it is out of range)."""
    try:
        if epoch.year == 1899:
            result = from_excel(serial)
            return result if isinstance(result, dt.datetime) else serial
        return epoch + dt.timedelta(days=serial)
    except (OverflowError, ValueError, TypeError):
        return serial
