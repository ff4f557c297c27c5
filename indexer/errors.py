"""Small domain exceptions, each with a one-line message fit for a user."""


class NghiquyetError(Exception):
    """Base class: the CLI and the page turn these into one clear line.

    ``str(e)`` is the English line the CLI prints; ``e.vi`` the Vietnamese one
    the page and the JSON API show (the English one when none was given).
    """

    def __init__(self, message: str = "", vi: str | None = None):
        super().__init__(message)
        self.vi = vi or message


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
