"""Numbers spelled in words and numbers padded with zeros, read as their value.

Why: laws write ages, terms and counts in words ("người chưa đủ mười tám
tuổi", "thời hạn ba mươi ngày") and people ask in digits ("18 tuổi", "30
ngày"); numbers of articles, clauses and dates are padded with zeros ("Điều
03", "ngày 05") as often as not. The syllable tokenizer adds a number's value
as one more token where the number stands, in the text and in the query
alike, so a typed value finds both spellings.

The range is closed on purpose: only numbers of at least two words with a
tens or hundreds word ("mười lăm", "hai mươi mốt", "một trăm linh năm",
10–999). A single digit word is not read: "năm" is also "year", "ba" also
"father", "một" also "a".
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from itertools import pairwise

from analyzers.text import canonical

_DIGITS = {
    "không": 0,
    "một": 1,
    "mốt": 1,
    "hai": 2,
    "ba": 3,
    "bốn": 4,
    "tư": 4,
    "năm": 5,
    "lăm": 5,
    "sáu": 6,
    "bảy": 7,
    "bẩy": 7,
    "tám": 8,
    "chín": 9,
}
# How a units word may follow a tens word: "mốt" and "tư" only after "mươi",
# "lăm" after either; "mốt" and "lăm" never stand first. Five after a tens
# word is "lăm": "mười năm", "hai mươi năm" are ten and twenty years.
_FIRST = {canonical(w): v for w, v in _DIGITS.items() if w not in {"mốt", "lăm", "tư"}}
_AFTER_MUOI = {canonical(w): v for w, v in _DIGITS.items() if w not in {"mốt", "tư", "không", "năm"}}
_AFTER_MUOI_TENS = {canonical(w): v for w, v in _DIGITS.items() if w not in {"không", "năm"}}
_UNITS_AFTER_ZERO = {canonical(w): v for w, v in _DIGITS.items() if w not in {"mốt", "lăm", "tư", "không", "năm"}}
_TEN = canonical("mười")
_TENS = canonical("mươi")
_HUNDRED = canonical("trăm")
_ZERO = {canonical("linh"), canonical("lẻ")}
# Words a spelled number may start with: read further only after one of them.
STARTS = frozenset({*_FIRST, _TEN})
_LONGEST = 5  # words of the longest number read ("chín trăm chín mươi chín")

_PADDED = re.compile(r"0+[0-9]+")
# Every number read here has a tens or hundreds word: a text without one is not searched further.
_TENS_OR_HUNDREDS = re.compile("mười|mươi|trăm", re.IGNORECASE)


def might_spell_number(text: str) -> bool:
    """Whether ``text`` (NFC) holds a tens or hundreds word, without which no number is spelled."""
    return _TENS_OR_HUNDREDS.search(text) is not None


def padded_value(token: str) -> str | None:
    """The value of a number written with leading zeros ("03" → "3", "007" → "7"), else None."""
    if not _PADDED.fullmatch(token):
        return None
    return str(int(token))


def _tens(words: Sequence[str], i: int) -> tuple[int, int] | None:
    """A number below 100 of at least two words spelled from ``words[i]``: (value, words read)."""
    n = len(words)
    if i < n and words[i] == _TEN:  # mười, mười một … mười chín
        if i + 1 < n and words[i + 1] in _AFTER_MUOI:
            return 10 + _AFTER_MUOI[words[i + 1]], 2
        return 10, 1
    if i + 1 < n and words[i] in _FIRST and _FIRST[words[i]] >= 2 and words[i + 1] == _TENS:
        tens = 10 * _FIRST[words[i]]
        if i + 2 < n and words[i + 2] in _AFTER_MUOI_TENS:
            return tens + _AFTER_MUOI_TENS[words[i + 2]], 3
        return tens, 2
    return None


def spelled(words: Sequence[str], i: int) -> tuple[int, int] | None:
    """The number of at least two words spelled from ``words[i]`` (canonical syllables),
    as (value, how many words), or None. From 10 to 999."""
    n = len(words)
    if i + 1 < n and words[i] in _FIRST and _FIRST[words[i]] >= 1 and words[i + 1] == _HUNDRED:
        hundreds = 100 * _FIRST[words[i]]
        if i + 3 < n and words[i + 2] in _ZERO and words[i + 3] in _UNITS_AFTER_ZERO:
            return hundreds + _UNITS_AFTER_ZERO[words[i + 3]], 4
        rest = _tens(words, i + 2)
        if rest is not None:
            return hundreds + rest[0], 2 + rest[1]
        return hundreds, 2
    found = _tens(words, i)
    if found is None or found[1] < 2:
        return None
    return found


def spelled_runs(words: Sequence[str], apart: Sequence[bool]) -> dict[int, tuple[int, int]]:
    """The spelled numbers of a text's words (any case, any tone placement), as
    {first word: (last word, value)}; ``apart[k]`` says that something other
    than spaces stands between words ``k`` and ``k + 1`` (a comma, a code's
    glue), which a number never spans."""
    out: dict[int, tuple[int, int]] = {}
    i, n = 0, len(words)
    while i < n:
        if canonical(words[i]) not in STARTS:
            i += 1
            continue
        end = i + 1
        while end < min(n, i + _LONGEST) and not apart[end - 1]:
            end += 1
        found = spelled([canonical(w) for w in words[i:end]], 0) if end > i + 1 else None
        if found is None:
            i += 1
            continue
        out[i] = (i + found[1] - 1, found[0])
        i += found[1]
    return out


_WORD = re.compile(r"[^\W_]+")
_CODE_GLUE = set("-/.,–")


def fold_numbers(text: str) -> str:
    """``text`` with every spelled or zero-padded number written as its digits.

    What a number means, whatever its spelling: "mười tám tuổi", "18 tuổi"
    and "018 tuổi" all read "18 tuổi" (the rules of :func:`spelled_runs` and
    :func:`padded_value`, which the tokenizer follows); a code glued by one
    mark ("03/2015/QH13") is left as it is.
    """
    found = list(_WORD.finditer(text))
    gaps = [text[a.end() : b.start()] for a, b in pairwise(found)]
    apart = [not gap.isspace() for gap in gaps]
    glued = [False, *(gap in _CODE_GLUE for gap in gaps), False]  # inside a code ("03/2015") nothing changes
    runs = spelled_runs([m.group() for m in found], apart)
    out: list[str] = []
    at = i = 0
    while i < len(found):
        m = found[i]
        last, value = runs.get(i, (i, None))
        if value is None and not (glued[i] or glued[i + 1]):
            value = padded_value(m.group())
        if value is not None:
            out.append(text[at : m.start()] + str(value))
            at = found[last].end()
        i = last + 1
    out.append(text[at:])
    return "".join(out)


# A range of values, "từ [đủ] A [tuổi] đến [chưa đủ] B tuổi", "từ năm A đến năm B".
_FROM = canonical("từ")
_TO = frozenset({canonical("đến"), canonical("tới")})
_ROOM = 2  # words that may stand between "từ" or "đến" and its number ("đủ", "chưa đủ", "năm")
MAX_INNER = 30  # values a range adds at most: a wider one ("từ 100 đến 500 triệu") is not a list of values


def inner_values(words: Sequence[str], numbers: dict[int, tuple[int, int]]) -> dict[int, tuple[int, range]]:
    """The values strictly between the bounds of each range "từ A … đến B" of a text.

    Why: statutes state ages, terms and years as ranges ("người từ đủ mười
    lăm tuổi đến chưa đủ mười tám tuổi", "phạt tù từ 02 năm đến 07 năm",
    "từ năm 2021 đến năm 2025"), and people ask about one value inside ("16
    tuổi", "5 năm", "năm 2023"). The tokenizer adds each inner value where
    the upper bound stands, so "16 tuổi" finds "… đến chưa đủ mười tám tuổi"
    side by side; both bounds are already values of their own. ``numbers``:
    {first word: (last word, value)} of every number of the text. Returns
    {upper bound's last word: (lower bound's first word, inner values)}.
    """
    out: dict[int, tuple[int, range]] = {}
    firsts = sorted(numbers)
    for lower, upper in pairwise(firsts):
        low_end, low = numbers[lower]
        high_end, high = numbers[upper]
        if not 1 < high - low <= MAX_INNER + 1:
            continue
        before = [canonical(w) for w in words[max(0, lower - 1 - _ROOM) : lower]]
        if _FROM not in before:
            continue
        between = [canonical(w) for w in words[low_end + 1 : upper]]
        to = next((k for k, w in enumerate(between) if w in _TO), None)
        if to is None or to > 1 or len(between) - to - 1 > _ROOM:
            continue
        out[high_end] = (lower, range(low + 1, high))
    return out
