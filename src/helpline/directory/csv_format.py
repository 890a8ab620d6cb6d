"""Reading a directory CSV file: the header, then one checked row per resource, each bad row named by line.

Columns (any order, names case-insensitive): ``key,name,description,needs,eligibility,contact,url,regions`` and,
optionally, ``active``. See docs/directory.md.
"""

from __future__ import annotations

import csv
import io
import re
from collections.abc import Iterator
from dataclasses import dataclass
from urllib.parse import urlsplit

from helpline.directory.needs import parse_need_codes
from helpline.directory.places import parse_regions
from helpline.errors import ImportFailed

COLUMNS = ("key", "name", "description", "needs", "eligibility", "contact", "url", "regions")
OPTIONAL_COLUMNS = ("active",)
_TRUE = {"", "yes", "y", "true", "1", "active"}
_FALSE = {"no", "n", "false", "0", "inactive", "withdrawn"}
_LIMITS = {"key": 200, "name": 300, "needs": 500}
_SNIFF_BYTES = 8192


@dataclass(frozen=True)
class ResourceRow:
    """One good row, normalised as it is stored."""

    line: int
    key: str
    name: str
    description: str
    needs: str
    eligibility: str
    contact: str
    url: str | None
    regions: str
    active: bool


@dataclass(frozen=True)
class RowProblem:
    """A row that was skipped: its line number in the file (counting from 1, the header being line 1) and why."""

    line: int
    reason: str


def decode(data: bytes, name: str) -> str:
    """The file as text. Bytes that are not UTF-8 are kept as surrogates, so the rows holding them can be named."""
    if not data.strip():
        raise ImportFailed(f"{name}: the file is empty")
    if b"\x00" in data[:_SNIFF_BYTES]:
        raise ImportFailed(f"{name}: not a CSV file (it holds binary data); nothing was imported")
    return data.decode("utf-8", errors="surrogateescape").removeprefix("\ufeff")


def _bad_bytes(values: list[str]) -> bool:
    return any(re.search("[\udc80-\udcff]", value) for value in values)


def _slug(text: str) -> str:
    return re.sub(r"[^a-z0-9]+", "-", text.lower()).strip("-")


def read_rows(text: str, name: str) -> Iterator[ResourceRow | RowProblem]:
    """Each data row of ``text``, checked. A file without the expected header raises ImportFailed."""
    reader = csv.reader(io.StringIO(text, newline=""))
    columns = _header(reader, name)
    line_end = reader.line_num
    while True:
        start = line_end + 1
        try:
            values = next(reader)
        except StopIteration:
            return
        except csv.Error as error:
            raise ImportFailed(f"{name}: line {start}: not readable as CSV ({error}); nothing was imported") \
                from None
        line_end = reader.line_num
        if not values or all(not value.strip() for value in values):
            continue  # blank lines are allowed between rows
        checked = check_row(start, values, columns)
        if isinstance(checked, RowProblem) and line_end > start and len(values) < len(columns):
            checked = RowProblem(start, f"{checked.reason}; lines {start} to {line_end} were read as this one "
                                        "row: is a double quote left open?")
        yield checked


def _header(reader: Iterator[list[str]], name: str) -> list[str]:
    try:
        values = next((row for row in reader if any(value.strip() for value in row)), None)
    except csv.Error as error:
        raise ImportFailed(f"{name}: not readable as CSV ({error}); nothing was imported") from None
    expected = ",".join(COLUMNS)
    if values is None:
        raise ImportFailed(f"{name}: the file is empty")
    if _bad_bytes(values):
        raise ImportFailed(f"{name}: the header row is not UTF-8 text; is this a CSV file?")
    columns = [value.strip().lower() for value in values]
    missing = [column for column in COLUMNS if column not in columns]
    unknown = [column for column in columns if column not in COLUMNS + OPTIONAL_COLUMNS]
    if missing and len(missing) >= len(COLUMNS) - 1:
        raise ImportFailed(f"{name}: no header row; the first line must name the columns {expected}")
    if missing or unknown:
        parts = [f"missing column(s) {', '.join(missing)}"] if missing else []
        parts += [f"unknown column(s) {', '.join(unknown)}"] if unknown else []
        raise ImportFailed(f"{name}: bad header ({'; '.join(parts)}); expected {expected}[,active]")
    duplicated = sorted({column for column in columns if columns.count(column) > 1})
    if duplicated:
        raise ImportFailed(f"{name}: bad header (column(s) named twice: {', '.join(duplicated)})")
    return columns


def check_row(line: int, values: list[str], columns: list[str]) -> ResourceRow | RowProblem:
    """A row as a ResourceRow, or the reasons it cannot be imported, joined."""
    if len(values) != len(columns):
        return RowProblem(line, f"has {len(values)} fields, the header has {len(columns)} "
                                "(a comma inside a value needs the value in double quotes)")
    if _bad_bytes(values):
        return RowProblem(line, "holds bytes that are not UTF-8 text (save the file as CSV UTF-8)")
    cell = {column: value.strip() for column, value in zip(columns, values, strict=True)}
    problems = [f"{column} is empty" for column in ("name", "contact", "needs") if not cell[column]]
    problems += [f"{column} is longer than {limit} characters"
                 for column, limit in _LIMITS.items() if len(cell[column]) > limit]
    codes, need_problems = parse_need_codes(cell["needs"])
    problems += need_problems
    regions, region_problems = parse_regions(cell["regions"])
    problems += region_problems
    url = cell["url"] or None
    if url is not None and not _is_web_address(url):
        problems.append(f"bad URL {url!r} (an http:// or https:// address)")
    active_text = cell.get("active", "").lower()
    if active_text not in _TRUE | _FALSE:
        problems.append(f"bad active value {cell['active']!r} (yes or no)")
    key = cell["key"] or _slug(cell["name"])
    if not key and cell["name"]:
        problems.append("key is empty and cannot be made from the name")
    if problems:
        return RowProblem(line, "; ".join(problems))
    return ResourceRow(line, key, " ".join(cell["name"].split()), cell["description"], ",".join(codes),
                       cell["eligibility"], cell["contact"], url, regions, active_text in _TRUE)


def _is_web_address(url: str) -> bool:
    try:
        parts = urlsplit(url)
    except ValueError:
        return False
    return (parts.scheme in ("http", "https") and "." in parts.netloc and not any(c.isspace() for c in url))
