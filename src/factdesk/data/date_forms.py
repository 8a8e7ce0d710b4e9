"""Dates as editors type them, read as YYYY-MM-DD when they can mean only one date.

Files keep one form, YYYY-MM-DD: it sorts, and it reads the same in every country. But an editor
copies "27 September 2022" from an article, or types 27/09/2022 as their country writes it. The
`check` suggests the form it means, and `factdesk new` takes it, showing what it understood.
A date such as 03/04/2022 is 3 April in Europe and March 4 in the United States: that one is
never guessed, and the editor is told both readings.
"""

from __future__ import annotations

import calendar
import re
import unicodedata
from dataclasses import dataclass
from datetime import date

_MONTHS = {name.casefold(): number for number, name in enumerate(calendar.month_name) if name}
_MONTHS.update({name.casefold(): number for number, name in enumerate(calendar.month_abbr) if name})
_MONTHS["sept"] = 9
_MONTH = "(" + "|".join(sorted(_MONTHS, key=len, reverse=True)) + r")\.?"
_DAY = r"(\d{1,2})(?:st|nd|rd|th)?"

_YEAR_FIRST = re.compile(r"(\d{4})\s*[-/.年]\s*(\d{1,2})\s*[-/.月]\s*(\d{1,2})\s*日?")
_YEAR_LAST = re.compile(r"(\d{1,2})\s*([-/.])\s*(\d{1,2})\s*\2\s*(\d{4})")
_DAY_MONTH_YEAR = re.compile(_DAY + r"\s+(?:of\s+)?" + _MONTH + r",?\s+(\d{4})", re.IGNORECASE)
_MONTH_DAY_YEAR = re.compile(_MONTH + r"\s+" + _DAY + r",?\s+(\d{4})", re.IGNORECASE)


@dataclass(frozen=True)
class Reading:
    """What a typed date was read as: `iso`, the date as YYYY-MM-DD; or, when it could be two
    dates, `both`, its two readings. A reading that is no real day (31/02/2022) is none."""

    iso: str | None = None
    both: tuple[str, str] | None = None

    def explained(self, text: str) -> str:
        """Why the date was not taken, for an editor who typed `text`."""
        if self.both is None:
            return "write it YYYY-MM-DD, e.g. 2022-09-27 for 27 September 2022"
        day_first, month_first = self.both
        return (f"`{text}` could be {_spoken(day_first)} or {_spoken(month_first)}: write it YYYY-MM-DD, "
                f"`{day_first}` or `{month_first}`")


def read(text: str) -> Reading:
    """`text` as YYYY-MM-DD, if it is a date in a form that has one reading."""
    text = unicodedata.normalize("NFKC", text).strip()  # full-width digits, as Japanese text has them
    if match := _YEAR_FIRST.fullmatch(text):
        return Reading(_iso(*match.groups()))
    if match := _DAY_MONTH_YEAR.fullmatch(text):
        day, month, year = match.groups()
        return Reading(_iso(year, str(_MONTHS[month.casefold()]), day))
    if match := _MONTH_DAY_YEAR.fullmatch(text):
        month, day, year = match.groups()
        return Reading(_iso(year, str(_MONTHS[month.casefold()]), day))
    if match := _YEAR_LAST.fullmatch(text):
        first, _, second, year = match.groups()
        day_first, month_first = _iso(year, second, first), _iso(year, first, second)
        if day_first and month_first and day_first != month_first:
            return Reading(both=(day_first, month_first))
        return Reading(day_first or month_first)
    return Reading()


def _iso(year: str, month: str, day: str) -> str | None:
    try:
        return date(int(year), int(month), int(day)).isoformat()
    except ValueError:  # no such day
        return None


def _spoken(iso: str) -> str:
    year, month, day = (int(part) for part in iso.split("-"))
    return f"{day} {calendar.month_name[month]} {year}"
