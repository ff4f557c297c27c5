"""A document's properties read defensively from its metadata.

Metadata comes from the text, from sidecars people write by hand and from
indexes written by older versions, so a value may be missing, a number where
text was expected (``title = 5``) or a list (``province = ["a", "b"]``).
Every front end reads properties through here and never fails on them.
"""

from __future__ import annotations

import re
from datetime import date

_DMY = re.compile(r"^\s*(\d{1,2})[/.-](\d{1,2})[/.-](\d{4})\s*$")
_ISO = re.compile(r"^\s*(\d{4})-(\d{2})-(\d{2})\s*$")


def as_text(value: object) -> str:
    """A metadata value as one line of text: lists joined, None empty."""
    if value is None:
        return ""
    if isinstance(value, list | tuple | set):
        return ", ".join(as_text(v) for v in value if as_text(v))
    return str(value).strip()


def as_values(value: object) -> list[str]:
    """A metadata value as the list of values it holds (a list keeps each)."""
    if isinstance(value, list | tuple | set):
        return [t for v in value if (t := as_text(v))]
    text = as_text(value)
    return [text] if text else []


def parse_date(text: str) -> date | None:
    """An ISO ``YYYY-MM-DD`` or Vietnamese ``dd/mm/yyyy`` date, or None when it is neither."""
    m = _ISO.match(text)
    if m:
        y, mo, d = (int(g) for g in m.groups())
    else:
        m = _DMY.match(text)
        if not m:
            return None
        d, mo, y = (int(g) for g in m.groups())
    try:
        return date(y, mo, d)
    except ValueError:
        return None


def iso_date(meta: dict) -> str:
    """The document's date as ISO ``YYYY-MM-DD``, or "" when unknown."""
    day = parse_date(as_text(meta.get("date")))
    return day.isoformat() if day else ""


def year_of(meta: dict) -> int | None:
    """The document's year, from its date or its ``year``."""
    day = parse_date(as_text(meta.get("date")))
    if day:
        return day.year
    m = re.fullmatch(r"\s*(\d{4})\s*", as_text(meta.get("year")))
    return int(m.group(1)) if m else None


def date_span(meta: dict) -> tuple[date, date] | None:
    """The days the document may date from: its date, or its whole year when only that is known."""
    day = parse_date(as_text(meta.get("date")))
    if day:
        return day, day
    year = year_of(meta)
    if year is None or not 1 <= year <= 9999:
        return None
    return date(year, 1, 1), date(year, 12, 31)


def newest_first(meta: dict) -> tuple:
    """A sort key putting the newest documents first, undated ones last."""
    span = date_span(meta)
    return (0, -span[1].toordinal(), -span[0].toordinal()) if span else (1, 0, 0)
