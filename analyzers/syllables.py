"""Split Vietnamese text into syllable tokens with positions and original offsets.

Why syllables: pyvi's word segmentation changes with context, letter case and
tone style, so matching (terms and phrases) rests on syllables, which are
stable. Every token keeps the character offsets of the original text it came
from, so a highlight always marks what the document actually says.

Three rewrites happen here, because they need the original letter case and the
neighbouring characters that later filters no longer see:

- abbreviations written in capitals (KCN, UBND) are expanded into the
  syllables they stand for, each carrying the abbreviation's offsets;
- roman numerals written in capitals (Sơn Mỹ II, khóa XIII) also yield their
  arabic value at the same position, unless they number a heading ("II.");
- numbers spelled in words ("mười tám") and padded with zeros ("03") also
  yield their value ("18", "3"), see :mod:`analyzers.numbers`; in the text
  (not a query), a range "từ A … đến B" also yields the values between A and
  B where B stands, spanning the range's offsets;
- inside a document code or number (08-NQ/TU, 51/2021/NĐ-CP, 18,33%) nothing
  is rewritten: its parts are indexed as consecutive tokens.
"""

from __future__ import annotations

import contextlib
import hashlib
import re
from collections.abc import Iterable, Iterator
from contextvars import ContextVar
from dataclasses import dataclass, field
from functools import cached_property, lru_cache
from pathlib import Path

from analyzers.numbers import inner_values, might_spell_number, padded_value, spelled_runs
from analyzers.text import nfc

# Letters and digits, with any combining marks (text in NFD keeps its syllables whole).
_WORD = re.compile(r"[^\W_](?:[^\W_]|[\u0300-\u036f\u1dc0-\u1dff\u20d0-\u20ff])*")
# Characters that glue two tokens into one code when they stand between them
# with no space: 08-NQ/TU, 213.000, 18,33, 2016-2020.
_CODE_GLUE = set("-/.,–")
# The same words, with the text between them kept: [gap, word, gap, word, …, gap].
_WORD_AND_GAPS = re.compile(f"({_WORD.pattern})")
_DIGIT = re.compile(r"\d").search
_FROM_WORD = re.compile(r"(?:^|\s)từ\s", re.IGNORECASE)
_ROMAN = re.compile(r"^(X{0,3})(IX|IV|V?I{0,3})$")
_ROMAN_VALUES = {"I": 1, "V": 5, "X": 10}
# Roman numerals that are also Vietnamese syllables in all-capital text
# ("VI PHẠM", "XI MĂNG").
_AMBIGUOUS_ROMAN = {"VI", "XI"}

ABBREVIATIONS_FILE = Path(__file__).with_name("abbreviations.tsv")


@dataclass(frozen=True, slots=True)
class Syllable:
    """One token: its text (original case), position, and offsets in the input."""

    text: str
    pos: int
    start: int
    end: int


@dataclass(frozen=True, slots=True)
class Abbreviation:
    short: str
    expansion: tuple[str, ...]
    anycase: bool


@lru_cache(maxsize=8)
def load_abbreviations(path: str | None = None) -> dict[str, Abbreviation]:
    """Read the abbreviation table (a TSV a user may extend) keyed by capitals."""
    source = Path(path) if path else ABBREVIATIONS_FILE
    return _parse_table(source.read_text(encoding="utf-8"))


def _parse_table(text: str) -> dict[str, Abbreviation]:
    table: dict[str, Abbreviation] = {}
    for line in text.splitlines():
        if not line.strip() or line.lstrip().startswith("#"):
            continue
        cols = line.split("\t")
        short = nfc(cols[0].strip())
        expansion = tuple(nfc(cols[1]).split()) if len(cols) > 1 else ()
        anycase = len(cols) > 2 and cols[2].strip().lower() == "anycase"
        if short and expansion:
            table[short.upper()] = Abbreviation(short.upper(), expansion, anycase)
    return table


@dataclass(frozen=True, eq=False)
class AbbreviationTable:
    """The abbreviations in force: the packaged table, then the user's files on top.

    Equal (and hashed) by content digest, so caches keyed by it never mix
    the analyses of two tables, and an index can record which one it used.
    """

    entries: dict[str, Abbreviation] = field(default_factory=dict)

    @cached_property
    def text(self) -> str:
        """The table as TSV, one line per abbreviation in a stable order."""
        return "".join(
            f"{a.short}\t{' '.join(a.expansion)}\t{'anycase' if a.anycase else ''}\n"
            for a in sorted(self.entries.values(), key=lambda a: a.short)
        )

    @cached_property
    def digest(self) -> str:
        return hashlib.sha256(self.text.encode("utf-8")).hexdigest()[:16]

    def __hash__(self) -> int:  # cached: the analysis caches hash the table for every paragraph
        return hash(self.digest)

    def __eq__(self, other) -> bool:
        return isinstance(other, AbbreviationTable) and self.digest == other.digest

    @classmethod
    def from_files(cls, extra: Iterable[Path] = ()) -> AbbreviationTable:
        """The packaged table with each of ``extra`` read on top (a later line wins)."""
        entries = dict(load_abbreviations())
        for path in extra:
            entries.update(_parse_table(Path(path).read_text(encoding="utf-8")))
        return cls(entries)

    @classmethod
    def from_text(cls, text: str) -> AbbreviationTable:
        return cls(_parse_table(text))


_ACTIVE: ContextVar[AbbreviationTable | None] = ContextVar("abbreviations", default=None)


@contextlib.contextmanager
def using_abbreviations(table: AbbreviationTable) -> Iterator[None]:
    """Analyse with ``table`` inside the block (this thread or task, and processes it forks)."""
    token = _ACTIVE.set(table)
    try:
        yield
    finally:
        _ACTIVE.reset(token)


def active_abbreviations() -> AbbreviationTable:
    """The table set by :func:`using_abbreviations`, else the packaged one."""
    table = _ACTIVE.get()
    return table if table is not None else _packaged()


@lru_cache(maxsize=1)
def _packaged() -> AbbreviationTable:
    return AbbreviationTable(load_abbreviations())


def roman_value(token: str) -> int | None:
    """The value of a capital roman numeral from I to XXXIX, else None."""
    if not token or not _ROMAN.match(token):
        return None
    total = 0
    prev = 0
    for ch in reversed(token):
        value = _ROMAN_VALUES[ch]
        total = total - value if value < prev else total + value
        prev = max(prev, value)
    return total


def _is_caps_word(token: str) -> bool:
    return len(token) >= 2 and token.isalpha() and token.isupper()


def syllables(text: str, *, query: bool = False) -> Iterator[Syllable]:
    """Yield the syllable tokens of ``text`` (expected NFC) in order.

    ``query=True`` applies the query-side reading of abbreviations: a lower-case
    abbreviation marked ``anycase`` is expanded too ("kcn son my").
    """
    if len(text) > CACHE_TEXT_LIMIT:
        return iter(_syllables(text, query, active_abbreviations()))
    return iter(syllable_tuple(text, query, active_abbreviations()))


CACHE_TEXT_LIMIT = 20_000  # characters; a 400,000-character table is not worth keeping


@lru_cache(maxsize=32)
def syllable_tuple(text: str, query: bool = False, table: AbbreviationTable | None = None) -> tuple[Syllable, ...]:
    """The tokens of ``text``, cached: the index analyses each paragraph twice
    in a row (exact and folded fields)."""
    return _syllables(text, query, table or active_abbreviations())


def _syllables(text: str, query: bool, table: AbbreviationTable) -> tuple[Syllable, ...]:
    abbrevs = table.entries
    words = [(m.group(), m.start(), m.end()) for m in _WORD.finditer(text)]
    n = len(words)
    in_code = _code_words(text, words)
    value_at = _number_values(text, words, in_code)
    inner = {} if query else _ranges([w[0] for w in words], in_code, value_at)
    extra: dict[int, list[Syllable]] = {}

    out: list[Syllable] = []
    pos = 0
    for idx, (word, start, end) in enumerate(words):
        if idx in inner:  # the values inside a range, after its upper bound's own tokens
            lower, values = inner[idx]
            extra[pos] = [Syllable(str(v), pos, words[lower][1], end) for v in values]
        if idx in value_at:
            value, value_start, value_end = value_at[idx]
            out.append(Syllable(word, pos, start, end))
            out.append(Syllable(value, pos, value_start, value_end))
            pos += 1
            continue
        if in_code[idx] or (word.islower() and not query):
            out.append(Syllable(word, pos, start, end))
            pos += 1
            continue
        padded = padded_value(word) if word[0] == "0" else None
        if padded is not None:  # "03" is also "3"
            out.append(Syllable(word, pos, start, end))
            out.append(Syllable(padded, pos, start, end))
            pos += 1
            continue
        upper = word.upper()
        abbr = abbrevs.get(upper)
        if abbr is not None and (word == upper or (query and abbr.anycase)):
            for syl in abbr.expansion:
                out.append(Syllable(syl, pos, start, end))
                pos += 1
            continue
        value = roman_value(word) if word[0] in "IVX" else None
        if value is not None and not _heading_number(text, start, end):
            ambiguous = word in _AMBIGUOUS_ROMAN and (
                (idx > 0 and _is_caps_word(words[idx - 1][0]) and roman_value(words[idx - 1][0]) is None)
                or (idx + 1 < n and _is_caps_word(words[idx + 1][0]) and roman_value(words[idx + 1][0]) is None)
            )
            if not ambiguous:
                out.append(Syllable(word, pos, start, end))
                out.append(Syllable(str(value), pos, start, end))
                pos += 1
                continue
        out.append(Syllable(word, pos, start, end))
        pos += 1
    return tuple(_placed(out, extra, lambda t: t.pos) if extra else out)


def _second(token: tuple[str, int]) -> int:
    return token[1]


def _placed(tokens: list, extra: dict[int, list], pos_of) -> list:
    """``tokens`` with ``extra[p]`` after the tokens of position ``p``."""
    out: list = []
    for k, token in enumerate(tokens):
        out.append(token)
        p = pos_of(token)
        if p in extra and (k + 1 == len(tokens) or pos_of(tokens[k + 1]) != p):
            out.extend(extra[p])
    return out


def _ranges(
    words: list[str], in_code: list[bool] | None, spelled: dict[int, tuple[str, int, int]] | dict[int, str]
) -> dict[int, tuple[int, range]]:
    """:func:`analyzers.numbers.inner_values` of the numbers of ``words``: spelled (``spelled``,
    keyed by first and last word) or in digits, not inside a code."""
    if not _FROM_WORD.search(" ".join(words)):
        return {}
    numbers: dict[int, tuple[int, int]] = {}
    k = 0
    while k < len(words):
        if k in spelled:
            last = next((j for j in range(k + 1, min(k + 5, len(words))) if j in spelled), k)
            found = spelled[k]
            numbers[k] = (last, int(found if isinstance(found, str) else found[0]))
            k = last + 1
            continue
        # isdecimal, not isdigit: "³" (m³) is a digit that int() does not read.
        if words[k].isdecimal() and len(words[k]) <= 4 and not (in_code is not None and in_code[k]):
            numbers[k] = (k, int(words[k]))
        k += 1
    return inner_values(words, numbers) if len(numbers) >= 2 else {}


def _code_words(text: str, words: list[tuple[str, int, int]]) -> list[bool]:
    """Which words belong to a code: glued to a neighbour by one punctuation
    character, in a group that holds a digit or a slash (NQ/TU)."""
    n = len(words)
    in_code = [False] * n
    i = 0
    while i < n:
        j = i
        slash = False
        while j + 1 < n and words[j + 1][1] - words[j][2] == 1 and text[words[j][2]] in _CODE_GLUE:
            slash = slash or text[words[j][2]] == "/"
            j += 1
        if j > i and (slash or any(_DIGIT(w[0]) for w in words[i : j + 1])):
            for k in range(i, j + 1):
                in_code[k] = True
        i = j + 1
    return in_code


def _number_values(
    text: str, words: list[tuple[str, int, int]], in_code: list[bool]
) -> dict[int, tuple[str, int, int]]:
    """The value of each spelled number ("mười tám" → "18") with the number's offsets, keyed by
    its first and its last word: there it is one more token, so "18 tuổi" and "đủ 18" both find
    "đủ mười tám tuổi"."""
    if not might_spell_number(text):
        return {}
    apart = [in_code[k] or not text[words[k][2] : words[k + 1][1]].isspace() for k in range(len(words) - 1)]
    value_at: dict[int, tuple[str, int, int]] = {}
    for first, (last, value) in spelled_runs([w[0] for w in words], apart).items():
        value_at[first] = value_at[last] = (str(value), words[first][1], words[last][2])
    return value_at


def index_syllables(text: str, table: AbbreviationTable) -> list[tuple[str, int]]:
    """The (text, position) of each token :func:`syllables` gives for ``text`` (index mode, NFC), without offsets.

    Why a second pass: the index writer needs no character offsets (only
    highlighting does), and building a ``Syllable`` with its offsets per
    token was most of the analysis of a paragraph. Same rules, same tokens
    (``tests/test_fast_analysis.py`` holds the two equal).
    """
    parts = _WORD_AND_GAPS.split(text)
    words = parts[1::2]
    n = len(words)
    # gaps[k] stands before words[k]; gaps[k + 1] after it.
    gaps = parts[0::2]
    in_code = _glued_codes(words, gaps)
    value_at: dict[int, str] = {}
    if might_spell_number(text):
        apart = [(in_code is not None and in_code[k]) or not gaps[k + 1].isspace() for k in range(n - 1)]
        for first, (last, value) in spelled_runs(words, apart).items():
            value_at[first] = value_at[last] = str(value)
    inner = _ranges(words, in_code, value_at)
    extra: dict[int, list[tuple[str, int]]] = {}
    abbrevs = table.entries
    out: list[tuple[str, int]] = []
    pos = 0
    for idx, word in enumerate(words):
        if idx in inner:
            extra[pos] = [(str(v), pos) for v in inner[idx][1]]
        if idx in value_at:
            out.append((word, pos))
            out.append((value_at[idx], pos))
            pos += 1
            continue
        if word.islower() or (in_code is not None and in_code[idx]):
            out.append((word, pos))
            pos += 1
            continue
        padded = padded_value(word) if word[0] == "0" else None
        if padded is not None:  # "03" is also "3"
            out.append((word, pos))
            out.append((padded, pos))
            pos += 1
            continue
        upper = word.upper()
        abbr = abbrevs.get(upper)
        if abbr is not None and word == upper:
            for syl in abbr.expansion:
                out.append((syl, pos))
                pos += 1
            continue
        value = roman_value(word) if word[0] in "IVX" else None
        heading = idx == 0 and not gaps[0].strip() and gaps[1][:1] in {".", "-", "–", ")"}
        if value is not None and not heading:
            ambiguous = word in _AMBIGUOUS_ROMAN and (
                (idx > 0 and _is_caps_word(words[idx - 1]) and roman_value(words[idx - 1]) is None)
                or (idx + 1 < n and _is_caps_word(words[idx + 1]) and roman_value(words[idx + 1]) is None)
            )
            if not ambiguous:
                out.append((word, pos))
                out.append((str(value), pos))
                pos += 1
                continue
        out.append((word, pos))
        pos += 1
    return _placed(out, extra, _second) if extra else out


def _glued_codes(words: list[str], gaps: list[str]) -> list[bool] | None:
    """:func:`_code_words` over split words and the gaps around them (``gaps[k]`` before
    ``words[k]``); None when no two words are glued (most paragraphs)."""
    n = len(words)
    glued = [len(g) == 1 and g in _CODE_GLUE for g in gaps[1:n]]  # glued[k]: words k and k + 1 form one code
    if not any(glued):
        return None
    in_code = [False] * n
    i = 0
    while i < n:
        j = i
        slash = False
        while j + 1 < n and glued[j]:
            slash = slash or gaps[j + 1] == "/"
            j += 1
        if j > i and (slash or any(_DIGIT(w) for w in words[i : j + 1])):
            for k in range(i, j + 1):
                in_code[k] = True
        i = j + 1
    return in_code


def _heading_number(text: str, start: int, end: int) -> bool:
    """A roman numeral that opens the text and is followed by "." or "-" numbers a heading."""
    return not text[:start].strip() and text[end : end + 1] in {".", "-", "–", ")"}
