"""Fast sheet bodies: rows written as SpreadsheetML text, spliced into an openpyxl workbook.

openpyxl builds a ``Cell`` object per value even in write-only mode; that runs at about 15,000
timetable rows a second, and a big round has millions of rows. So the two big sheets (Timetable
and Calendar) are written in two parts:

* openpyxl (write-only mode) writes the sheet's frame: the header row, column widths, frozen
  panes, the auto-filter, and registers the styles and shared strings the body uses;
* the body rows are formatted here as plain ``<row>`` XML into a temporary file, using the
  workbook's own style ids, and :func:`splice` inserts that file into
  the saved package just before ``</sheetData>``.

Every text value of a body is a shared string (``t="s"``, :class:`SharedStrings`), so body
text is always a string cell, never a formula; the frame's own cells (headers, small tables)
stay openpyxl's inline strings.
"""

from __future__ import annotations

import datetime as dt
import shutil
import zipfile
from collections.abc import Mapping
from pathlib import Path, PurePosixPath
from typing import IO
from xml.etree import ElementTree
from xml.sax.saxutils import escape

from matcher.report.text import clean_text

#: Day 0 of Excel's 1900 date system, as Excel counts from 1900-03-01 on.
EXCEL_EPOCH = dt.date(1899, 12, 30)

_NS_MAIN = "{http://schemas.openxmlformats.org/spreadsheetml/2006/main}"
_NS_REL_ID = "{http://schemas.openxmlformats.org/officeDocument/2006/relationships}id"
_NS_PKG_REL = "{http://schemas.openxmlformats.org/package/2006/relationships}"
_SHEET_DATA_END = b"</sheetData>"
_BLOCK = 1 << 20
#: zlib level of the written package: the fastest. Level 1 deflates a timetable's XML about
#: four times as fast as the default 6 for a file about a quarter larger, and the package is
#: most of the time spent writing a big round.
COMPRESS_LEVEL = 1


def excel_serial(day: dt.date) -> int:
    """The Excel serial number of a date (what a date cell stores)."""
    return (day - EXCEL_EPOCH).days


class SharedStrings:
    """The workbook's shared-string table, for the text cells of the raw bodies.

    ``strings(text)`` is the end of a string cell's start tag and its value,
    `` t="s"><v>7</v>``: the cell refers to entry 7 of the table, so each distinct text is
    written once (a whole-course Timetable repeats a few hundred texts millions of times, and
    as inline strings they were most of its XML). The text is cleaned (:func:`clean_text`)
    and escaped once, the first time it is seen. A cell of type ``s`` is always text, never a
    formula. :func:`splice` adds the table to the package.
    """

    def __init__(self) -> None:
        self._seen: dict[str, str] = {}
        self._items: list[str] = []

    def __call__(self, text: str) -> str:
        found = self._seen.get(text)
        if found is None:
            clean = clean_text(text)
            escaped = escape(clean, {"\r": "&#13;"})
            space = ' xml:space="preserve"' if clean != clean.strip() else ""
            found = self._seen[text] = f' t="s"><v>{len(self._items)}</v>'
            self._items.append(f"<si><t{space}>{escaped}</t></si>")
        return found

    def __len__(self) -> int:
        return len(self._items)

    def part(self) -> bytes:
        """The ``xl/sharedStrings.xml`` part."""
        return (f'<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
                f'<sst xmlns="{_NS_MAIN[1:-1]}" uniqueCount="{len(self._items)}">'
                + "".join(self._items) + "</sst>").encode("utf-8")


class RawBody:
    """The body rows of one sheet, written as XML to a temporary file.

    ``first_row`` is the Excel row number of the first body row (the rows above it are the
    frame openpyxl writes).
    """

    def __init__(self, path: Path, first_row: int) -> None:
        self.path = path
        self.first_row = first_row
        self.rows = 0
        self._handle: IO[str] | None = path.open("w", encoding="utf-8")

    def write(self, xml: str, rows: int) -> None:
        """Append already formatted ``<row>`` elements (``rows`` of them)."""
        assert self._handle is not None, "body already closed"
        self._handle.write(xml)
        self.rows += rows

    @property
    def last_row(self) -> int:
        """The Excel row number of the last row of the sheet (frame included)."""
        return self.first_row + self.rows - 1

    def close(self) -> None:
        if self._handle is not None:
            self._handle.close()
            self._handle = None


def _sheet_parts(package: zipfile.ZipFile) -> dict[str, str]:
    """Sheet title → part name in the package, read from the workbook and its relationships."""
    workbook = ElementTree.fromstring(package.read("xl/workbook.xml"))
    rels = ElementTree.fromstring(package.read("xl/_rels/workbook.xml.rels"))
    targets = {}
    for rel in rels.iter(f"{_NS_PKG_REL}Relationship"):
        target = rel.get("Target", "")
        part = target.lstrip("/") if target.startswith("/") else str(PurePosixPath("xl", target))
        targets[rel.get("Id")] = part
    parts = {}
    for sheet in workbook.iter(f"{_NS_MAIN}sheet"):
        parts[sheet.get("name", "")] = targets[sheet.get(_NS_REL_ID)]
    return parts


def splice(source: Path, target: Path, bodies: Mapping[str, RawBody],
           strings: SharedStrings | None = None) -> None:
    """Copy the package ``source`` to ``target``, inserting each body into its sheet (by title)
    and the shared-string table the bodies refer to (when it has any)."""
    with zipfile.ZipFile(source) as package:
        parts = _sheet_parts(package)
        by_part = {parts[title]: body for title, body in bodies.items()}
        shared = strings is not None and len(strings) > 0
        if shared and _SHARED_STRINGS in package.namelist():
            raise ValueError("the frame already has a shared-string table")
        with zipfile.ZipFile(target, "w", zipfile.ZIP_DEFLATED) as out:
            for info in package.infolist():
                body = by_part.get(info.filename)
                if body is not None:
                    _splice_entry(package, out, info, body)
                elif shared and info.filename in _REGISTER_SHARED_STRINGS:
                    _write_entry(out, info, _register_shared_strings(package.read(info),
                                                                     info.filename))
                else:
                    _copy_entry(package, out, info)
            if shared:
                assert strings is not None
                _write_entry(out, zipfile.ZipInfo(_SHARED_STRINGS), strings.part())


_SHARED_STRINGS = "xl/sharedStrings.xml"
#: What the content types and the workbook's relationships gain for a shared-string table.
_REGISTER_SHARED_STRINGS = {
    "[Content_Types].xml": (b"</Types>", (
        b'<Override PartName="/xl/sharedStrings.xml" ContentType="application/'
        b'vnd.openxmlformats-officedocument.spreadsheetml.sharedStrings+xml"/></Types>')),
    "xl/_rels/workbook.xml.rels": (b"</Relationships>", (
        b'<Relationship Type="http://schemas.openxmlformats.org/officeDocument/2006/'
        b'relationships/sharedStrings" Target="/xl/sharedStrings.xml" Id="rIdMatcherStrings"/>'
        b"</Relationships>")),
}


def _register_shared_strings(xml: bytes, name: str) -> bytes:
    end, replacement = _REGISTER_SHARED_STRINGS[name]
    if xml.count(end) != 1:
        raise ValueError(f"cannot register the shared strings in {name}")
    return xml.replace(end, replacement)


def _write_entry(out: zipfile.ZipFile, info: zipfile.ZipInfo, data: bytes) -> None:
    entry = _entry(info)
    entry.file_size = len(data)
    with out.open(entry, "w") as dst:
        dst.write(data)


def _entry(info: zipfile.ZipInfo) -> zipfile.ZipInfo:
    """A new deflated entry named as ``info``, at :data:`COMPRESS_LEVEL`."""
    entry = zipfile.ZipInfo(info.filename, date_time=info.date_time)
    entry.compress_type = zipfile.ZIP_DEFLATED
    entry._compresslevel = COMPRESS_LEVEL  # type: ignore[attr-defined]  # open() ignores the archive's
    return entry


def _copy_entry(package: zipfile.ZipFile, out: zipfile.ZipFile, info: zipfile.ZipInfo) -> None:
    entry = _entry(info)
    entry.file_size = info.file_size
    with package.open(info) as src, out.open(entry, "w") as dst:
        shutil.copyfileobj(src, dst, _BLOCK)


def _splice_entry(package: zipfile.ZipFile, out: zipfile.ZipFile, info: zipfile.ZipInfo,
                  body: RawBody) -> None:
    frame = package.read(info)
    cut = frame.rfind(_SHEET_DATA_END)
    if cut < 0:
        raise ValueError(f"no sheetData end in {info.filename}")
    body.close()
    entry = _entry(info)
    entry.file_size = len(frame) + body.path.stat().st_size  # lets zipfile choose zip64
    with out.open(entry, "w") as dst:
        dst.write(frame[:cut])
        with body.path.open("rb") as src:
            shutil.copyfileobj(src, dst, _BLOCK)
        dst.write(frame[cut:])
