"""Small domain exceptions, each with a one-line message fit for a user.

``str(e)`` is the English line the command line prints after ``Error:``;
``e.vi`` is the Vietnamese line the page and the JSON API show (the English
one until a raiser gives a translation). Nothing here ever carries a
traceback to a user: the front ends catch :class:`NghiquyetError` and print
or render its line.
"""

from __future__ import annotations


class NghiquyetError(Exception):
    """Base class: the CLI and the page turn these into one clear line."""

    def __init__(self, message: str = "", vi: str | None = None):
        super().__init__(message)
        self.vi = vi if vi is not None else message


class UnreadableFile(NghiquyetError):
    """A corpus file that cannot be read or decoded, or holds no paragraphs."""


class IndexMissing(NghiquyetError):
    """No index exists where one was expected."""


class IndexBusy(NghiquyetError):
    """Another process is writing the index."""


class QueryError(NghiquyetError):
    """A query that cannot be answered as typed."""


class IndexOutdated(IndexMissing):
    """An index written by another version, with other fields: as good as none."""


class IndexStale(NghiquyetError):
    """The index was built with other settings (an abbreviation table) than the ones in force."""


class NotAnIndex(NghiquyetError):
    """A folder given as the index that holds something else: never written into."""


class BadMetadata(NghiquyetError):
    """Metadata given by hand (a date, a year) that cannot be what it claims."""
